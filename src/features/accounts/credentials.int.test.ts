import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/server/password";
import { authorizeCredentials, retryAfterFromCode, TooManyAttempts } from "./credentials";
import { createPasswordUser } from "./queries";

const PASSWORD = "a long and unusual passphrase";

async function newUser() {
  const email = `user-${randomUUID()}@example.test`;
  await createPasswordUser({ name: "Test User", email, passwordHash: await hashPassword(PASSWORD) });
  return email;
}

function request(ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return new Request("http://localhost:3000/api/auth/callback/credentials", { headers: { "x-forwarded-for": ip } });
}

describe("authorizeCredentials", () => {
  it("returns the user's public fields for the right password", async () => {
    const email = await newUser();
    const user = await authorizeCredentials({ email: email.toUpperCase(), password: PASSWORD }, request());
    expect(user).toMatchObject({ email, name: "Test User" });
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    const email = await newUser();
    expect(await authorizeCredentials({ email, password: "wrong password" }, request())).toBeNull();
    expect(await authorizeCredentials({ email: `nobody-${randomUUID()}@example.test`, password: PASSWORD }, request())).toBeNull();
    expect(await authorizeCredentials({ email: "not an email", password: PASSWORD }, request())).toBeNull();
    expect(await authorizeCredentials({ email: { $ne: null }, password: PASSWORD }, request())).toBeNull();
  });

  it("spends bcrypt time on an unknown email as on a wrong password", async () => {
    const email = await newUser();
    const time = async (input: { email: string; password: string }) => {
      const started = performance.now();
      await authorizeCredentials(input, request());
      return performance.now() - started;
    };
    await time({ email: `warmup-${randomUUID()}@example.test`, password: "x" }); // builds the decoy hash once
    const wrongPassword = await time({ email, password: "wrong password" });
    const unknownEmail = await time({ email: `nobody-${randomUUID()}@example.test`, password: "wrong password" });
    // Without the decoy comparison an unknown email answers in about a millisecond.
    expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.5);
  });

  it("refuses the 6th attempt after 5 failures, even with the right password", async () => {
    const email = await newUser();
    for (let i = 0; i < 5; i++) {
      expect(await authorizeCredentials({ email, password: `wrong ${i}` }, request())).toBeNull();
    }
    const refusal = await authorizeCredentials({ email, password: PASSWORD }, request()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyAttempts);
    const retryAfter = retryAfterFromCode((refusal as TooManyAttempts).code);
    expect(retryAfter).toBeGreaterThan(14 * 60 * 1000);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it("counts parallel guesses before checking them", async () => {
    const email = await newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => authorizeCredentials({ email, password: `guess ${i}` }, request())),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(7);
  });

  it("a success clears the account's failures", async () => {
    const email = await newUser();
    for (let i = 0; i < 4; i++) await authorizeCredentials({ email, password: `wrong ${i}` }, request());
    expect(await authorizeCredentials({ email, password: PASSWORD }, request())).not.toBeNull();
    for (let i = 0; i < 4; i++) await authorizeCredentials({ email, password: `wrong ${i}` }, request());
    expect(await authorizeCredentials({ email, password: PASSWORD }, request())).not.toBeNull();
  });

  it("limits one address across accounts at SIGNIN_IP_LIMIT failures", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    process.env.SIGNIN_IP_LIMIT = "3";
    try {
      for (let i = 0; i < 3; i++) {
        expect(await authorizeCredentials({ email: `x${i}-${randomUUID()}@example.test`, password: "nope" }, request(ip))).toBeNull();
      }
      const email = await newUser();
      await expect(authorizeCredentials({ email, password: PASSWORD }, request(ip))).rejects.toBeInstanceOf(TooManyAttempts);
      expect(await authorizeCredentials({ email, password: PASSWORD }, request())).not.toBeNull();
    } finally {
      delete process.env.SIGNIN_IP_LIMIT;
    }
  });
});

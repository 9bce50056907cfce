import { randomUUID } from "node:crypto";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { hashPassword } from "@/server/password";
import { authorizeCredentials, retryAfterFromCode, TooManyAttempts } from "./credentials";
import { createPasswordUser } from "./queries";

const PASSWORD = "a long and unusual passphrase";

async function newUser() {
  const email = `user-${randomUUID()}@example.test`;
  await createPasswordUser({ name: "Test User", email, passwordHash: await hashPassword(PASSWORD) });
  return email;
}

// The cookies a successful sign-in sets (the known-device cookie), as the browser would keep them.
const jar = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: () => undefined,
    getAll: () => [],
    has: () => false,
    set: (cookie: { name: string; value: string }) => jar.cookies.push(cookie),
  }),
}));
const lastCookie = () => jar.cookies.map(({ name, value }) => `${name}=${value}`).at(-1) ?? "";

function request(ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, cookie?: string) {
  return new Request("http://localhost:3000/api/auth/callback/credentials", {
    headers: { "x-forwarded-for": ip, ...(cookie ? { cookie } : {}) },
  });
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

  it("refuses a 6th attempt from one address after 5 failures, even with the right password", async () => {
    const email = await newUser();
    const from = request();
    for (let i = 0; i < 5; i++) {
      expect(await authorizeCredentials({ email, password: `wrong ${i}` }, from)).toBeNull();
    }
    const refusal = await authorizeCredentials({ email, password: PASSWORD }, from).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyAttempts);
    const retryAfter = retryAfterFromCode((refusal as TooManyAttempts).code);
    expect(retryAfter).toBeGreaterThan(14 * 60 * 1000);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it("a stranger's failures from other addresses do not lock the owner out", async () => {
    const email = await newUser();
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      for (let i = 0; i < 6; i++) await authorizeCredentials({ email, password: `guess ${i}` }, request(ip)).catch(() => null);
    }
    expect(await authorizeCredentials({ email, password: PASSWORD }, request("203.0.113.50"))).toMatchObject({ email });
  });

  it("stops guessing spread over many addresses at SIGNIN_ACCOUNT_LIMIT attempts an hour; the owner's known browser still signs in", async () => {
    process.env.SIGNIN_ACCOUNT_LIMIT = "20";
    onTestFinished(() => void delete process.env.SIGNIN_ACCOUNT_LIMIT);
    const email = await newUser();
    // The owner signed in from this browser before; an attacker has a genuine cookie, for their own account.
    expect(await authorizeCredentials({ email, password: PASSWORD }, request("203.0.113.60"))).not.toBeNull();
    const ownersBrowser = lastCookie();
    const attacker = await newUser();
    expect(await authorizeCredentials({ email: attacker, password: PASSWORD }, request("198.18.9.9"))).not.toBeNull();
    const attackersBrowser = lastCookie();

    for (let n = 0; n < 20; n++) {
      await authorizeCredentials({ email, password: `guess ${n}` }, request(`198.18.0.${n}`, attackersBrowser)).catch(() => null);
    }
    await expect(authorizeCredentials({ email, password: PASSWORD }, request("203.0.113.61"))).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(authorizeCredentials({ email, password: PASSWORD }, request("198.18.1.1", attackersBrowser))).rejects.toBeInstanceOf(TooManyAttempts);
    const tampered = ownersBrowser.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    await expect(authorizeCredentials({ email, password: PASSWORD }, request("198.18.1.2", tampered))).rejects.toBeInstanceOf(TooManyAttempts);
    expect(await authorizeCredentials({ email, password: PASSWORD }, request("198.18.1.3", ownersBrowser))).toMatchObject({ email });
  });

  it("a rotating, spoofed X-Forwarded-For does not escape the per-address budget", async () => {
    process.env.SIGNIN_IP_LIMIT = "3";
    onTestFinished(() => void delete process.env.SIGNIN_IP_LIMIT);
    // As src/serve.mjs passes them on: whatever the client sent, then the socket's address.
    const spoofed = (n: number) => request(`6.6.${n}.${n}, 203.0.113.70`);
    for (let n = 0; n < 3; n++) {
      expect(await authorizeCredentials({ email: `x${n}-${randomUUID()}@example.test`, password: "nope" }, spoofed(n))).toBeNull();
    }
    const email = await newUser();
    await expect(authorizeCredentials({ email, password: PASSWORD }, spoofed(99))).rejects.toBeInstanceOf(TooManyAttempts);
  });

  it("counts parallel guesses before checking them", async () => {
    const email = await newUser();
    const from = request();
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => authorizeCredentials({ email, password: `guess ${i}` }, from)));
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

// When every password thread is busy and its queue is full, the sign-in and registration forms say
// so in a sentence (the service is busy, try again in a moment), not "Something went wrong". The
// forms show the state their server actions return; Auth.js, the credentials check and the
// password pool are real, with one thread and a queue of one, kept full by two slow hashes.
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/server/db";
import { hashPassword } from "@/server/password";
import { register, signInWithPassword } from "./actions";
import { authErrorMessage } from "./auth-errors";
import { createPasswordUser } from "./queries";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "sign-in-busy-test-secret-0123456789-0123456789";
  process.env.AUTH_URL ??= "http://localhost:3000";
  process.env.PASSWORD_HASH_THREADS = "1";
  process.env.PASSWORD_HASH_QUEUE = "1";
  // A pool made by an earlier file in this worker would keep its own sizes.
  delete (globalThis as { orgdeskPasswordPool?: unknown }).orgdeskPasswordPool;
});

const PASSWORD = "a long and unusual passphrase";
const BUSY = /^The service is busy right now\. Please try again in a moment\.$/;

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** Runs `attempt` while the password thread and its queue are taken by slow hashes. */
async function whilePoolFull<T>(attempt: () => Promise<T>): Promise<T> {
  const previousCost = process.env.BCRYPT_COST;
  process.env.BCRYPT_COST = "13"; // about a second per hash: the queue stays full while the attempt runs
  const flood = [hashPassword("flood one"), hashPassword("flood two")];
  process.env.BCRYPT_COST = previousCost;
  try {
    return await attempt();
  } finally {
    await Promise.allSettled(flood);
  }
}

describe("a full password queue", () => {
  it("makes the sign-in form say the service is busy", async () => {
    const email = `busy-${randomUUID()}@example.test`;
    await createPasswordUser({ name: "Busy Person", email, passwordHash: await hashPassword(PASSWORD) });
    const state = await whilePoolFull(() => signInWithPassword({}, form({ email, password: PASSWORD, callbackUrl: "/dashboard" })));
    expect(state).toEqual({ error: expect.stringMatching(BUSY), email });
  });

  it("sends a sign-in posted to Auth.js's own endpoint to a login page that says the service is busy", async () => {
    const email = `busy-${randomUUID()}@example.test`;
    await createPasswordUser({ name: "Busy Person", email, passwordHash: await hashPassword(PASSWORD) });
    const origin = "http://localhost:3000";
    const csrf = await authGet(new NextRequest(`${origin}/api/auth/csrf`, { headers: { host: "localhost:3000" } }));
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const response = await whilePoolFull(() =>
      authPost(
        new NextRequest(`${origin}/api/auth/callback/credentials`, {
          method: "POST",
          headers: { host: "localhost:3000", origin, cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/dashboard" }),
        }),
      ),
    );
    const location = new URL(response.headers.get("location") ?? "", origin);
    expect(location.pathname).toBe("/login");
    // What the login page shows for that address.
    const shown = authErrorMessage(location.searchParams.get("error") ?? undefined, { credentialsCode: location.searchParams.get("code") ?? undefined });
    expect(shown.message).toMatch(BUSY);
  });

  it("makes the registration form say the service is busy, and creates nothing", async () => {
    const email = `busy-${randomUUID()}@example.test`;
    const state = await whilePoolFull(() => register({}, form({ name: "Busy Person", email, password: PASSWORD, confirmPassword: PASSWORD })));
    expect(state).toMatchObject({ error: expect.stringMatching(BUSY), values: { name: "Busy Person", email } });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

// Signing in again from the same browser ends the session it replaces: the old cookie (a copy of
// it, e.g. taken before) stops working, in both strategies.
import { describe, expect, it, vi } from "vitest";
import { createUser } from "@/test/fixtures";
import { db } from "@/server/db";
import { decodeDatabaseSession, encodeDatabaseSession, hashSessionToken } from "./database-sessions";
import { decodeJwtSession, encodeJwtSession } from "./jwt-sessions";
import { setSessionValidityRedis } from "./session-validity";

const browser = vi.hoisted(() => ({ cookies: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }),
  cookies: async () => ({
    getAll: () => browser.cookies,
    get: (name: string) => browser.cookies.find((c) => c.name === name),
    has: (name: string) => browser.cookies.some((c) => c.name === name),
  }),
}));

const params = { secret: "test-secret-0123456789-abcdefghijklmnop", salt: "authjs.session-token" };

describe("a new sign-in in the same browser", () => {
  it("JWT mode: ends the session of the cookie it replaces", async () => {
    setSessionValidityRedis(null);
    const user = await createUser();
    browser.cookies = [];
    const first: { sub: string; sid?: string } = { sub: user.id };
    const old = await encodeJwtSession({ ...params, token: first });
    expect(await decodeJwtSession({ ...params, token: old })).not.toBeNull();

    browser.cookies = [{ name: params.salt, value: old }];
    const fresh = await encodeJwtSession({ ...params, token: { sub: user.id } });
    expect(await decodeJwtSession({ ...params, token: old })).toBeNull();
    expect(await decodeJwtSession({ ...params, token: fresh })).not.toBeNull();
    expect(await db.session.count({ where: { sessionToken: hashSessionToken(first.sid!) } })).toBe(0);
  });

  it("database mode: ends the session of the cookie it replaces", async () => {
    const user = await createUser();
    browser.cookies = [];
    const old = await encodeDatabaseSession({ ...params, token: { sub: user.id } });
    browser.cookies = [{ name: params.salt, value: old }];
    const fresh = await encodeDatabaseSession({ ...params, token: { sub: user.id } });
    expect(await decodeDatabaseSession({ ...params, token: old })).toBeNull();
    expect(await decodeDatabaseSession({ ...params, token: fresh })).not.toBeNull();
  });

  it("a cookie that is not a session of ours changes nothing", async () => {
    const user = await createUser();
    browser.cookies = [{ name: params.salt, value: "garbage" }];
    const fresh = await encodeDatabaseSession({ ...params, token: { sub: user.id } });
    expect(await decodeDatabaseSession({ ...params, token: fresh })).not.toBeNull();
  });
});

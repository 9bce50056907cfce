import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPasswordUser } from "@/features/accounts/queries";
import { db } from "@/server/db";
import { decodeDatabaseSession, deleteDatabaseSession, encodeDatabaseSession, hashSessionToken } from "./database-sessions";

const params = { secret: "unused", salt: "authjs.session-token" };

async function newUserId() {
  const user = await createPasswordUser({ name: "Session User", email: `s-${randomUUID()}@example.test`, passwordHash: "x" });
  return user!.id;
}

describe("database sessions (credentials included)", () => {
  it("creates a Session row on sign-in and stores only its hash", async () => {
    const userId = await newUserId();
    const cookie = await encodeDatabaseSession({ ...params, token: { sub: userId, name: "Session User" } });
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, not a JWE
    const rows = await db.session.findMany({ where: { userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sessionToken).toBe(hashSessionToken(cookie));
    expect(rows[0]!.sessionToken).not.toBe(cookie);
    expect(rows[0]!.expires.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it("resolves the cookie to the user, and re-encoding keeps the same session", async () => {
    const userId = await newUserId();
    const cookie = await encodeDatabaseSession({ ...params, token: { sub: userId } });
    const token = await decodeDatabaseSession({ ...params, token: cookie });
    expect(token).toMatchObject({ sub: userId, sid: cookie, name: "Session User" });
    expect(await encodeDatabaseSession({ ...params, token: token! })).toBe(cookie);
    expect(await db.session.count({ where: { userId } })).toBe(1);
  });

  it("ends at once when the row is deleted, and refuses unknown or expired ids", async () => {
    const userId = await newUserId();
    const cookie = await encodeDatabaseSession({ ...params, token: { sub: userId } });
    await deleteDatabaseSession(cookie);
    expect(await decodeDatabaseSession({ ...params, token: cookie })).toBeNull();
    expect(await decodeDatabaseSession({ ...params, token: "made-up" })).toBeNull();

    const expired = await encodeDatabaseSession({ ...params, token: { sub: userId } });
    await db.session.updateMany({ where: { userId }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await decodeDatabaseSession({ ...params, token: expired })).toBeNull();
    expect(await db.session.count({ where: { userId } })).toBe(0);
  });
});

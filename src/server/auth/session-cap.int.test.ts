// A user's live sessions are capped (MAX_SESSIONS_PER_USER): one more sign-in ends the session
// unused the longest, in both strategies, so a script that signs in in a loop cannot grow a user's
// rows without bound; and no request reads all of a user's sessions, however many a user has
// (rows from before the cap): the validity check reads one, the settings list at most the cap.
// On PostgreSQL, sign-ins race on two instances (two pools) and the cap still holds exactly.
import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listActiveSessions } from "@/features/accounts/queries";
import { db, provider } from "@/server/db";
import { createUser } from "@/test/fixtures";
import { closeInstance, onInstance, otherInstance } from "@/test/instances";
import { MAX_SESSIONS_PER_USER, createSessionRow, decodeDatabaseSession, encodeDatabaseSession, hashSessionToken } from "./database-sessions";
import { decodeJwtSession, encodeJwtSession } from "./jwt-sessions";
import { setSessionValidityRedis } from "./session-validity";

// The most Session rows one call of the data layer's client returned (model calls outside a
// transaction, nested relations included): what a request made the database hand over.
const reads = vi.hoisted(() => ({ mostSessionRows: 0 }));
vi.mock("@/server/db", async (importOriginal) => {
  const routed = (await import("@/test/instances")).routedDbModule(await importOriginal());
  const sessionRows = (value: unknown, key = ""): number => {
    if (Array.isArray(value)) return value.reduce((n: number, item) => n + sessionRows(item, key), 0);
    if (!value || typeof value !== "object" || value instanceof Date) return 0;
    const own = "sessionToken" in value || key === "sessions" ? 1 : 0;
    return own + Object.entries(value).reduce((n, [k, v]) => n + (typeof v === "object" ? sessionRows(v, k) : 0), 0);
  };
  const watched = (delegate: object) =>
    new Proxy(delegate, {
      get(target, method) {
        const value = Reflect.get(target, method, target) as unknown;
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          reads.mostSessionRows = Math.max(reads.mostSessionRows, sessionRows(result));
          return result;
        };
      },
    });
  const db = new Proxy(routed.db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === "session" || property === "user") return watched(value as object);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...routed, db };
});

const jwtParams = { secret: "test-secret-0123456789-abcdefghijklmnop", salt: "authjs.session-token" };
const second = await otherInstance();
afterAll(() => closeInstance(second));
beforeEach(() => setSessionValidityRedis(null));

async function jwtSignIn(userId: string) {
  const token: { sub: string; sid?: string } = { sub: userId };
  return { cookie: await encodeJwtSession({ ...jwtParams, token }), sid: () => token.sid! };
}
const jwtValid = async (cookie: string) => (await decodeJwtSession({ ...jwtParams, token: cookie })) !== null;
const liveSessions = (userId: string) => db.session.count({ where: { userId, expires: { gt: new Date() } } });

/** `count` live sessions of the user, inserted directly (as before the cap), the n-th seen n minutes ago. */
async function existingSessions(userId: string, count: number) {
  const now = Date.now();
  await db.session.createMany({
    data: Array.from({ length: count }, (_, n) => ({
      sessionToken: hashSessionToken(randomBytes(32).toString("base64url")),
      userId,
      expires: new Date(now + 24 * 3600_000),
      createdAt: new Date(now - (n + 1) * 60_000),
      lastSeenAt: new Date(now - (n + 1) * 60_000),
    })),
  });
}

describe("live sessions per user", () => {
  it(`are capped at ${MAX_SESSIONS_PER_USER}: one more sign-in ends the session unused the longest (JWT and database)`, async () => {
    const user = await createUser();
    const stalest = await jwtSignIn(user.id);
    // Unused for an hour. (Not checked before: a check records its use.)
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 3_600_000) } });
    await existingSessions(user.id, MAX_SESSIONS_PER_USER - 1);
    expect(await liveSessions(user.id)).toBe(MAX_SESSIONS_PER_USER);

    const database = await encodeDatabaseSession({ ...jwtParams, token: { sub: user.id } });
    expect(await liveSessions(user.id)).toBe(MAX_SESSIONS_PER_USER);
    expect(await jwtValid(stalest.cookie)).toBe(false);
    expect(await decodeDatabaseSession({ ...jwtParams, token: database })).toMatchObject({ sub: user.id });

    for (let n = 0; n < 5; n++) await jwtSignIn(user.id);
    expect(await liveSessions(user.id)).toBe(MAX_SESSIONS_PER_USER);
    // The newest stay, this one included.
    expect(await decodeDatabaseSession({ ...jwtParams, token: database })).toMatchObject({ sub: user.id });
  });

  it.runIf(provider === "postgresql")("stay capped when sign-ins race on two instances", async () => {
    const user = await createUser();
    await existingSessions(user.id, MAX_SESSIONS_PER_USER - 5);
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? onInstance(second, () => createSessionRow(user.id)) : createSessionRow(user.id))));
    expect(await liveSessions(user.id)).toBe(MAX_SESSIONS_PER_USER);
  });

  it("are never all read by a request, however many a user has", async () => {
    const user = await createUser();
    const current = await jwtSignIn(user.id);
    await existingSessions(user.id, 300);
    reads.mostSessionRows = 0;
    expect(await jwtValid(current.cookie)).toBe(true);
    expect(reads.mostSessionRows).toBeLessThanOrEqual(1);

    reads.mostSessionRows = 0;
    const listed = await listActiveSessions(user.id);
    expect(listed.length).toBeLessThanOrEqual(MAX_SESSIONS_PER_USER);
    expect(listed[0]?.key).toBe(hashSessionToken(current.sid()));
    expect(reads.mostSessionRows).toBeLessThanOrEqual(MAX_SESSIONS_PER_USER);
  });
});

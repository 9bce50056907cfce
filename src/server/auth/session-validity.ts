import "server-only";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { db } from "@/server/db";
import { createRateLimitRedis, firstConnectionSettled } from "@/server/rate-limit";
import { env } from "@/server/env";

// Is a JWT-mode session still valid? A JWT is stateless, so revocation needs shared state: every
// JWT names a Session row (`sid`, whose SHA-256 is the row's sessionToken), and the session is
// valid while its row exists. Revoking deletes rows: one session, every other one (sign out of
// other devices, a password change), or all of them (account deletion).
//
// Where that is looked up, per request:
// - REDIS_URL set: one GET, shared by every app instance, so a revocation applies at once
//   everywhere. `orgdesk:sess:s:<key>` holds "ok" or "revoked" for one session. A missing key
//   (first use, eviction, flush) is filled from the database with a compare-and-set, so a fill
//   racing a revocation never overwrites "revoked". "ok" is stamped with the Redis server's run id,
//   which changes on every restart: a revocation that could not reach Redis while it restarted is
//   not outlived by an "ok" the restart kept (such a marker is checked in the database again). The
//   remaining bound: a revoking instance cut off from a Redis that others still reach; its
//   revocation applies there when their "ok" expires (OK_TTL_S).
// - no Redis, or Redis unreachable: one database lookup of the session's row per CACHE_TTL_MS,
//   cached in process memory; revocations made by this instance clear its cache at once, other
//   instances see them within CACHE_TTL_MS. A key the cache does not know yet (a new sign-in) is
//   looked up at once, never refused from the cache.
// Either way a request reads one Session row by its unique key, never the user's other sessions.

export const CACHE_TTL_MS = 5_000;
const PREFIX = "orgdesk:sess:";
/**
 * An "ok" is re-checked against the database every minute: a revocation that could not reach Redis
 * (an outage at that moment) still applies everywhere within this time.
 */
const OK_TTL_S = 60;
/** Longer than any session can live, so a revoked marker outlives the token it refuses. */
const REVOKED_TTL_S = 31 * 24 * 60 * 60;

const globals = globalThis as typeof globalThis & {
  /** "<userId>:<session key>" of sessions found live in the database in the last CACHE_TTL_MS. */
  orgdeskLiveSessionCache?: LRUCache<string, true>;
  orgdeskSessionRedis?: Redis | null;
  orgdeskRevokedHere?: LRUCache<string, true>;
};

/**
 * Sessions this instance revoked in the last minute. A revocation is marked inside the action's
 * transaction, before the rows are gone for other connections: a request racing the commit could
 * load the old rows and cache "valid" again. Remembering the keys here closes that window.
 */
const REVOKED_HERE_MS = 60_000;
// Beyond this many, the oldest marks go first (they are the likeliest to have committed already).
function revokedHere(): LRUCache<string, true> {
  return (globals.orgdeskRevokedHere ??= new LRUCache({ max: 10_000, ttl: REVOKED_HERE_MS }));
}
function wasRevokedHere(sessionKey: string): boolean {
  return revokedHere().has(sessionKey);
}

function cache(): LRUCache<string, true> {
  return (globals.orgdeskLiveSessionCache ??= new LRUCache({ max: 10_000, ttl: CACHE_TTL_MS }));
}

function redis(): Redis | null {
  if (globals.orgdeskSessionRedis === undefined) {
    globals.orgdeskSessionRedis = env.REDIS_URL ? createRateLimitRedis(env.REDIS_URL) : null;
  }
  return globals.orgdeskSessionRedis;
}

/** For tests: use this Redis client (or none) from now on, and forget every cached state. */
export function setSessionValidityRedis(client: Redis | null): void {
  globals.orgdeskSessionRedis = client;
  cache().clear();
}

/** Whether the user's session row `sessionKey` exists and has not expired: one row, by its unique key. */
async function sessionRowLive(userId: string, sessionKey: string): Promise<boolean> {
  const row = await db.session.findUnique({ where: { sessionToken: sessionKey }, select: { userId: true, expires: true } });
  return !!row && row.userId === userId && row.expires.getTime() > Date.now();
}

const cacheKey = (userId: string, sessionKey: string) => `${userId}:${sessionKey}`;

async function cachedSessionRowLive(userId: string, sessionKey: string): Promise<boolean> {
  if (cache().has(cacheKey(userId, sessionKey))) return true;
  const live = await sessionRowLive(userId, sessionKey);
  if (live) cache().set(cacheKey(userId, sessionKey), true);
  return live;
}

let redisDown = false;
function noteRedis(ok: boolean, error?: unknown) {
  if (ok && redisDown) console.warn("[sessions] Redis is reachable again.");
  if (!ok && !redisDown)
    console.warn(`[sessions] Redis is unreachable (${error instanceof Error ? error.message : String(error)}): checking sessions in the database.`);
  redisDown = !ok;
}

const runIds = new WeakMap<Redis, Promise<string>>();
const watched = new WeakSet<Redis>();

/** The Redis server's run id (new on every restart), cached per connection. */
function serverRunId(client: Redis): Promise<string> {
  if (!watched.has(client)) {
    watched.add(client);
    // A new connection may reach a restarted server: ask again.
    client.on("close", () => runIds.delete(client));
  }
  let runId = runIds.get(client);
  if (!runId) {
    runId = client.info("server").then((info) => {
      const id = /^run_id:([0-9a-f]+)/m.exec(info)?.[1];
      if (!id) throw new Error("Redis INFO names no run_id");
      return id;
    });
    runIds.set(client, runId);
    runId.catch(() => runIds.delete(client));
  }
  return runId;
}

/** SET key value EX ttl, only if the key still holds `expected` (null: absent). */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return 0`;

/** Whether the session `sessionKey` (the SHA-256 of the token's sid) of `userId` may still be used. */
export async function isSessionValid(userId: string, sessionKey: string): Promise<boolean> {
  if (wasRevokedHere(sessionKey)) return false;
  const client = redis();
  if (client) {
    try {
      await firstConnectionSettled(client);
      const runId = await serverRunId(client);
      const statusKey = PREFIX + "s:" + sessionKey;
      const status = await client.get(statusKey);
      noteRedis(true);
      if (status === "revoked") return false;
      if (status === `ok:${runId}`) return true;
      // Missing from Redis, or older than its last restart: the database decides, and fills the
      // marker (unless a revocation got there first).
      const exists = await sessionRowLive(userId, sessionKey);
      await client.eval(COMPARE_AND_SET, 1, statusKey, status ?? "", exists ? `ok:${runId}` : "revoked", exists ? OK_TTL_S : REVOKED_TTL_S);
      return exists;
    } catch (error) {
      noteRedis(false, error);
    }
  }
  return cachedSessionRowLive(userId, sessionKey);
}

/** Call after deleting Session rows: they stop working at once, here and (with Redis) everywhere. */
export async function markSessionsRevoked(userId: string, sessionKeys: string[]): Promise<void> {
  const local = revokedHere();
  for (const key of sessionKeys) {
    cache().delete(cacheKey(userId, key));
    local.set(key, true);
  }
  const client = redis();
  if (!client || sessionKeys.length === 0) return;
  try {
    await firstConnectionSettled(client);
    const pipeline = client.multi();
    for (const key of sessionKeys) pipeline.set(PREFIX + "s:" + key, "revoked", "EX", REVOKED_TTL_S);
    await pipeline.exec();
  } catch (error) {
    // The rows are gone: other instances notice once their "ok" keys expire, or at once if Redis recovers first.
    console.error("[sessions] could not publish a revocation to Redis", error);
  }
}

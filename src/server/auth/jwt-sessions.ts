import "server-only";
import { decode as decodeJwt, encode as encodeJwt, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";
import { LRUCache } from "lru-cache";
import { db } from "@/server/db";
import { LAST_SEEN_UPDATE_MS, SESSION_MAX_AGE_S, createSessionRow, deleteDatabaseSession, hashSessionToken, replacedSessionCookie } from "./database-sessions";
import { isSessionValid } from "./session-validity";

// JWT mode: the cookie stays an encrypted, stateless token, but every token names a Session row
// (`sid`), so sessions can be listed and revoked. The validity check (src/server/auth/session-validity.ts) costs one Redis round trip
// per request when REDIS_URL is set, otherwise one cached database lookup per user every few seconds.

/** Sign-in: creates the Session row and puts its id into the new token. */
export async function encodeJwtSession(params: JWTEncodeParams<JWT>): Promise<string> {
  const { token } = params;
  if (token?.sub && !token.sid) {
    // A new sign-in in this browser ends the session it replaces (a copy of the old cookie stops working).
    const replaced = await replacedSessionCookie(params.salt);
    const previous = replaced ? await decodeJwt({ secret: params.secret, salt: params.salt, token: replaced }).catch(() => null) : null;
    if (previous?.sid) await deleteDatabaseSession(previous.sid);
    token.sid = await createSessionRow(token.sub, params.maxAge ?? SESSION_MAX_AGE_S);
  }
  return encodeJwt(params);
}

// Sessions whose use this instance recorded in the last LAST_SEEN_UPDATE_MS.
const lastSeenWrites = new LRUCache<string, true>({ max: 50_000, ttl: LAST_SEEN_UPDATE_MS });

/** Records a session's use at most every 5 minutes per app instance; never delays the request. */
function touch(sessionKey: string): void {
  const now = Date.now();
  if (lastSeenWrites.has(sessionKey)) return;
  lastSeenWrites.set(sessionKey, true);
  db.session
    .updateMany({ where: { sessionToken: sessionKey, lastSeenAt: { lt: new Date(now - LAST_SEEN_UPDATE_MS) } }, data: { lastSeenAt: new Date(now) } })
    .catch(() => {});
}

/**
 * Every request: the token, or null when it is invalid or its session was revoked (Auth.js then
 * clears the cookie). Throws only when the revocation check could not run (an outage: a 503).
 */
export async function decodeJwtSession(params: JWTDecodeParams): Promise<JWT | null> {
  // A token that does not decrypt or has expired is invalid, not an outage.
  const token = await decodeJwt(params).catch(() => null);
  if (!token) return null;
  // Tokens issued before sessions were tracked name no row: they cannot be revoked, so they end.
  if (!token.sub || !token.sid) return null;
  const sessionKey = hashSessionToken(token.sid);
  if (!(await isSessionValid(token.sub, sessionKey))) return null;
  touch(sessionKey);
  return token;
}

import "server-only";
import { randomBytes } from "node:crypto";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { db, provider } from "@/server/db";
import { clientIp } from "@/server/request-ip";
import { sha256 } from "@/server/sha256";
import { markSessionsRevoked } from "./session-validity";

// Database sessions for every provider, credentials included (the "manual session creation" path:
// Auth.js's own database strategy refuses credentials sign-in). Auth.js runs its JWT session flow,
// and these two hooks replace the encrypted token with an opaque id that names a Session row:
// - encode: on sign-in, creates the row and returns the id that goes into the cookie;
// - decode: on every request, looks the row up; a deleted or expired row ends the session at once.
// Only a SHA-256 of the id is stored, so a copy of the database does not hand out live sessions.

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** Extend a session's expiry at most once a day, not on every request. */
const UPDATE_AGE_MS = 24 * 60 * 60 * 1000;
/** Record a session's last use at most every 5 minutes. */
export const LAST_SEEN_UPDATE_MS = 5 * 60 * 1000;
/**
 * Live sessions one user may have: a new sign-in beyond it ends the session unused the longest, so
 * signing in in a loop cannot grow a user's rows (and every read of them) without bound.
 */
export const MAX_SESSIONS_PER_USER = 50;
/** Sessions one sign-in ends at most (more only for rows from before the cap: the next sign-in goes on). */
const TRIM_BATCH = 100;

export function hashSessionToken(token: string): string {
  return sha256(token);
}

/** The browser and address of the current request, when there is one (tests and scripts have none). */
async function requestMeta(): Promise<{ userAgent: string | null; ip: string | null }> {
  try {
    const h = await headers();
    return { userAgent: h.get("user-agent")?.slice(0, 512) || null, ip: clientIp(h) };
  } catch {
    return { userAgent: null, ip: null };
  }
}

/**
 * Creates the Session row of a new sign-in (both strategies) and returns its opaque id (the `sid`):
 * the database-mode cookie, or a claim inside the JWT.
 */
export async function createSessionRow(userId: string, maxAge = SESSION_MAX_AGE_S): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  const meta = await requestMeta();
  const ended = await db.$transaction(async (tx) => {
    // One sign-in of a user at a time (on every instance) counts and trims: two at once never leave
    // more than the cap. SQLite runs one write transaction at a time anyway.
    if (provider === "postgresql") await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
    await tx.session.create({
      data: { sessionToken: hashSessionToken(sessionToken), userId, expires: new Date(Date.now() + maxAge * 1000), ...meta },
    });
    await tx.session.deleteMany({ where: { userId, expires: { lte: new Date() } } });
    const beyondCap = await tx.session.findMany({
      where: { userId },
      orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      skip: MAX_SESSIONS_PER_USER,
      take: TRIM_BATCH,
      select: { sessionToken: true },
    });
    const keys = beyondCap.map((row) => row.sessionToken);
    if (keys.length > 0) await tx.session.deleteMany({ where: { userId, sessionToken: { in: keys } } });
    return keys;
  });
  // Ended at once everywhere, as a sign-out would (JWT tokens naming them are refused).
  if (ended.length > 0) await markSessionsRevoked(userId, ended);
  return sessionToken;
}

/**
 * The session cookie this browser sent with the request (`name`: Auth.js's cookie name, the salt),
 * its chunks joined; null outside a request or without one.
 */
export async function replacedSessionCookie(name: string): Promise<string | null> {
  try {
    const jar = (await cookies()).getAll();
    const whole = jar.find((cookie) => cookie.name === name)?.value;
    if (whole) return whole;
    const chunks = jar
      .filter((cookie) => cookie.name.startsWith(`${name}.`) && /^\d+$/.test(cookie.name.slice(name.length + 1)))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    return chunks.length ? chunks.map((cookie) => cookie.value).join("") : null;
  } catch {
    return null;
  }
}

export async function encodeDatabaseSession({ token, salt, maxAge = SESSION_MAX_AGE_S }: JWTEncodeParams<JWT>): Promise<string> {
  if (token?.sid) return token.sid;
  if (!token?.sub) throw new Error("Cannot create a session without a user id.");
  // A new sign-in in this browser ends the session it replaces (a copy of the old cookie stops working).
  const replaced = await replacedSessionCookie(salt);
  if (replaced) await deleteDatabaseSession(replaced);
  return createSessionRow(token.sub, maxAge);
}

export async function decodeDatabaseSession({ token }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const sessionToken = hashSessionToken(token);
  const session = await db.session.findUnique({
    where: { sessionToken },
    select: { expires: true, lastSeenAt: true, user: { select: { id: true, name: true, email: true, image: true } } },
  });
  if (!session) return null;
  const now = Date.now();
  if (session.expires.getTime() <= now) {
    await db.session.deleteMany({ where: { sessionToken } });
    return null;
  }
  const extend = session.expires.getTime() - now < SESSION_MAX_AGE_S * 1000 - UPDATE_AGE_MS;
  const seen = now - session.lastSeenAt.getTime() >= LAST_SEEN_UPDATE_MS;
  if (extend || seen) {
    await db.session.updateMany({
      where: { sessionToken },
      data: { lastSeenAt: new Date(now), ...(extend ? { expires: new Date(now + SESSION_MAX_AGE_S * 1000) } : {}) },
    });
  }
  const { user } = session;
  return { sub: user.id, sid: token, name: user.name, email: user.email, picture: user.image };
}

/** Ends one session (sign-out), in either strategy. Unknown ids are ignored. */
export async function deleteDatabaseSession(token: string): Promise<void> {
  const sessionToken = hashSessionToken(token);
  const row = await db.session.findUnique({ where: { sessionToken }, select: { userId: true } });
  await db.session.deleteMany({ where: { sessionToken } });
  if (row) await markSessionsRevoked(row.userId, [sessionToken]);
}

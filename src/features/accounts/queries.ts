import "server-only";
import { orgsOnlyAdministeredBy, revokeInvitationsSentBy } from "@/server/authz/admins";
import { db, isUniqueViolation, type Tx } from "@/server/db";

// Account reads and writes. Returns only what callers need: the password hash leaves this module
// only inside the credentials check.

export async function findPasswordIdentity(email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true },
  });
}

export type CreatedUser = { id: string; email: string };

/** Creates a password user; null when the email is taken (the caller must not reveal which). */
export async function createPasswordUser(input: { name: string; email: string; passwordHash: string }): Promise<CreatedUser | null> {
  try {
    const user = await db.user.create({
      data: { name: input.name, email: input.email, passwordHash: input.passwordHash },
      select: { id: true, email: true },
    });
    return { id: user.id, email: user.email! };
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

// ---------------------------------------------------------------- account settings
// Sessions, profile, password, linked sign-in methods and deletion. Writes take the guard's
// transaction; callers publish revocations (src/server/auth/session-validity.ts) with the keys
// these functions return.

export interface SessionRow {
  id: string;
  /** The row's sessionToken (SHA-256 of the session id): compared with the current session's key. */
  key: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export async function listActiveSessions(userId: string, tx: Tx = db): Promise<SessionRow[]> {
  const rows = await tx.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    select: { id: true, sessionToken: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    take: 200,
  });
  return rows.map(({ sessionToken, ...row }) => ({ ...row, key: sessionToken }));
}

/** The session behind `key`, if it is the user's. */
export async function findSessionByKey(userId: string, key: string, tx: Tx = db) {
  return tx.session.findFirst({ where: { userId, sessionToken: key }, select: { id: true, createdAt: true } });
}

/** Deletes one of the user's sessions; its key, or null when there is no such session of this user. */
export async function deleteUserSession(tx: Tx, userId: string, sessionId: string): Promise<string | null> {
  const row = await tx.session.findFirst({ where: { id: sessionId, userId }, select: { sessionToken: true } });
  if (!row) return null;
  await tx.session.deleteMany({ where: { id: sessionId, userId } });
  return row.sessionToken;
}

/** Deletes every session of the user except the one whose key is `keepKey`; returns the deleted keys. */
export async function deleteOtherSessions(tx: Tx, userId: string, keepKey: string): Promise<string[]> {
  const rows = await tx.session.findMany({ where: { userId, NOT: { sessionToken: keepKey } }, select: { sessionToken: true } });
  if (rows.length === 0) return [];
  await tx.session.deleteMany({ where: { userId, sessionToken: { in: rows.map((r) => r.sessionToken) } } });
  return rows.map((r) => r.sessionToken);
}

/** Ends every session of the user, this one included: deletes the rows and bumps the version. */
export async function endAllSessions(tx: Tx, userId: string): Promise<{ keys: string[]; version: number }> {
  const rows = await tx.session.findMany({ where: { userId }, select: { sessionToken: true } });
  await tx.session.deleteMany({ where: { userId } });
  const user = await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  return { keys: rows.map((r) => r.sessionToken), version: user.sessionVersion };
}

export interface AccountOverview {
  name: string | null;
  email: string | null;
  image: string | null;
  hasPassword: boolean;
  accounts: { id: string; provider: string; createdAt: Date }[];
}

export async function accountOverview(userId: string): Promise<AccountOverview | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      name: true,
      email: true,
      image: true,
      passwordHash: true,
      accounts: { select: { id: true, provider: true, createdAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!user) return null;
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null };
}

export async function updateUserProfile(tx: Tx, userId: string, input: { name: string; image: string | null }) {
  return tx.user.update({ where: { id: userId }, data: { name: input.name, image: input.image }, select: { name: true, image: true } });
}

/** The hash to check a re-authentication against (null: OAuth-only), with the fields the password policy needs. */
export async function findPasswordHash(userId: string, tx: Tx = db) {
  return tx.user.findUnique({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
}

export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash } });
}

export type UnlinkResult = { ok: true; provider: string } | { ok: false; reason: "not_found" | "last_method" };

/** Removes a linked account unless it is the user's last way to sign in (no password, no other account). */
export async function unlinkUserAccount(tx: Tx, userId: string, accountId: string): Promise<UnlinkResult> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, accounts: { select: { id: true, provider: true } } },
  });
  const account = user?.accounts.find((a) => a.id === accountId);
  if (!user || !account) return { ok: false, reason: "not_found" };
  if (user.passwordHash === null && user.accounts.length <= 1) return { ok: false, reason: "last_method" };
  await tx.account.deleteMany({ where: { id: accountId, userId } });
  return { ok: true, provider: account.provider };
}

/**
 * Organizations where the user is the only admin: deleting the account would orphan them. Takes
 * those orgs' admin lock (src/server/authz/admins.ts), so the answer holds until the transaction
 * ends: a concurrent leave, removal or deletion of the other admins waits for it.
 */
export async function orgsWhereLastAdmin(userId: string, tx: Tx): Promise<{ name: string; slug: string }[]> {
  const orgIds = await orgsOnlyAdministeredBy(tx, userId);
  if (orgIds.length === 0) return [];
  return tx.organization.findMany({ where: { id: { in: orgIds } }, select: { name: true, slug: true }, orderBy: { name: "asc" } });
}

/**
 * Deletes the user: memberships, sessions and accounts go with it (cascade); their posts stay with
 * their organizations without an author, and audit events stay without an actor (both shown as by
 * a "deleted user"). Returns the session keys to publish as revoked.
 */
export async function deleteUser(tx: Tx, userId: string): Promise<string[]> {
  await revokeInvitationsSentBy(tx, "everywhere", [userId]);
  const sessions = await tx.session.findMany({ where: { userId }, select: { sessionToken: true } });
  await tx.user.delete({ where: { id: userId } });
  return sessions.map((s) => s.sessionToken);
}

import "server-only";
import { orgsOnlyAdministeredBy, revokeInvitationsSentBy } from "@/server/authz/admins";
import type { AdapterAccount } from "next-auth/adapters";
import { recordAudit } from "@/features/audit/record";
import { MAX_SESSIONS_PER_USER } from "@/server/auth/database-sessions";
import { isUniqueViolation } from "@/server/authz/errors";
import { db, type Tx } from "@/server/db";
import { lockUser } from "@/server/dialect";

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
    take: MAX_SESSIONS_PER_USER,
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

type SessionWhere = NonNullable<Parameters<Tx["session"]["findMany"]>[0]>["where"];

/**
 * Deletes the user's sessions that match, reading their keys a bounded batch at a time (a user
 * has at most MAX_SESSIONS_PER_USER live ones, but rows from before the cap may be many); returns
 * the deleted keys, to publish with markSessionsRevoked.
 */
async function deleteSessions(tx: Tx, userId: string, where: SessionWhere = {}): Promise<string[]> {
  const deleted: string[] = [];
  for (;;) {
    const rows = await tx.session.findMany({ where: { ...where, userId }, select: { sessionToken: true }, take: MAX_SESSIONS_PER_USER });
    const keys = rows.map((r) => r.sessionToken);
    if (keys.length > 0) await tx.session.deleteMany({ where: { userId, sessionToken: { in: keys } } });
    deleted.push(...keys);
    if (keys.length < MAX_SESSIONS_PER_USER) return deleted;
  }
}

/** Deletes every session of the user except the one whose key is `keepKey`; returns the deleted keys. */
export async function deleteOtherSessions(tx: Tx, userId: string, keepKey: string): Promise<string[]> {
  return deleteSessions(tx, userId, { NOT: { sessionToken: keepKey } });
}

/**
 * Ends every session of the user, this one included (what a password reset needs); returns the
 * deleted keys, to publish with markSessionsRevoked. Both session strategies check the row.
 */
export async function endAllSessions(tx: Tx, userId: string): Promise<string[]> {
  return deleteSessions(tx, userId);
}

export interface LinkedIdentity {
  id: string;
  provider: string;
  /** Who the account is at the provider: the email of its ID token, else its subject. Never a token. */
  identity: string;
  createdAt: Date;
}

export interface AccountOverview {
  name: string | null;
  email: string | null;
  image: string | null;
  hasPassword: boolean;
  accounts: LinkedIdentity[];
}

const linkedAccountColumns = { id: true, provider: true, providerAccountId: true, email: true, createdAt: true } as const;

type LinkedAccountRow = { id: string; provider: string; providerAccountId: string; email: string | null; createdAt: Date };

function toLinkedIdentity(row: LinkedAccountRow): LinkedIdentity {
  return { id: row.id, provider: row.provider, identity: row.email ?? row.providerAccountId, createdAt: row.createdAt };
}

/** A provider's email claim, kept only to label the identity: a string of at most 254 characters, else null. */
function identityEmail(claim: unknown): string | null {
  return typeof claim === "string" && claim.length > 0 && claim.length <= 254 ? claim : null;
}

/**
 * The email claim of the ID token Auth.js has just verified for this link (read, not verified
 * again: it only labels the identity). Anything unreadable gives null.
 */
function idTokenEmail(idToken: string | null | undefined): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload || payload.length > 16_384) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { email?: unknown };
    return identityEmail(claims.email);
  } catch {
    return null;
  }
}

/**
 * After a provider sign-in (a first sign-up, a link, or a later sign-in): gives the linked identity
 * the email of the provider's profile if its row has none. Providers without an ID token (GitHub,
 * plain OAuth 2) name it only there, and rows linked before Account.email existed have none.
 */
export async function fillLinkedIdentityEmail(providerId: string, providerAccountId: string, email: unknown): Promise<void> {
  const address = identityEmail(email);
  if (!address) return;
  await db.account.updateMany({ where: { provider: providerId, providerAccountId, email: null }, data: { email: address } });
}

/** Who a linked identity is at the provider: its email (from the ID token at link time), else its subject. */
export function identityOf(account: Pick<AdapterAccount, "providerAccountId" | "id_token">): string {
  return idTokenEmail(account.id_token) ?? account.providerAccountId;
}

export async function accountOverview(userId: string): Promise<AccountOverview | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { name: true, email: true, image: true, passwordHash: true, accounts: { select: linkedAccountColumns, orderBy: { createdAt: "asc" } } },
  });
  if (!user) return null;
  const { passwordHash, accounts, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null, accounts: accounts.map(toLinkedIdentity) };
}

export async function updateUserProfile(tx: Tx, userId: string, input: { name: string; image: string | null }) {
  return tx.user.update({ where: { id: userId }, data: { name: input.name, image: input.image }, select: { name: true, image: true } });
}

/** The hash to check a re-authentication against (null: OAuth-only), with the fields the password policy needs. */
export async function findPasswordHash(userId: string, tx: Tx = db) {
  return tx.user.findUnique({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
}

/** Replaces the password hash only if it is still `expected` (null: no password yet); whether it was. */
export async function replacePasswordHash(tx: Tx, userId: string, expected: string | null, passwordHash: string): Promise<boolean> {
  const { count } = await tx.user.updateMany({ where: { id: userId, passwordHash: expected }, data: { passwordHash } });
  return count === 1;
}

/**
 * The user's sign-in methods lock, held to the end of the transaction: a row lock on the User, taken
 * before the methods are counted, so two unlinks (on any instance) run one after the other and the
 * second counts what the first left. SQLite needs no lock: it runs one write transaction at a time.
 */
async function lockSignInMethods(tx: Tx, userId: string): Promise<void> {
  await lockUser(tx, userId);
}

export type UnlinkResult = { ok: true; provider: string; identity: string } | { ok: false; reason: "not_found" | "last_method" };

/** Removes a linked account unless it is the user's last way to sign in (no password, no other account). */
export async function unlinkUserAccount(tx: Tx, userId: string, accountId: string): Promise<UnlinkResult> {
  await lockSignInMethods(tx, userId);
  const user = await tx.user.findUnique({ where: { id: userId }, select: { passwordHash: true, accounts: { select: linkedAccountColumns } } });
  const account = user?.accounts.find((a) => a.id === accountId);
  if (!user || !account) return { ok: false, reason: "not_found" };
  if (user.passwordHash === null && user.accounts.length <= 1) return { ok: false, reason: "last_method" };
  const { count } = await tx.account.deleteMany({ where: { id: accountId, userId } });
  if (count === 0) return { ok: false, reason: "not_found" };
  return { ok: true, provider: account.provider, identity: toLinkedIdentity(account).identity };
}

/** Removes every linked account of the user (a password change that disconnects them); what went. */
export async function unlinkAllAccounts(tx: Tx, userId: string): Promise<LinkedIdentity[]> {
  await lockSignInMethods(tx, userId);
  const accounts = await tx.account.findMany({ where: { userId }, select: linkedAccountColumns });
  await tx.account.deleteMany({ where: { userId, id: { in: accounts.map((a) => a.id) } } });
  return accounts.map(toLinkedIdentity);
}

// Connecting a provider while signed in: the settings action, after a fresh proof of identity,
// leaves a short-lived grant for one provider; the adapter's linkAccount (linking.ts) takes it.
const LINK_GRANT_MS = 10 * 60 * 1000;
const linkGrantIdentifier = (userId: string) => `account-link:${userId}`;

export async function grantLinking(tx: Tx, userId: string, providerId: string): Promise<void> {
  await tx.verificationToken.deleteMany({ where: { identifier: linkGrantIdentifier(userId) } });
  await tx.verificationToken.create({ data: { identifier: linkGrantIdentifier(userId), token: providerId, expires: new Date(Date.now() + LINK_GRANT_MS) } });
}

export type LinkCheck = { ok: true; email: string | null; newUser: boolean } | { ok: false; reason: "no_grant" | "provider_taken" };

/**
 * Before Auth.js links `providerId` to an existing user: under the sign-in methods lock, refuses a
 * second identity of a provider already linked, and takes (deletes) the grant. A user with no
 * password and no account yet is one Auth.js has just created for this very sign-in: no grant.
 */
export async function checkLinking(tx: Tx, userId: string, providerId: string): Promise<LinkCheck> {
  await lockSignInMethods(tx, userId);
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true, accounts: { select: { provider: true } } } });
  if (!user) return { ok: false, reason: "no_grant" };
  if (user.passwordHash === null && user.accounts.length === 0) return { ok: true, email: user.email, newUser: true };
  if (user.accounts.some((a) => a.provider === providerId)) return { ok: false, reason: "provider_taken" };
  const { count } = await tx.verificationToken.deleteMany({
    where: { identifier: linkGrantIdentifier(userId), token: providerId, expires: { gt: new Date() } },
  });
  return count > 0 ? { ok: true, email: user.email, newUser: false } : { ok: false, reason: "no_grant" };
}

/**
 * The adapter's linkAccount under the linking rules: the check, the row and its audit event in one
 * transaction. The row keeps who the identity is and none of the provider's tokens (Orgdesk never
 * calls a provider's API).
 */
export async function linkAccountUnderRules(account: AdapterAccount, ip: string | null): Promise<LinkCheck> {
  return db.$transaction(async (tx) => {
    const check = await checkLinking(tx, account.userId, account.provider);
    if (!check.ok) return check;
    const { userId, type, provider: providerId, providerAccountId } = account;
    await tx.account.create({ data: { userId, type, provider: providerId, providerAccountId, email: idTokenEmail(account.id_token) } });
    await recordAudit(
      tx,
      { orgId: null, actorId: account.userId, ip },
      { action: "account.link", targetType: "user", targetId: account.userId, metadata: { provider: account.provider, identity: identityOf(account) } },
    );
    return check;
  });
}

/** Whether the user already has an identity of this provider (one per provider and account). */
export async function hasProviderLinked(userId: string, providerId: string, tx: Tx = db): Promise<boolean> {
  return (await tx.account.count({ where: { userId, provider: providerId } })) > 0;
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
  const sessionKeys = await deleteSessions(tx, userId);
  await tx.user.delete({ where: { id: userId } });
  return sessionKeys;
}

import "server-only";
import type { Role } from "@/lib/roles";
import { isUniqueViolation } from "@/server/authz/errors";
import { db, type Tx } from "@/server/db";
import { containsIgnoringCase } from "@/server/dialect";
import type { MemberQuery, MemberSort, SortDirection } from "./schemas";

// Data access for members and invitations: the only module of the feature that touches the database.

// ---------------------------------------------------------------- the directory

export interface MemberRow {
  userId: string;
  name: string | null;
  /** Present only when the caller may see emails. */
  email?: string | null;
  role: Role;
  joinedAt: Date;
}

export type MemberFilter = Pick<MemberQuery, "role" | "q">;

const containing = containsIgnoringCase;

function memberWhere(orgId: string, filter: MemberFilter, withEmails: boolean) {
  return {
    orgId,
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.q ? { user: { OR: [{ name: containing(filter.q) }, ...(withEmails ? [{ email: containing(filter.q) }] : [])] } } : {}),
  };
}

// Each order ends on a unique column so that pages never overlap or skip rows with equal keys.
function memberOrder(sort: MemberSort, dir: SortDirection) {
  switch (sort) {
    case "name":
      // sortName is the user's name in lower case, kept by database triggers: an index walk, not a join and a sort.
      return [{ sortName: dir }, { userId: dir }];
    case "email":
      return [{ user: { email: dir } }, { userId: dir }];
    case "role":
      return [{ role: dir }, { createdAt: dir }, { id: dir }];
    case "joined":
      return [{ createdAt: dir }, { id: dir }];
  }
}

/** One page of an org's members and the total for the filter: two queries, whatever the page. */
export async function listMembers(orgId: string, query: MemberQuery, { withEmails }: { withEmails: boolean }): Promise<{ rows: MemberRow[]; total: number }> {
  const where = memberWhere(orgId, query, withEmails);
  const [memberships, total] = await Promise.all([
    db.membership.findMany({
      where,
      orderBy: memberOrder(query.sort, query.dir),
      skip: (query.page - 1) * query.size,
      take: query.size,
      select: { userId: true, role: true, createdAt: true, user: { select: { name: true, email: withEmails } } },
    }),
    db.membership.count({ where }),
  ]);
  const rows = memberships.map(({ userId, role, createdAt, user }) => ({
    userId,
    name: user.name,
    role,
    joinedAt: createdAt,
    ...(withEmails ? { email: user.email } : {}),
  }));
  return { rows, total };
}

/**
 * Every member matching a filter, in batches, oldest membership first, for the CSV export. Keyset
 * paging on the (orgId, createdAt) index keeps each batch as cheap as the first, at any size.
 */
export async function* exportMembers(orgId: string, filter: MemberFilter, batchSize = 1_000): AsyncGenerator<Required<MemberRow>[]> {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const batch: { id: string; userId: string; role: Role; createdAt: Date; user: { name: string | null; email: string | null } }[] =
      await db.membership.findMany({
        where: {
          AND: [
            memberWhere(orgId, filter, true),
            after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {},
          ],
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: batchSize,
        select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
      });
    if (batch.length === 0) return;
    yield batch.map(({ userId, role, createdAt, user }) => ({ userId, name: user.name, email: user.email, role, joinedAt: createdAt }));
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

export interface MemberTarget {
  userId: string;
  role: Role;
  name: string | null;
  email: string | null;
}

/** Ids here are cuids (or the seed's "bigco-u-…"); anything else, e.g. a NUL from a URL, is nobody. */
const isRecordId = (id: string) => /^[\w-]{1,128}$/.test(id);

export async function findMember(orgId: string, userId: string): Promise<MemberTarget | null> {
  if (!isRecordId(userId)) return null;
  const membership = await db.membership.findUnique({
    where: { userId_orgId: { userId, orgId } },
    select: { userId: true, role: true, user: { select: { name: true, email: true } } },
  });
  return membership && { userId: membership.userId, role: membership.role, name: membership.user.name, email: membership.user.email };
}

// ---------------------------------------------------------------- role changes and removals

/** The current roles of some members, read inside the transaction. */
export async function memberRoles(tx: Tx, orgId: string, userIds: string[]): Promise<Map<string, Role>> {
  const rows = await tx.membership.findMany({ where: { orgId, userId: { in: userIds } }, select: { userId: true, role: true } });
  return new Map(rows.map((row) => [row.userId, row.role]));
}

export async function setMemberRoles(tx: Tx, orgId: string, userIds: string[], role: Role): Promise<void> {
  await tx.membership.updateMany({ where: { orgId, userId: { in: userIds } }, data: { role } });
}

export async function deleteMemberships(tx: Tx, orgId: string, userIds: string[]): Promise<void> {
  await tx.membership.deleteMany({ where: { orgId, userId: { in: userIds } } });
}

// ---------------------------------------------------------------- invitations

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  createdAt: Date;
  /** Null: the current link's email was not handed to the mail server (a failed send): resend it. */
  emailedAt: Date | null;
  invitedBy: string | null;
}

/** Invitations not yet accepted or revoked (expired ones included: they can be resent), newest first. */
export async function listPendingInvitations(orgId: string, limit = 200): Promise<PendingInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, emailedAt: true, invitedBy: { select: { name: true, email: true } } },
  });
  return rows.map(({ invitedBy, ...row }) => ({ ...row, invitedBy: invitedBy ? (invitedBy.name ?? invitedBy.email) : null }));
}

export interface InvitationTarget {
  id: string;
  email: string;
  role: Role;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export async function findInvitation(orgId: string, id: string): Promise<InvitationTarget | null> {
  if (!isRecordId(id)) return null;
  return db.invitation.findFirst({ where: { id, orgId }, select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true } });
}

export interface InvitationByToken {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  invitedById: string | null;
  org: { id: string; slug: string; name: string };
}

const byTokenSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedById: true,
  org: { select: { id: true, slug: true, name: true } },
} as const;

/** What the token holder may see (the public invitation page), and what accepting it reads. */
export async function findInvitationByTokenHash(tokenHash: string, tx: Tx = db): Promise<InvitationByToken | null> {
  return tx.invitation.findUnique({ where: { tokenHash }, select: byTokenSelect });
}

export async function isMember(orgId: string, userId: string, tx: Tx = db): Promise<boolean> {
  return (await tx.membership.count({ where: { orgId, userId } })) > 0;
}

export async function isMemberByEmail(tx: Tx, orgId: string, email: string): Promise<boolean> {
  return (await tx.membership.count({ where: { orgId, user: { email } } })) > 0;
}

export async function hasPendingInvitation(tx: Tx, orgId: string, email: string, now: Date): Promise<boolean> {
  return (await tx.invitation.count({ where: { orgId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } })) > 0;
}

/** An expired, still open invitation of the address is revoked: the new one takes its place. */
export async function supersedeExpiredInvitations(tx: Tx, orgId: string, email: string, now: Date): Promise<void> {
  await tx.invitation.updateMany({
    where: { orgId, email, acceptedAt: null, revokedAt: null, expiresAt: { lte: now } },
    data: { revokedAt: now, pendingEmail: null },
  });
}

/**
 * Creates an open invitation, or returns null when the address already has one: the unique index on
 * (orgId, pendingEmail) decides between concurrent invitations (on PostgreSQL the loser's
 * transaction is aborted, so the caller must refuse).
 */
export async function createInvitation(
  tx: Tx,
  data: { orgId: string; email: string; role: Role; tokenHash: string; expiresAt: Date; invitedById: string },
): Promise<{ id: string } | null> {
  try {
    return await tx.invitation.create({ data: { ...data, pendingEmail: data.email }, select: { id: true } });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** After the commit: the email carrying this token was handed to the mail server (a resend may have replaced the token since). */
export async function markInvitationEmailed(id: string, tokenHash: string, at: Date): Promise<void> {
  await db.invitation.updateMany({ where: { id, tokenHash }, data: { emailedAt: at } });
}

/**
 * Gives a pending invitation a new token and expiry; the old hash is overwritten, so the old link
 * stops working. False when it was accepted or revoked meanwhile.
 */
export async function renewInvitation(tx: Tx, orgId: string, id: string, tokenHash: string, expiresAt: Date): Promise<boolean> {
  const { count } = await tx.invitation.updateMany({
    where: { id, orgId, acceptedAt: null, revokedAt: null },
    data: { tokenHash, expiresAt, emailedAt: null },
  });
  return count === 1;
}

export async function revokeInvitation(tx: Tx, orgId: string, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.invitation.updateMany({ where: { id, orgId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now, pendingEmail: null } });
  return count === 1;
}

/**
 * Marks an invitation used, only if it still is pending and unexpired: of two concurrent accepts,
 * PostgreSQL makes the second wait for the first's row lock and then match nothing.
 */
export async function claimInvitation(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.invitation.updateMany({
    where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, pendingEmail: null },
  });
  return count === 1;
}

export async function createMembership(tx: Tx, data: { orgId: string; userId: string; role: Role }): Promise<void> {
  await tx.membership.create({ data, select: { id: true } });
}

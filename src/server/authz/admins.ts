import "server-only";
import type { Tx } from "@/server/db";
import { lockOrganizations } from "@/server/dialect";
import { GuardError } from "./errors";

// An organization always keeps at least one admin, and an invitation is only as good as its
// inviter's authority. Every path that can take the admin role away from someone — a demotion, a
// removal, leaving, deleting one's account, and anything added later — goes through `reduceAdmins`
// inside its transaction; none counts admins on its own.

export const LAST_ADMIN_MESSAGE = "An organization needs at least one admin. Make someone else an admin first.";

/**
 * The org's admin lock, held to the end of the transaction: a row lock on the Organization, taken
 * before any admin is read. Two changes that reduce an org's admins therefore run one after the
 * other, whichever app instance or connection runs them, and the second reads the first's result.
 * Several orgs are locked in id order, so two multi-org changes (two account deletions) cannot
 * deadlock (src/server/dialect.ts; SQLite needs no lock).
 */
export async function lockOrgAdmins(tx: Tx, orgIds: string[]): Promise<void> {
  await lockOrganizations(tx, orgIds);
}

/** The org's current admins; under the admin lock, no concurrent change can reduce them. */
async function adminUserIds(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({ where: { orgId, role: "admin" }, select: { userId: true } });
  return rows.map((row) => row.userId);
}

/**
 * Of these orgs, those that would have no admin once `losing` are no longer admins of them. Takes
 * the orgs' admin lock first and reads the admins after it, so the answer stays true until commit.
 */
export async function orgsLeftWithoutAdmin(tx: Tx, orgIds: string[], losing: string[]): Promise<string[]> {
  await lockOrgAdmins(tx, orgIds);
  const orphaned: string[] = [];
  for (const orgId of orgIds) {
    const admins = await adminUserIds(tx, orgId);
    if (admins.length > 0 && admins.every((id) => losing.includes(id))) orphaned.push(orgId);
  }
  return orphaned;
}

/**
 * `losing` stop being admins of the org (demoted, removed, leaving): refuses with a conflict if
 * nobody would be left, and otherwise revokes the pending invitations they sent there, which end
 * with their authority. Call it in the transaction, before the write that removes the role.
 */
export async function reduceAdmins(tx: Tx, orgId: string, losing: string[]): Promise<void> {
  if (losing.length === 0) return;
  if ((await orgsLeftWithoutAdmin(tx, [orgId], losing)).length > 0) throw new GuardError("conflict", LAST_ADMIN_MESSAGE);
  await revokeInvitationsSentBy(tx, [orgId], losing);
}

/**
 * For an account about to be deleted: takes the admin lock of every org the user administers and
 * returns the ids of those where they are the only admin. The orgs are read again under the lock,
 * in case the user was made admin somewhere meanwhile.
 */
export async function orgsOnlyAdministeredBy(tx: Tx, userId: string): Promise<string[]> {
  const locked = new Set<string>();
  for (;;) {
    const orgIds = (await tx.membership.findMany({ where: { userId, role: "admin" }, select: { orgId: true } })).map((row) => row.orgId);
    const unlocked = orgIds.filter((id) => !locked.has(id));
    if (unlocked.length === 0) return orgsLeftWithoutAdmin(tx, orgIds, [userId]);
    await lockOrgAdmins(tx, unlocked);
    unlocked.forEach((id) => locked.add(id));
  }
}

/** The pending invitations these users sent (in these orgs, or everywhere) are revoked: an invitation carries its inviter's authority. */
export async function revokeInvitationsSentBy(tx: Tx, orgIds: string[] | "everywhere", inviterIds: string[]): Promise<void> {
  await tx.invitation.updateMany({
    where: { ...(orgIds === "everywhere" ? {} : { orgId: { in: orgIds } }), invitedById: { in: inviterIds }, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date(), pendingEmail: null },
  });
}

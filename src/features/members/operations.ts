import "server-only";
import type { AuditEntry } from "@/features/audit/record";
import { hasRole, ROLE_LABELS, ROLES, type Role } from "@/lib/roles";
import { lockOrgAdmins, reduceAdmins } from "@/server/authz/admins";
import { GuardError } from "@/server/authz/errors";
import { can, defineOrgExport, defineOrgOperation, defineUserOperation, type OrgContext } from "@/server/authz/guard";
import { POLICIES } from "@/server/authz/policy";
import { mailDelivery, outboxMessages, type OutboxMessage } from "@/server/mailer";
import type { Tx } from "@/server/db";
import { INVALID_INVITATION, INVITATION_PROBLEMS, invitationStatus, isInvitationFor, wrongAccountMessage } from "./invitation-status";
import {
  ALREADY_INVITED,
  deliverInvitation,
  INVITER_GONE_MESSAGE,
  outboxScope,
  refuseRoleAbove,
  refuseSettled,
  spendEmailBudget,
  type AcceptedInvitation,
  type SavedInvitation,
} from "./invitations";
import {
  claimInvitation,
  createInvitation as saveInvitation,
  createMembership,
  deleteMemberships,
  exportMembers,
  findInvitation,
  findInvitationByTokenHash,
  findMember,
  hasPendingInvitation,
  isMember,
  isMemberByEmail,
  listMembers as queryMembers,
  listPendingInvitations,
  memberRoles,
  renewInvitation,
  revokeInvitation as markInvitationRevoked,
  setMemberRoles,
  supersedeExpiredInvitations,
  type InvitationTarget,
  type MemberRow,
  type MemberTarget,
  type PendingInvitation,
} from "./queries";
import {
  acceptInvitationSchema,
  bulkRemoveSchema,
  bulkRoleSchema,
  inviteSchema,
  leaveSchema,
  memberQuerySchema,
  updateRoleSchema,
  visibleQuery,
  type MemberQuery,
} from "./schemas";
import { hashInvitationToken, newInvitationToken } from "./tokens";

// Every operation of the members feature: the directory, role changes, removals and invitations,
// shared by the server actions (actions.ts) and the JSON API (src/app/api/orgs/[org]/members).
// Role changes and removals: whatever the path — one member, a selection, the API, concurrent requests — the
// rules are checked inside the write's transaction, under a lock on the org's admins:
// - nobody changes their own role or removes themselves here (leaving is its own action);
// - nobody grants a role above their own, or acts on a member whose role is above their own;
// - an organization always keeps at least one admin, and an admin's pending invitations end with
//   their admin role (both in src/server/authz/admins.ts, shared with account deletion).

export interface RoleChange {
  userId: string;
  from: Role;
  to: Role;
}

export interface Removal {
  userId: string;
  role: Role;
}

/**
 * Takes the admin lock, then re-reads the actor's and the targets' roles: the guard checked the
 * actor before the transaction, and a concurrent change may have demoted them since.
 */
async function lockAndLoad(tx: Tx, ctx: OrgContext, userIds: string[], minimum: Role) {
  await lockOrgAdmins(tx, [ctx.org.id]);
  const roles = await memberRoles(tx, ctx.org.id, [ctx.user.id, ...userIds]);
  const actorRole = roles.get(ctx.user.id);
  if (!actorRole || !hasRole(actorRole, minimum)) throw new GuardError("forbidden", "Your role in this organization changed: you can no longer do this.");
  const missing = userIds.filter((id) => !roles.has(id));
  if (missing.length)
    throw new GuardError("not_found", userIds.length === 1 ? "This person is not a member any more." : "Some of the selected people are not members any more.");
  return { actorRole, roles };
}

function refuseSelf(ctx: OrgContext, userIds: string[], message: string) {
  if (userIds.includes(ctx.user.id)) throw new GuardError("forbidden", message);
}

function refuseAbove(actorRole: Role, roles: Role[]) {
  if (roles.some((role) => !hasRole(actorRole, role))) throw new GuardError("forbidden", "You cannot act on a member whose role is above your own.");
}

export async function changeRoles(tx: Tx, ctx: OrgContext, userIds: string[], role: Role): Promise<RoleChange[]> {
  refuseSelf(ctx, userIds, "You cannot change your own role.");
  const { actorRole, roles } = await lockAndLoad(tx, ctx, userIds, POLICIES["members.updateRole"].min);
  if (!hasRole(actorRole, role)) throw new GuardError("forbidden", `You cannot grant a role above your own (${ROLE_LABELS[actorRole]}).`);
  refuseAbove(
    actorRole,
    userIds.map((id) => roles.get(id)!),
  );
  const changes = userIds.filter((id) => roles.get(id) !== role).map((id) => ({ userId: id, from: roles.get(id)!, to: role }));
  await reduceAdmins(
    tx,
    ctx.org.id,
    changes.filter((change) => change.from === "admin").map((change) => change.userId),
  );
  if (changes.length)
    await setMemberRoles(
      tx,
      ctx.org.id,
      changes.map((change) => change.userId),
      role,
    );
  return changes;
}

export async function removeMembers(tx: Tx, ctx: OrgContext, userIds: string[]): Promise<Removal[]> {
  refuseSelf(ctx, userIds, "You cannot remove yourself here. Use “Leave organization” instead.");
  const { actorRole, roles } = await lockAndLoad(tx, ctx, userIds, POLICIES["members.remove"].min);
  refuseAbove(
    actorRole,
    userIds.map((id) => roles.get(id)!),
  );
  await reduceAdmins(
    tx,
    ctx.org.id,
    userIds.filter((id) => roles.get(id) === "admin"),
  );
  await deleteMemberships(tx, ctx.org.id, userIds);
  return userIds.map((id) => ({ userId: id, role: roles.get(id)! }));
}

export async function leave(tx: Tx, ctx: OrgContext): Promise<Removal> {
  await lockOrgAdmins(tx, [ctx.org.id]);
  const role = (await memberRoles(tx, ctx.org.id, [ctx.user.id])).get(ctx.user.id);
  if (!role) throw new GuardError("not_found");
  if (role === "admin") await reduceAdmins(tx, ctx.org.id, [ctx.user.id]);
  await deleteMemberships(tx, ctx.org.id, [ctx.user.id]);
  return { userId: ctx.user.id, role };
}

// ---------------------------------------------------------------- audit entries

const roleChangeEvents = (changes: RoleChange[]): AuditEntry[] =>
  changes.map(({ userId, from, to }) => ({ action: "members.updateRole", targetType: "user", targetId: userId, metadata: { from, to } }));

const removalEvents = (removals: Removal[]): AuditEntry[] =>
  removals.map(({ userId, role }) => ({ action: "members.remove", targetType: "user", targetId: userId, metadata: { role } }));

const membersPage = (slug: string) => [`/dashboard/${slug}/members`, `/dashboard/${slug}`];

// ---------------------------------------------------------------- the directory

export interface MemberDirectoryPage extends Pick<MemberQuery, "page" | "size" | "sort" | "dir"> {
  members: MemberRow[];
  total: number;
}

/**
 * The member directory, one page at a time: the members page and GET /api/orgs/{org}/members.
 * Emails are for admins only: others can neither see, sort by nor search them.
 */
export const listMembers = defineOrgOperation({
  policy: "members.list",
  kind: "read",
  input: memberQuerySchema,
  async run({ ctx, input }): Promise<MemberDirectoryPage> {
    const withEmails = can(ctx, "members.viewEmails");
    const query = visibleQuery(input, withEmails);
    const { rows, total } = await queryMembers(ctx.org.id, query, { withEmails });
    return { members: rows, total, page: query.page, size: query.size, sort: query.sort, dir: query.dir };
  },
});

/**
 * CSV of the members matching the directory's filter (admins: it holds emails), oldest first.
 * Streamed in batches, so 100,000 members never sit in memory at once.
 */
export const exportMemberList = defineOrgExport({
  policy: "members.viewEmails",
  input: memberQuerySchema.pick({ role: true, q: true }),
  filename: (ctx) => `${ctx.org.slug}-members.csv`,
  header: ["name", "email", "role", "joined"],
  batches: (ctx, input) => exportMembers(ctx.org.id, input),
  cells: (member) => [member.name, member.email, ROLE_LABELS[member.role], member.joinedAt],
});

// ---------------------------------------------------------------- roles and removals

const loadMember = (ctx: OrgContext, userId: string): Promise<MemberTarget | null> => findMember(ctx.org.id, userId);

/** `{ org, target: userId, input: { role } }` */
export const updateMemberRole = defineOrgOperation({
  policy: "members.updateRole",
  input: updateRoleSchema,
  target: loadMember,
  run: ({ ctx, input, target, tx }) => changeRoles(tx, ctx, [target.userId], input.role),
  audit: ({ result }) => roleChangeEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
});

/** `{ org, target: userId }` */
export const removeMember = defineOrgOperation({
  policy: "members.remove",
  target: loadMember,
  run: ({ ctx, target, tx }) => removeMembers(tx, ctx, [target.userId]),
  audit: ({ result }) => removalEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
});

/** `{ org, input: { userIds, role } }`: all or nothing. */
export const bulkUpdateMemberRoles = defineOrgOperation({
  policy: "members.updateRole",
  input: bulkRoleSchema,
  run: ({ ctx, input, tx }) => changeRoles(tx, ctx, input.userIds, input.role),
  audit: ({ result }) => roleChangeEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
});

/** `{ org, input: { userIds } }`: all or nothing. */
export const bulkRemoveMembers = defineOrgOperation({
  policy: "members.remove",
  input: bulkRemoveSchema,
  run: ({ ctx, input, tx }) => removeMembers(tx, ctx, input.userIds),
  audit: ({ result }) => removalEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
});

/** `{ org, input: { confirm: true } }` */
export const leaveOrganization = defineOrgOperation({
  policy: "members.leave",
  input: leaveSchema,
  run: ({ ctx, tx }) => leave(tx, ctx),
  audit: ({ result }) => ({ action: "members.leave", targetType: "user", targetId: result.userId, metadata: { role: result.role } }),
  revalidate: () => ["/dashboard"],
});

// ---------------------------------------------------------------- invitations

export interface InvitationsPage {
  invitations: PendingInvitation[];
  /** The org's kept messages when no mail server is configured (null with SMTP). */
  outbox: OutboxMessage[] | null;
  /** The roles the admin may invite as: their own and below. */
  grantable: Role[];
}

/** The invitations page: pending invitations, and the outbox while email is not configured. */
export const listInvitations = defineOrgOperation({
  policy: "invitations.list",
  kind: "read",
  async run({ ctx }): Promise<InvitationsPage> {
    const invitations = await listPendingInvitations(ctx.org.id);
    const outbox = mailDelivery() === "outbox" ? outboxMessages(outboxScope(ctx.org.id)) : null;
    return { invitations, outbox, grantable: ROLES.filter((role) => hasRole(ctx.role, role)) };
  },
});

/** `{ org, input: { email, role } }`: saved in the transaction, emailed after the commit. */
export const inviteMember = defineOrgOperation({
  policy: "invitations.create",
  input: inviteSchema,
  async run({ ctx, input, tx }): Promise<SavedInvitation> {
    refuseRoleAbove(ctx, input.role);
    const now = new Date();
    if (await isMemberByEmail(tx, ctx.org.id, input.email)) {
      throw new GuardError("invalid", "Please correct the highlighted fields.", { email: "This person is already a member." });
    }
    if (await hasPendingInvitation(tx, ctx.org.id, input.email, now))
      throw new GuardError("invalid", "Please correct the highlighted fields.", ALREADY_INVITED);
    await spendEmailBudget(ctx);
    await supersedeExpiredInvitations(tx, ctx.org.id, input.email, now);
    const { token, tokenHash, expiresAt } = newInvitationToken(now);
    const created = await saveInvitation(tx, { orgId: ctx.org.id, email: input.email, role: input.role, tokenHash, expiresAt, invitedById: ctx.user.id });
    // A concurrent invitation of the same address committed first: the same answer as the check above.
    if (!created) throw new GuardError("invalid", "Please correct the highlighted fields.", ALREADY_INVITED);
    return { id: created.id, email: input.email, role: input.role, token, tokenHash, expiresAt };
  },
  audit: ({ result }) => ({
    action: "invitations.create",
    targetType: "invitation",
    targetId: result.id,
    metadata: { email: result.email, role: result.role },
  }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`, `/dashboard/${ctx.org.slug}`],
  afterCommit: ({ ctx, result }) => deliverInvitation(ctx, result),
});

const loadInvitation = (ctx: OrgContext, id: string): Promise<InvitationTarget | null> => findInvitation(ctx.org.id, id);

/** `{ org, target: invitationId }`: a new token and a new 7-day expiry; the previous link stops working. */
export const resendInvitation = defineOrgOperation({
  policy: "invitations.resend",
  target: loadInvitation,
  async run({ ctx, target, tx }): Promise<SavedInvitation> {
    refuseSettled(target);
    refuseRoleAbove(ctx, target.role);
    await spendEmailBudget(ctx);
    const { token, tokenHash, expiresAt } = newInvitationToken();
    if (!(await renewInvitation(tx, ctx.org.id, target.id, tokenHash, expiresAt)))
      throw new GuardError("conflict", "This invitation was accepted or revoked meanwhile.");
    return { id: target.id, email: target.email, role: target.role, token, tokenHash, expiresAt };
  },
  audit: ({ result }) => ({
    action: "invitations.resend",
    targetType: "invitation",
    targetId: result.id,
    metadata: { email: result.email, role: result.role },
  }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`],
  afterCommit: ({ ctx, result }) => deliverInvitation(ctx, result),
});

/** `{ org, target: invitationId }` */
export const revokeInvitation = defineOrgOperation({
  policy: "invitations.revoke",
  target: loadInvitation,
  async run({ ctx, target, tx }) {
    refuseSettled(target);
    if (!(await markInvitationRevoked(tx, ctx.org.id, target.id, new Date())))
      throw new GuardError("conflict", "This invitation was accepted or revoked meanwhile.");
    return { id: target.id, email: target.email };
  },
  audit: ({ result }) => ({ action: "invitations.revoke", targetType: "invitation", targetId: result.id, metadata: { email: result.email } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`, `/dashboard/${ctx.org.slug}`],
});

/** `{ token }`, by the signed-in person the invitation was sent to. Everything is checked again here, in the transaction that creates the membership. */
export const acceptInvitation = defineUserOperation({
  policy: "invitations.accept",
  input: acceptInvitationSchema,
  async run({ user, input, tx }): Promise<AcceptedInvitation> {
    const invitation = await findInvitationByTokenHash(hashInvitationToken(input.token), tx);
    if (!invitation) throw new GuardError("not_found", INVALID_INVITATION.message);
    const now = new Date();
    const status = invitationStatus(invitation, now);
    if (status !== "pending") throw new GuardError(status === "expired" ? "invalid" : "conflict", INVITATION_PROBLEMS[status].message);
    if (!isInvitationFor(invitation, user.email)) throw new GuardError("forbidden", wrongAccountMessage(invitation.email, user.email));
    if (await isMember(invitation.org.id, user.id, tx)) throw new GuardError("conflict", `You are already a member of ${invitation.org.name}.`);
    // The invitation carries its inviter's authority: under the org's admin lock (no demotion or
    // removal of the inviter can commit meanwhile), they must still be allowed to invite this role.
    await lockOrgAdmins(tx, [invitation.org.id]);
    const inviterRole = invitation.invitedById ? (await memberRoles(tx, invitation.org.id, [invitation.invitedById])).get(invitation.invitedById) : undefined;
    if (!inviterRole || !hasRole(inviterRole, POLICIES["invitations.create"].min) || !hasRole(inviterRole, invitation.role)) {
      throw new GuardError("conflict", INVITER_GONE_MESSAGE);
    }
    if (!(await claimInvitation(tx, invitation.id, now))) throw new GuardError("conflict", INVITATION_PROBLEMS.used.message);
    await createMembership(tx, { orgId: invitation.org.id, userId: user.id, role: invitation.role });
    return { invitationId: invitation.id, org: invitation.org, role: invitation.role, email: invitation.email };
  },
  audit: ({ result }) => ({
    orgId: result.org.id,
    action: "invitations.accept",
    targetType: "invitation",
    targetId: result.invitationId,
    metadata: { email: result.email, role: result.role },
  }),
  revalidate: ({ result }) => ["/dashboard", `/dashboard/${result.org.slug}/members`],
});

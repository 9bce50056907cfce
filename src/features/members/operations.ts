import "server-only";
import type { AuditEntry } from "@/features/audit/record";
import { hasRole, ROLE_LABELS, ROLES, type Role } from "@/lib/roles";
import { lockOrgAdmins, reduceAdmins } from "@/server/authz/admins";
import { GuardError } from "@/server/authz/errors";
import { can, type OrgContext, type OrgSpec, type Target } from "@/server/authz/guard";
import { POLICIES } from "@/server/authz/policy";
import type { Tx } from "@/server/db";
import { mailDelivery, outboxMessages, type OutboxMessage } from "@/server/mailer";
import { outboxScope } from "./invitations";
import {
  deleteMemberships,
  findMember,
  listMembers,
  listPendingInvitations,
  memberRoles,
  setMemberRoles,
  type MemberRow,
  type MemberTarget,
  type PendingInvitation,
} from "./queries";
import {
  bulkRemoveSchema,
  bulkRoleSchema,
  leaveSchema,
  memberQuerySchema,
  updateRoleSchema,
  visibleQuery,
  type BulkRemoveInput,
  type BulkRoleInput,
  type MemberQuery,
  type UpdateRoleInput,
} from "./schemas";

// Role changes and removals, shared by the server actions and the JSON API (each wraps these specs
// with the guard). Whatever the path — one member, a selection, the API, concurrent requests — the
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
  if (missing.length) throw new GuardError("not_found", userIds.length === 1 ? "This person is not a member any more." : "Some of the selected people are not members any more.");
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
  refuseAbove(actorRole, userIds.map((id) => roles.get(id)!));
  const changes = userIds.filter((id) => roles.get(id) !== role).map((id) => ({ userId: id, from: roles.get(id)!, to: role }));
  await reduceAdmins(tx, ctx.org.id, changes.filter((change) => change.from === "admin").map((change) => change.userId));
  if (changes.length) await setMemberRoles(tx, ctx.org.id, changes.map((change) => change.userId), role);
  return changes;
}

export async function removeMembers(tx: Tx, ctx: OrgContext, userIds: string[]): Promise<Removal[]> {
  refuseSelf(ctx, userIds, "You cannot remove yourself here. Use “Leave organization” instead.");
  const { actorRole, roles } = await lockAndLoad(tx, ctx, userIds, POLICIES["members.remove"].min);
  refuseAbove(actorRole, userIds.map((id) => roles.get(id)!));
  await reduceAdmins(tx, ctx.org.id, userIds.filter((id) => roles.get(id) === "admin"));
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

// ---------------------------------------------------------------- guard specs

/** A member as the guard's target (no owner: members are not owned). */
type Member = MemberTarget & Target;
const loadMember = (ctx: OrgContext, userId: string): Promise<Member | null> => findMember(ctx.org.id, userId);

export const updateRoleSpec: OrgSpec<UpdateRoleInput, Member, RoleChange[]> = {
  policy: "members.updateRole",
  input: updateRoleSchema,
  target: loadMember,
  run: ({ ctx, input, target, tx }) => changeRoles(tx, ctx, [target.userId], input.role),
  audit: ({ result }) => roleChangeEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
};

export const removeMemberSpec: OrgSpec<undefined, Member, Removal[]> = {
  policy: "members.remove",
  target: loadMember,
  run: ({ ctx, target, tx }) => removeMembers(tx, ctx, [target.userId]),
  audit: ({ result }) => removalEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
};

export const bulkRoleSpec: OrgSpec<BulkRoleInput, undefined, RoleChange[]> = {
  policy: "members.updateRole",
  input: bulkRoleSchema,
  run: ({ ctx, input, tx }) => changeRoles(tx, ctx, input.userIds, input.role),
  audit: ({ result }) => roleChangeEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
};

export const bulkRemoveSpec: OrgSpec<BulkRemoveInput, undefined, Removal[]> = {
  policy: "members.remove",
  input: bulkRemoveSchema,
  run: ({ ctx, input, tx }) => removeMembers(tx, ctx, input.userIds),
  audit: ({ result }) => removalEvents(result),
  revalidate: ({ ctx }) => membersPage(ctx.org.slug),
};

export const leaveSpec: OrgSpec<{ confirm: true }, undefined, Removal> = {
  policy: "members.leave",
  input: leaveSchema,
  run: ({ ctx, tx }) => leave(tx, ctx),
  audit: ({ result }) => ({ action: "members.leave", targetType: "user", targetId: result.userId, metadata: { role: result.role } }),
  revalidate: () => ["/dashboard"],
};

// ---------------------------------------------------------------- reads

export interface MemberDirectoryPage extends Pick<MemberQuery, "page" | "size" | "sort" | "dir"> {
  members: MemberRow[];
  total: number;
}

/**
 * The member directory, one page at a time: the members page and GET /api/orgs/{org}/members.
 * Emails are for admins only: others can neither see, sort by nor search them.
 */
export const listMembersOperation: OrgSpec<MemberQuery, undefined, MemberDirectoryPage> = {
  policy: "members.list",
  kind: "read",
  input: memberQuerySchema,
  async run({ ctx, input }) {
    const withEmails = can(ctx, "members.viewEmails");
    const query = visibleQuery(input, withEmails);
    const { rows, total } = await listMembers(ctx.org.id, query, { withEmails });
    return { members: rows, total, page: query.page, size: query.size, sort: query.sort, dir: query.dir };
  },
};

export interface InvitationsPage {
  invitations: PendingInvitation[];
  /** The org's kept messages when no mail server is configured (null with SMTP). */
  outbox: OutboxMessage[] | null;
  /** The roles the admin may invite as: their own and below. */
  grantable: Role[];
}

/** The invitations page: pending invitations, and the outbox while email is not configured. */
export const listInvitationsOperation: OrgSpec<undefined, undefined, InvitationsPage> = {
  policy: "invitations.list",
  kind: "read",
  async run({ ctx }) {
    const invitations = await listPendingInvitations(ctx.org.id);
    const outbox = mailDelivery() === "outbox" ? outboxMessages(outboxScope(ctx.org.id)) : null;
    return { invitations, outbox, grantable: ROLES.filter((role) => hasRole(ctx.role, role)) };
  },
};

import "server-only";
import { hasRole, ROLE_LABELS, type Role } from "@/lib/roles";
import { GuardError } from "@/server/authz/errors";
import type { OrgContext, OrgSpec, Target, UserSpec } from "@/server/authz/guard";
import { sendMail, type Delivery } from "@/server/mailer";
import { rateLimitStore } from "@/server/rate-limit";
import { INVALID_INVITATION, INVITATION_PROBLEMS, invitationStatus, isInvitationFor, wrongAccountMessage } from "./invitation-status";
import {
  claimInvitation,
  createInvitation,
  createMembership,
  findInvitation,
  findInvitationByTokenHashTx,
  hasPendingInvitation,
  isMember,
  isMemberByEmail,
  renewInvitation,
  revokeInvitation,
  type InvitationTarget,
} from "./queries";
import { acceptInvitationSchema, inviteSchema, type InviteInput } from "./schemas";
import { hashInvitationToken, invitationUrl, newInvitationToken } from "./tokens";

// Invitations: an admin invites an address with a role; a single-use link goes out by email (only
// the token's hash is stored); the person signed in with that address accepts it. Specs for the
// guard, used by the server actions.

/** Emails an org may send per hour (invitations and resends): this server must not become a spam relay. */
export const INVITATION_EMAILS_PER_HOUR = 50;
const HOUR_MS = 60 * 60 * 1000;

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

export function invitationEmail(args: { to: string; orgName: string; inviter: string; role: Role; url: string; expiresAt: Date }) {
  const role = ROLE_LABELS[args.role].toLowerCase();
  const expires = dateFormat.format(args.expiresAt);
  const intro = `${args.inviter} invited you to join ${args.orgName} on Orgdesk as ${role === "admin" ? "an" : "a"} ${role}.`;
  const note = `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this email.`;
  return {
    to: args.to,
    subject: `Join ${args.orgName} on Orgdesk`,
    text: `${intro}\n\nAccept the invitation:\n${args.url}\n\n${note}\n`,
    html:
      `<p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(args.url)}">Accept the invitation</a></p>` +
      `<p style="color:#666">${escapeHtml(note)}<br>${escapeHtml(args.url)}</p>`,
  };
}

async function spendEmailBudget(orgId: string): Promise<void> {
  const { count, resetInMs } = await rateLimitStore().hit(`invitations:org:${orgId}`, HOUR_MS);
  if (count > INVITATION_EMAILS_PER_HOUR) {
    const minutes = Math.max(1, Math.ceil(resetInMs / 60_000));
    throw new GuardError("rate_limited", `This organization sent too many invitations. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

/**
 * Sends inside the transaction on purpose: if the mail server refuses, the invitation (or its new
 * token) is rolled back and the admin is told, rather than a link existing that nobody received.
 * The cost is a transaction held open for the SMTP handoff, bounded by the mailer's timeouts.
 */
async function sendInvitation(ctx: OrgContext, invitation: { email: string; role: Role }, token: string, expiresAt: Date): Promise<Delivery> {
  const message = invitationEmail({
    to: invitation.email,
    orgName: ctx.org.name,
    inviter: ctx.user.name ?? ctx.user.email ?? "An admin",
    role: invitation.role,
    url: invitationUrl(token),
    expiresAt,
  });
  try {
    return await sendMail(message, { scope: outboxScope(ctx.org.id) });
  } catch (error) {
    console.error("[invitations] the invitation email could not be sent", error);
    throw new GuardError("unavailable", "The invitation email could not be sent, so nothing was saved. Please try again later.");
  }
}

/** The outbox scope of an org's mail: its admins see these messages, nobody else does. */
export function outboxScope(orgId: string): string {
  return `org:${orgId}`;
}

function refuseRoleAbove(ctx: OrgContext, role: Role) {
  if (!hasRole(ctx.role, role)) throw new GuardError("forbidden", `You cannot invite someone as ${ROLE_LABELS[role].toLowerCase()}: it is above your own role.`);
}

export interface SentInvitation {
  id: string;
  email: string;
  role: Role;
  delivery: Delivery;
}

export const createInvitationSpec: OrgSpec<InviteInput, undefined, SentInvitation> = {
  policy: "invitations.create",
  input: inviteSchema,
  async run({ ctx, input, tx }) {
    refuseRoleAbove(ctx, input.role);
    const now = new Date();
    if (await isMemberByEmail(tx, ctx.org.id, input.email)) {
      throw new GuardError("invalid", "Please correct the highlighted fields.", { email: "This person is already a member." });
    }
    if (await hasPendingInvitation(tx, ctx.org.id, input.email, now)) {
      throw new GuardError("invalid", "Please correct the highlighted fields.", { email: "This address already has a pending invitation. Resend it from the list." });
    }
    await spendEmailBudget(ctx.org.id);
    const { token, tokenHash, expiresAt } = newInvitationToken(now);
    const { id } = await createInvitation(tx, { orgId: ctx.org.id, email: input.email, role: input.role, tokenHash, expiresAt, invitedById: ctx.user.id });
    const delivery = await sendInvitation(ctx, input, token, expiresAt);
    return { id, email: input.email, role: input.role, delivery };
  },
  audit: ({ result }) => ({ action: "invitations.create", targetType: "invitation", targetId: result.id, metadata: { email: result.email, role: result.role } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`, `/dashboard/${ctx.org.slug}`],
};

type Invitation = InvitationTarget & Target;
const loadInvitation = (ctx: OrgContext, id: string): Promise<Invitation | null> => findInvitation(ctx.org.id, id);

function refuseSettled(invitation: InvitationTarget) {
  if (invitation.acceptedAt) throw new GuardError("conflict", "This invitation was already accepted.");
  if (invitation.revokedAt) throw new GuardError("conflict", "This invitation was already revoked.");
}

/** A new token and a new 7-day expiry; the previous link stops working. */
export const resendInvitationSpec: OrgSpec<undefined, Invitation, SentInvitation> = {
  policy: "invitations.resend",
  target: loadInvitation,
  async run({ ctx, target, tx }) {
    refuseSettled(target);
    refuseRoleAbove(ctx, target.role);
    await spendEmailBudget(ctx.org.id);
    const { token, tokenHash, expiresAt } = newInvitationToken();
    if (!(await renewInvitation(tx, ctx.org.id, target.id, tokenHash, expiresAt))) throw new GuardError("conflict", "This invitation was accepted or revoked meanwhile.");
    const delivery = await sendInvitation(ctx, target, token, expiresAt);
    return { id: target.id, email: target.email, role: target.role, delivery };
  },
  audit: ({ result }) => ({ action: "invitations.resend", targetType: "invitation", targetId: result.id, metadata: { email: result.email, role: result.role } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`],
};

export const revokeInvitationSpec: OrgSpec<undefined, Invitation, { id: string; email: string }> = {
  policy: "invitations.revoke",
  target: loadInvitation,
  async run({ ctx, target, tx }) {
    refuseSettled(target);
    if (!(await revokeInvitation(tx, ctx.org.id, target.id, new Date()))) throw new GuardError("conflict", "This invitation was accepted or revoked meanwhile.");
    return { id: target.id, email: target.email };
  },
  audit: ({ result }) => ({ action: "invitations.revoke", targetType: "invitation", targetId: result.id, metadata: { email: result.email } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`, `/dashboard/${ctx.org.slug}`],
};

export interface AcceptedInvitation {
  invitationId: string;
  org: { id: string; slug: string; name: string };
  role: Role;
  email: string;
}

/** Everything is checked again here, in the transaction that creates the membership. */
export const acceptInvitationSpec: UserSpec<{ token: string }, AcceptedInvitation> = {
  policy: "invitations.accept",
  input: acceptInvitationSchema,
  async run({ user, input, tx }) {
    const invitation = await findInvitationByTokenHashTx(tx, hashInvitationToken(input.token));
    if (!invitation) throw new GuardError("not_found", INVALID_INVITATION.message);
    const now = new Date();
    const status = invitationStatus(invitation, now);
    if (status !== "pending") throw new GuardError(status === "expired" ? "invalid" : "conflict", INVITATION_PROBLEMS[status].message);
    if (!isInvitationFor(invitation, user.email)) throw new GuardError("forbidden", wrongAccountMessage(invitation.email, user.email));
    if (await isMember(tx, invitation.org.id, user.id)) throw new GuardError("conflict", `You are already a member of ${invitation.org.name}.`);
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
};

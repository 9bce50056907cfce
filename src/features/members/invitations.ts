import "server-only";
import { hasRole, ROLE_LABELS, type Role } from "@/lib/roles";
import { lockOrgAdmins } from "@/server/authz/admins";
import { GuardError } from "@/server/authz/errors";
import type { OrgContext, OrgSpec, Target, UserSpec } from "@/server/authz/guard";
import { POLICIES } from "@/server/authz/policy";
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
  markInvitationEmailed,
  memberRoles,
  renewInvitation,
  revokeInvitation,
  supersedeExpiredInvitations,
  type InvitationTarget,
} from "./queries";
import { acceptInvitationSchema, inviteSchema, type InviteInput } from "./schemas";
import { hashInvitationToken, invitationUrl, newInvitationToken } from "./tokens";
import { env } from "@/server/env";

// Invitations: an admin invites an address with a role; a single-use link goes out by email (only
// the token's hash is stored); the person signed in with that address accepts it. Specs for the
// guard, used by the server actions.

/** Emails an org may send per hour (invitations and resends): this server must not become a spam relay. */
export const INVITATION_EMAILS_PER_HOUR = 50;
/** Emails one account may send per hour, whatever the orgs it administers (one account can create several). */
export const INVITATION_EMAILS_PER_SENDER_PER_HOUR = 50;
/** Emails the whole deployment (every instance, when they share Redis) may send per hour, by default. */
const HOUR_MS = 60 * 60 * 1000;

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/**
 * Text chosen by a user (an org's name, an inviter's name), as an email shows it: on one line
 * (no line or header of its own), without invisible or direction-changing characters, bounded, and
 * in quotes, so that it reads as a name and never as the email's own words.
 */
export function quotedUserText(text: string, max = 80): string {
  const line = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    // Its own quotation marks could close ours and open a sentence of its own.
    .replace(/["“”„«»]/g, "'")
    .trim();
  return `“${line.length > max ? `${line.slice(0, max - 1)}…` : line}”`;
}

/** The subject names nobody: a subject line is where a crafted org name would read as a call to action. */
export const INVITATION_SUBJECT = "You have been invited to an organization on Orgdesk";

export function invitationEmail(args: { to: string; orgName: string; inviter: string | null; role: Role; url: string; expiresAt: Date }) {
  const role = ROLE_LABELS[args.role].toLowerCase();
  const expires = dateFormat.format(args.expiresAt);
  const org = quotedUserText(args.orgName);
  const inviter = args.inviter ? quotedUserText(args.inviter) : "an admin";
  const intro = `You have been invited to join an organization on Orgdesk as ${/^[aeiou]/.test(role) ? "an" : "a"} ${role}.`;
  const origin = "The names in quotes were chosen by the organization's members, not by Orgdesk.";
  const note = `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this email.`;
  return {
    to: args.to,
    subject: INVITATION_SUBJECT,
    text: `${intro}\n\nOrganization: ${org}\nInvited by: ${inviter}\n${origin}\n\nAccept the invitation:\n${args.url}\n\n${note}\n`,
    html:
      `<p>${escapeHtml(intro)}</p>` +
      `<p>Organization: <strong>${escapeHtml(org)}</strong><br>Invited by: <strong>${escapeHtml(inviter)}</strong><br>` +
      `<span style="color:#666">${escapeHtml(origin)}</span></p>` +
      `<p><a href="${escapeHtml(args.url)}">Accept the invitation</a></p>` +
      `<p style="color:#666">${escapeHtml(note)}<br>${escapeHtml(args.url)}</p>`,
  };
}

function totalEmailsPerHour(): number {
  return env.INVITATION_EMAILS_PER_HOUR_TOTAL;
}

const inMinutes = (ms: number) => {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
};

/**
 * One email's share of three budgets, in this order: the sender's, the org's, the whole
 * deployment's. Counting stops at the first one exhausted, so a sender over their own budget
 * spends nobody else's (the deployment's budget is not theirs to use up).
 */
async function spendEmailBudget(ctx: OrgContext): Promise<void> {
  const budgets = [
    { key: `invitations:sender:${ctx.user.id}`, max: INVITATION_EMAILS_PER_SENDER_PER_HOUR, refusal: "You sent too many invitations." },
    { key: `invitations:org:${ctx.org.id}`, max: INVITATION_EMAILS_PER_HOUR, refusal: "This organization sent too many invitations." },
    { key: "invitations:total", max: totalEmailsPerHour(), refusal: "This server is sending too many invitations right now." },
  ];
  for (const budget of budgets) {
    const { count, resetInMs } = await rateLimitStore().hit(budget.key, HOUR_MS);
    if (count > budget.max) throw new GuardError("rate_limited", `${budget.refusal} Try again in ${inMinutes(resetInMs)}.`);
  }
}

/** What `run` hands to `afterCommit`: the link's token exists only in memory, on its way to the mail server. */
interface SavedInvitation {
  id: string;
  email: string;
  role: Role;
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

/** "failed": saved, but the mail server did not take the email; the list says so and offers "Resend". */
export type InvitationDelivery = Delivery | "failed";

/**
 * Sends after the commit, never inside the transaction: a slow mail server holds no transaction
 * open, and nobody receives a link to an invitation that was rolled back. A failed send leaves the
 * invitation saved with `emailedAt` null, shown on the invitations page, and says so to the admin.
 */
async function deliverInvitation(ctx: OrgContext, invitation: SavedInvitation): Promise<SentInvitation> {
  const { id, email, role } = invitation;
  const message = invitationEmail({
    to: email,
    orgName: ctx.org.name,
    inviter: ctx.user.name ?? null,
    role,
    url: invitationUrl(invitation.token),
    expiresAt: invitation.expiresAt,
  });
  let delivery: InvitationDelivery;
  try {
    delivery = await sendMail(message, { scope: outboxScope(ctx.org.id) });
  } catch (error) {
    console.error("[invitations] the invitation email could not be sent", error);
    return { id, email, role, delivery: "failed" };
  }
  try {
    await markInvitationEmailed(id, invitation.tokenHash, new Date());
  } catch (error) {
    console.error("[invitations] the invitation was emailed, but that could not be recorded", error);
  }
  return { id, email, role, delivery };
}

/** The outbox scope of an org's mail: its admins see these messages, nobody else does. */
export function outboxScope(orgId: string): string {
  return `org:${orgId}`;
}

function refuseRoleAbove(ctx: OrgContext, role: Role) {
  if (!hasRole(ctx.role, role)) throw new GuardError("forbidden", `You cannot invite someone as ${ROLE_LABELS[role].toLowerCase()}: it is above your own role.`);
}

const ALREADY_INVITED = { email: "This address already has a pending invitation. Resend it from the list." };

export interface SentInvitation {
  id: string;
  email: string;
  role: Role;
  delivery: InvitationDelivery;
}

export const createInvitationSpec: OrgSpec<InviteInput, undefined, SavedInvitation, SentInvitation> = {
  policy: "invitations.create",
  input: inviteSchema,
  async run({ ctx, input, tx }) {
    refuseRoleAbove(ctx, input.role);
    const now = new Date();
    if (await isMemberByEmail(tx, ctx.org.id, input.email)) {
      throw new GuardError("invalid", "Please correct the highlighted fields.", { email: "This person is already a member." });
    }
    if (await hasPendingInvitation(tx, ctx.org.id, input.email, now)) throw new GuardError("invalid", "Please correct the highlighted fields.", ALREADY_INVITED);
    await spendEmailBudget(ctx);
    await supersedeExpiredInvitations(tx, ctx.org.id, input.email, now);
    const { token, tokenHash, expiresAt } = newInvitationToken(now);
    const created = await createInvitation(tx, { orgId: ctx.org.id, email: input.email, role: input.role, tokenHash, expiresAt, invitedById: ctx.user.id });
    // A concurrent invitation of the same address committed first: the same answer as the check above.
    if (!created) throw new GuardError("invalid", "Please correct the highlighted fields.", ALREADY_INVITED);
    return { id: created.id, email: input.email, role: input.role, token, tokenHash, expiresAt };
  },
  audit: ({ result }) => ({ action: "invitations.create", targetType: "invitation", targetId: result.id, metadata: { email: result.email, role: result.role } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`, `/dashboard/${ctx.org.slug}`],
  afterCommit: ({ ctx, result }) => deliverInvitation(ctx, result),
};

type Invitation = InvitationTarget & Target;
const loadInvitation = (ctx: OrgContext, id: string): Promise<Invitation | null> => findInvitation(ctx.org.id, id);

function refuseSettled(invitation: InvitationTarget) {
  if (invitation.acceptedAt) throw new GuardError("conflict", "This invitation was already accepted.");
  if (invitation.revokedAt) throw new GuardError("conflict", "This invitation was already revoked.");
}

/** A new token and a new 7-day expiry; the previous link stops working. */
export const resendInvitationSpec: OrgSpec<undefined, Invitation, SavedInvitation, SentInvitation> = {
  policy: "invitations.resend",
  target: loadInvitation,
  async run({ ctx, target, tx }) {
    refuseSettled(target);
    refuseRoleAbove(ctx, target.role);
    await spendEmailBudget(ctx);
    const { token, tokenHash, expiresAt } = newInvitationToken();
    if (!(await renewInvitation(tx, ctx.org.id, target.id, tokenHash, expiresAt))) throw new GuardError("conflict", "This invitation was accepted or revoked meanwhile.");
    return { id: target.id, email: target.email, role: target.role, token, tokenHash, expiresAt };
  },
  audit: ({ result }) => ({ action: "invitations.resend", targetType: "invitation", targetId: result.id, metadata: { email: result.email, role: result.role } }),
  revalidate: ({ ctx }) => [`/dashboard/${ctx.org.slug}/members/invitations`],
  afterCommit: ({ ctx, result }) => deliverInvitation(ctx, result),
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

export const INVITER_GONE_MESSAGE = "This invitation is no longer valid: the person who sent it can no longer invite you. Ask an admin of the organization for a new one.";

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
};

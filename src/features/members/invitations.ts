import "server-only";
import { hasRole, ROLE_LABELS, type Role } from "@/lib/roles";
import { GuardError } from "@/server/authz/errors";
import type { OrgContext } from "@/server/authz/guard";
import { sendMail, type Delivery } from "@/server/mailer";
import { rateLimitStore } from "@/server/rate-limit";
import { markInvitationEmailed, type InvitationTarget } from "./queries";
import { invitationUrl } from "./tokens";
import { env } from "@/server/env";

// Invitations: an admin invites an address with a role; a single-use link goes out by email (only
// the token's hash is stored); the person signed in with that address accepts it. The email, the
// sending budgets and the delivery after the commit; the operations are in operations.ts.

/** Emails an org may send per hour (invitations and resends): this server must not become a spam relay. */
export const INVITATION_EMAILS_PER_HOUR = 50;
/** Emails one account may send per hour, whatever the orgs it administers (one account can create several). */
export const INVITATION_EMAILS_PER_SENDER_PER_HOUR = 50;
/** Emails the whole deployment (every instance, when they share Redis) may send per hour, by default. */
const HOUR_MS = 60 * 60 * 1000;

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

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
export async function spendEmailBudget(ctx: OrgContext): Promise<void> {
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
export interface SavedInvitation {
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
export async function deliverInvitation(ctx: OrgContext, invitation: SavedInvitation): Promise<SentInvitation> {
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

export function refuseRoleAbove(ctx: OrgContext, role: Role) {
  if (!hasRole(ctx.role, role))
    throw new GuardError("forbidden", `You cannot invite someone as ${ROLE_LABELS[role].toLowerCase()}: it is above your own role.`);
}

export const ALREADY_INVITED = { email: "This address already has a pending invitation. Resend it from the list." };

export interface SentInvitation {
  id: string;
  email: string;
  role: Role;
  delivery: InvitationDelivery;
}

export function refuseSettled(invitation: InvitationTarget) {
  if (invitation.acceptedAt) throw new GuardError("conflict", "This invitation was already accepted.");
  if (invitation.revokedAt) throw new GuardError("conflict", "This invitation was already revoked.");
}

export interface AcceptedInvitation {
  invitationId: string;
  org: { id: string; slug: string; name: string };
  role: Role;
  email: string;
}

export const INVITER_GONE_MESSAGE =
  "This invitation is no longer valid: the person who sent it can no longer invite you. Ask an admin of the organization for a new one.";

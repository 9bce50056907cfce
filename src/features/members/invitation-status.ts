// What an invitation link can still do, in words for the person holding it. Shared by the public
// invitation page (what it shows) and the accept action (what it refuses), so they never disagree.

export type InvitationStatus = "pending" | "expired" | "revoked" | "used";

export interface InvitationState {
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export function invitationStatus(invitation: InvitationState, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}

export const INVITATION_PROBLEMS: Record<Exclude<InvitationStatus, "pending">, { title: string; message: string }> = {
  used: { title: "Invitation already used", message: "This invitation has already been accepted. Each link works once." },
  revoked: { title: "Invitation revoked", message: "An admin withdrew this invitation. Ask them for a new one if you still need access." },
  expired: { title: "Invitation expired", message: "This invitation has expired. Ask an admin of the organization to send it again." },
};

export const INVALID_INVITATION = {
  title: "Invitation not found",
  message: "This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.",
};

/** Addresses are stored lowercased; compare the same way whatever the sign-in provider returned. */
export function isInvitationFor(invitation: { email: string }, email: string | null | undefined): boolean {
  return !!email && invitation.email.toLowerCase() === email.trim().toLowerCase();
}

export function wrongAccountMessage(invitedEmail: string, signedInEmail: string | null): string {
  return `This invitation was sent to ${invitedEmail}, but you are signed in as ${signedInEmail ?? "an account without an email address"}. Sign in with the invited address to accept it.`;
}

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/roles";
import { db } from "@/server/db";
import { outboxMessages } from "@/server/mailer";
import { addMember, createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { acceptInvitation, inviteMember, resendInvitation, revokeInvitation } from "./actions";
import { INVITATION_EMAILS_PER_HOUR, outboxScope } from "./invitations";
import { listPendingInvitations } from "./queries";
import { hashInvitationToken, INVITATION_TTL_MS } from "./tokens";

// Without SMTP_URL the mailer keeps messages in its outbox: the tests read the links from there,
// as an invitee would from their inbox.

const LINK = /\/invite\/([A-Za-z0-9_-]{43})\b/;

function lastTokenSentTo(org: TestOrg, email: string): string {
  const message = outboxMessages(outboxScope(org.id)).find((m) => m.to === email);
  const token = message?.text.match(LINK)?.[1];
  if (!token) throw new Error(`no invitation link was sent to ${email}`);
  return token;
}

async function invite(org: TestOrg, role: Role = "editor") {
  const invitee = await createUser("Invitee");
  actAs(org.admin);
  const result = await inviteMember({ org: org.slug, input: { email: invitee.email!.toUpperCase(), role } });
  if (!result.ok) throw new Error(result.error);
  return { invitee, invitationId: result.data.id, token: lastTokenSentTo(org, invitee.email!) };
}

const membershipOf = (orgId: string, userId: string) => db.membership.findUnique({ where: { userId_orgId: { userId, orgId } } });

// The outbox logs every message in full; dozens of them would bury the test report.
beforeAll(() => void vi.spyOn(console, "info").mockImplementation(() => {}));
afterEach(() => actAs(null));

describe("invitation tokens", () => {
  it("stores only the token's SHA-256; the link is 32 random bytes, valid 7 days", async () => {
    const org = await createOrg("invite-hash");
    const before = Date.now();
    const { invitee, invitationId, token } = await invite(org, "editor");
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(row).toMatchObject({ email: invitee.email, role: "editor", invitedById: org.admin.id, acceptedAt: null, revokedAt: null });
    expect(row.tokenHash).toBe(hashInvitationToken(token));
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + INVITATION_TTL_MS);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + INVITATION_TTL_MS);
    // Nowhere at rest: not in the invitation, not in the audit trail.
    expect(JSON.stringify(row)).not.toContain(token);
    const events = await db.auditEvent.findMany({ where: { orgId: org.id } });
    expect(events.map((event) => event.action)).toContain("invitations.create");
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it("is accepted once, by the invited address, which becomes a member with the invited role", async () => {
    const org = await createOrg("invite-accept");
    const { invitee, invitationId, token } = await invite(org, "editor");

    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: true, data: { org: { slug: org.slug }, role: "editor" } });
    expect((await membershipOf(org.id, invitee.id))?.role).toBe("editor");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).acceptedAt).toBeInstanceOf(Date);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitations.accept", actorId: invitee.id, targetId: invitationId } })).toBe(1);

    // Single use, even for the same person.
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "conflict" });
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(4);
  });

  it("refuses the wrong account, and anonymous or malformed attempts, changing nothing", async () => {
    const org = await createOrg("invite-wrong");
    const { invitee, invitationId, token } = await invite(org);
    const someoneElse = await createUser("Someone Else");

    actAs(someoneElse);
    const wrong = await acceptInvitation({ token });
    expect(wrong).toMatchObject({ ok: false, code: "forbidden" });
    expect(!wrong.ok && wrong.error).toContain(invitee.email);
    actAs(null);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "unauthenticated" });
    actAs(invitee);
    expect(await acceptInvitation({ token: "not-a-token" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await acceptInvitation({ token: "A".repeat(43) })).toMatchObject({ ok: false, code: "not_found" });

    expect(await membershipOf(org.id, someoneElse.id)).toBeNull();
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).acceptedAt).toBeNull();
    expect(await acceptInvitation({ token })).toMatchObject({ ok: true });
  });

  it("expires after 7 days", async () => {
    const org = await createOrg("invite-expired");
    const { invitee, invitationId, token } = await invite(org);
    await db.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("expired") });
    expect(await membershipOf(org.id, invitee.id)).toBeNull();
  });

  it("stops working when revoked; a revoked invitation cannot be revoked or resent again", async () => {
    const org = await createOrg("invite-revoke");
    const { invitee, invitationId, token } = await invite(org);
    expect(await revokeInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: true });
    expect(await revokeInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: false, code: "conflict" });
    expect(await resendInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: false, code: "conflict" });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitations.revoke", targetId: invitationId } })).toBe(1);
    expect(await listPendingInvitations(org.id)).toEqual([]);

    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "conflict", error: expect.stringContaining("withdrew") });
    expect(await membershipOf(org.id, invitee.id)).toBeNull();
  });

  it("resend issues a new token and expiry and kills the old link", async () => {
    const org = await createOrg("invite-resend");
    const { invitee, invitationId, token: oldToken } = await invite(org, "viewer");
    await db.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    actAs(org.admin);
    expect(await resendInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: true, data: { email: invitee.email, delivery: "outbox" } });
    const newToken = lastTokenSentTo(org, invitee.email!);
    expect(newToken).not.toBe(oldToken);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row.tokenHash).toBe(hashInvitationToken(newToken));
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + INVITATION_TTL_MS - 60_000);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitations.resend", targetId: invitationId } })).toBe(1);

    actAs(invitee);
    expect(await acceptInvitation({ token: oldToken })).toMatchObject({ ok: false, code: "not_found" });
    expect(await acceptInvitation({ token: newToken })).toMatchObject({ ok: true, data: { role: "viewer" } });
  });
});

describe("inviting", () => {
  it("is for admins only, within the org, and refuses members and duplicates", async () => {
    const org = await createOrg("invite-rules");
    const other = await createOrg("invite-other");
    actAs(org.editor);
    expect(await inviteMember({ org: org.slug, input: { email: "new@example.test", role: "viewer" } })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(other.admin);
    expect(await inviteMember({ org: org.slug, input: { email: "new@example.test", role: "viewer" } })).toMatchObject({ ok: false, code: "not_found" });

    const { invitationId } = await invite(org);
    actAs(other.admin);
    expect(await revokeInvitation({ org: other.slug, target: invitationId })).toMatchObject({ ok: false, code: "not_found" });

    actAs(org.admin);
    expect(await inviteMember({ org: org.slug, input: { email: org.viewer.email, role: "editor" } })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { email: "This person is already a member." },
    });
    const pending = (await listPendingInvitations(org.id))[0]!;
    expect(await inviteMember({ org: org.slug, input: { email: pending.email, role: "admin" } })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { email: expect.stringContaining("pending invitation") },
    });
    expect(await inviteMember({ org: org.slug, input: { email: "not an email", role: "viewer" } })).toMatchObject({ ok: false, code: "invalid" });
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("refuses an invitation for someone who joined meanwhile, without using it up", async () => {
    const org = await createOrg("invite-joined");
    const { invitee, invitationId, token } = await invite(org);
    await db.membership.create({ data: { orgId: org.id, userId: invitee.id, role: "viewer" } });
    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "conflict", error: expect.stringContaining("already a member") });
    expect((await membershipOf(org.id, invitee.id))?.role).toBe("viewer");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).acceptedAt).toBeNull();
  });

  it(`sends at most ${INVITATION_EMAILS_PER_HOUR} emails per org per hour`, async () => {
    const org = await createOrg("invite-budget");
    const { invitationId } = await invite(org);
    actAs(org.admin);
    for (let i = 1; i < INVITATION_EMAILS_PER_HOUR; i++) {
      expect(await resendInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: true });
    }
    expect(await resendInvitation({ org: org.slug, target: invitationId })).toMatchObject({ ok: false, code: "rate_limited" });
    // Another org has its own budget.
    const other = await createOrg("invite-budget-other");
    await expect(invite(other)).resolves.toMatchObject({ token: expect.any(String) });
  });

  it("saves nothing when the mail server refuses the message", async () => {
    const org = await createOrg("invite-smtp-down");
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens on port 1
    try {
      actAs(org.admin);
      expect(await inviteMember({ org: org.slug, input: { email: "someone@example.test", role: "viewer" } })).toMatchObject({ ok: false, code: "unavailable" });
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
    }
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitations.create" } })).toBe(0);
  });

  it("lets a new admin's invitation make an admin, and the new admin act at once", async () => {
    const org = await createOrg("invite-admin");
    const { invitee, token } = await invite(org, "admin");
    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: true, data: { role: "admin" } });
    const viewer = await addMember(org.id, "viewer");
    expect(await inviteMember({ org: org.slug, input: { email: "next@example.test", role: "editor" } })).toMatchObject({ ok: true });
    expect(await revokeInvitation({ org: org.slug, target: (await listPendingInvitations(org.id))[0]!.id })).toMatchObject({ ok: true });
    expect(await membershipOf(org.id, viewer.id)).not.toBeNull();
  });
});

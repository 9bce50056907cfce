import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deleteAccount } from "@/features/accounts/settings-actions";
import type { Role } from "@/lib/roles";
import { db, provider } from "@/server/db";
import { outboxMessages } from "@/server/mailer";
import { hashPassword } from "@/server/password";
import type { SessionUser } from "@/server/session";
import { addMember, createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { as, closeInstance, onInstance, otherInstance, raceWhileHolding } from "@/test/instances";
import { actAs } from "@/test/request-context";
import { acceptInvitation, bulkUpdateMemberRoles, inviteMember, leaveOrganization, removeMember, resendInvitation, revokeInvitation } from "./actions";
import { INVITATION_EMAILS_PER_HOUR, INVITATION_EMAILS_PER_SENDER_PER_HOUR, INVITER_GONE_MESSAGE, outboxScope } from "./invitations";
import { listPendingInvitations } from "./queries";
import { hashInvitationToken, INVITATION_TTL_MS } from "./tokens";

// Without SMTP_URL the mailer keeps messages in its outbox: the tests read the links from there,
// as an invitee would from their inbox. Races run on two app instances (two Prisma clients and
// pools on PostgreSQL, src/test/instances.ts).
vi.mock("@/server/db", async (importOriginal) => (await import("@/test/instances")).routedDbModule(await importOriginal()));
vi.mock("@/server/session", async () => (await import("@/test/instances")).sessionModule());
const second = await otherInstance();
afterAll(() => closeInstance(second));

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
    expect(await inviteMember({ org: org.slug, input: { email: org.viewer.email!, role: "editor" } })).toMatchObject({
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

  it("saves the invitation when the mail server refuses the email after the commit, says so, and resends it", async () => {
    const org = await createOrg("invite-smtp-down");
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens on port 1
    let sent;
    try {
      actAs(org.admin);
      sent = await inviteMember({ org: org.slug, input: { email: "someone@example.test", role: "viewer" } });
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
    }
    expect(sent).toMatchObject({ ok: true, data: { email: "someone@example.test", delivery: "failed" } });
    // Saved and audited; the invitations page shows that its email did not go out.
    const [pending] = await listPendingInvitations(org.id);
    expect(pending).toMatchObject({ email: "someone@example.test", emailedAt: null });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "invitations.create" } })).toBe(1);

    expect(await resendInvitation({ org: org.slug, target: pending!.id })).toMatchObject({ ok: true, data: { delivery: "outbox" } });
    expect((await listPendingInvitations(org.id))[0]!.emailedAt).toBeInstanceOf(Date);
    const invitee = await db.user.create({
      data: { name: "Someone", email: "someone@example.test" },
      select: { id: true, name: true, email: true, image: true },
    });
    actAs(invitee);
    expect(await acceptInvitation({ token: lastTokenSentTo(org, "someone@example.test") })).toMatchObject({ ok: true });
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

describe("an invitation carries its inviter's authority", () => {
  const PASSWORD = "a long and unusual passphrase";

  /** A second admin pre-invites an address of their own (a second account), as admin. */
  async function preInvite(label: string) {
    const org = await createOrg(label);
    const inviter = await addMember(org.id, "admin", "Pre Inviter");
    await db.user.update({ where: { id: inviter.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const alias = await createUser("Inviter Alias");
    actAs(inviter);
    const result = await inviteMember({ org: org.slug, input: { email: alias.email!, role: "admin" } });
    if (!result.ok) throw new Error(result.error);
    return { org, inviter, alias, invitationId: result.data.id, token: lastTokenSentTo(org, alias.email!) };
  }

  const endings: Record<string, (org: TestOrg, inviter: SessionUser) => Promise<{ ok: boolean }>> = {
    "is removed": (org, inviter) => as(org.admin, () => removeMember({ org: org.slug, target: inviter.id })),
    "loses the admin role": (org, inviter) => as(org.admin, () => bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [inviter.id], role: "editor" } })),
    leaves: (org, inviter) => as(inviter, () => leaveOrganization({ org: org.slug, input: { confirm: true } })),
    "deletes their account": (_, inviter) => as(inviter, () => deleteAccount({ password: PASSWORD, confirm: "DELETE" })),
  };

  for (const [ending, end] of Object.entries(endings)) {
    it(`is revoked when the inviter ${ending}, and cannot make them admin again`, async () => {
      const { org, inviter, alias, invitationId, token } = await preInvite(`authority-${ending.split(" ")[0]}`);
      expect(await end(org, inviter)).toMatchObject({ ok: true });
      expect(await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({ revokedAt: expect.any(Date), acceptedAt: null });
      expect(await listPendingInvitations(org.id)).toEqual([]);
      actAs(alias);
      expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "conflict" });
      expect(await membershipOf(org.id, alias.id)).toBeNull();
    });
  }

  it("is re-checked when accepted: an inviter who is no longer an admin there cannot bring anyone in", async () => {
    const { org, inviter, alias, token } = await preInvite("authority-recheck");
    // As if the demotion committed between the invitation page and the click: nothing revoked it.
    await db.membership.update({ where: { userId_orgId: { userId: inviter.id, orgId: org.id } }, data: { role: "editor" } });
    actAs(alias);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: false, code: "conflict", error: INVITER_GONE_MESSAGE });
    expect(await membershipOf(org.id, alias.id)).toBeNull();
  });

  it("an invitation by an admin who stays an admin still works", async () => {
    const { org, alias, token } = await preInvite("authority-kept");
    actAs(org.admin);
    expect(await removeMember({ org: org.slug, target: org.viewer.id })).toMatchObject({ ok: true });
    actAs(alias);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: true, data: { role: "admin" } });
  });
});

describe("one pending invitation per org and address", () => {
  it("of two concurrent invitations of one address (two instances), one is saved and the other gets the field's answer", async () => {
    for (let round = 0; round < 2; round++) {
      const org = await createOrg(`invite-race-${round}`);
      const otherAdmin = await addMember(org.id, "admin", "other admin");
      const email = `raced-${round}-${Date.now()}@example.test`;
      // Both check "no pending invitation" before either inserts: the insert waits for the org row
      // (its foreign key), held here until both have started.
      const results = await raceWhileHolding(
        async (tx) => (provider === "postgresql" ? tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${org.id} FOR UPDATE` : null),
        [
          () => as(org.admin, () => inviteMember({ org: org.slug, input: { email, role: "viewer" } })),
          () => onInstance(second, () => as(otherAdmin, () => inviteMember({ org: org.slug, input: { email, role: "editor" } }))),
        ],
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({ code: "invalid", fieldErrors: { email: expect.stringContaining("pending invitation") } });
      expect(await db.invitation.count({ where: { orgId: org.id, email } })).toBe(1);

      const invitee = await db.user.create({ data: { name: "Raced", email }, select: { id: true, name: true, email: true, image: true } });
      actAs(invitee);
      expect(await acceptInvitation({ token: lastTokenSentTo(org, email) })).toMatchObject({ ok: true });
    }
  });

  it("an expired invitation gives way to a new one", async () => {
    const org = await createOrg("invite-expired-again");
    const { invitee, invitationId } = await invite(org);
    await db.invitation.update({ where: { id: invitationId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    actAs(org.admin);
    const again = await inviteMember({ org: org.slug, input: { email: invitee.email!, role: "viewer" } });
    expect(again).toMatchObject({ ok: true });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect((await listPendingInvitations(org.id)).map((row) => row.email)).toEqual([invitee.email]);
  });
});

describe("email budgets", () => {
  it(`an admin of several orgs sends at most ${INVITATION_EMAILS_PER_SENDER_PER_HOUR} emails an hour in all`, async () => {
    const first = await createOrg("sender-budget-a");
    const { invitationId } = await invite(first);
    const other = await createOrg("sender-budget-b");
    await db.membership.create({ data: { orgId: other.id, userId: first.admin.id, role: "admin" } });
    actAs(first.admin);
    for (let i = 1; i < INVITATION_EMAILS_PER_SENDER_PER_HOUR; i++) {
      expect(await resendInvitation({ org: first.slug, target: invitationId })).toMatchObject({ ok: true });
    }
    expect(await inviteMember({ org: other.slug, input: { email: "one-more@example.test", role: "viewer" } })).toMatchObject({
      ok: false,
      code: "rate_limited",
      error: expect.stringContaining("You sent too many invitations"),
    });
    expect(await db.invitation.count({ where: { orgId: other.id } })).toBe(0);
    // The other org's own admin still has their budget.
    actAs(other.admin);
    expect(await inviteMember({ org: other.slug, input: { email: "one-more@example.test", role: "viewer" } })).toMatchObject({ ok: true });
  });

  it("the whole deployment sends at most INVITATION_EMAILS_PER_HOUR_TOTAL emails an hour, whoever sends them", async () => {
    const previous = process.env.INVITATION_EMAILS_PER_HOUR_TOTAL;
    process.env.INVITATION_EMAILS_PER_HOUR_TOTAL = "3";
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) {
        const org = await createOrg(`total-budget-${i}`);
        actAs(org.admin);
        answers.push(await inviteMember({ org: org.slug, input: { email: `total-${i}@example.test`, role: "viewer" } }));
      }
      expect(answers.at(-1)).toMatchObject({ ok: false, code: "rate_limited", error: expect.stringContaining("This server is sending too many invitations") });
    } finally {
      if (previous === undefined) delete process.env.INVITATION_EMAILS_PER_HOUR_TOTAL;
      else process.env.INVITATION_EMAILS_PER_HOUR_TOTAL = previous;
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { db } from "@/server/db";
import { createOrg, createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { acceptInvitation, inviteMember } from "./actions";

// The invitation email through a real SMTP server on loopback: what nodemailer hands over is what
// an inbox would receive, and its link is the one that works.

interface Received {
  from: string;
  to: string[];
  raw: string;
  /** Whether the invitation was already committed (seen from another connection) when its email arrived. */
  committedOnArrival: boolean;
}

const received: Received[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", async () => {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      const committed = await db.invitation.count({ where: { email: { in: to }, acceptedAt: null, revokedAt: null } });
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to,
        raw: Buffer.concat(chunks).toString("utf8"),
        committedOnArrival: committed > 0,
      });
      callback();
    });
  },
});

let previousUrl: string | undefined;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  previousUrl = process.env.SMTP_URL;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (previousUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousUrl;
  await new Promise<void>((resolve) => server.close(resolve));
});

/** Undoes quoted-printable (soft line breaks, =XX escapes of UTF-8 bytes), which nodemailer uses for long lines. */
const decodeQuotedPrintable = (text: string) =>
  Buffer.from(
    text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");

describe("invitation email over SMTP", () => {
  it("delivers the link to the invited address; the link joins the org", async () => {
    const org = await createOrg("smtp");
    const invitee = await createUser("Mailed Invitee");
    actAs(org.admin);
    const sent = await inviteMember({ org: org.slug, input: { email: invitee.email!, role: "editor" } });
    expect(sent).toMatchObject({ ok: true, data: { delivery: "smtp" } });

    expect(received).toHaveLength(1);
    const message = received[0]!;
    expect(message.to).toEqual([invitee.email]);
    expect(message.from).toBe("no-reply@localhost");
    const body = decodeQuotedPrintable(message.raw);
    // The email left after the commit: its link already worked when it arrived.
    expect(message.committedOnArrival).toBe(true);
    expect(body).toMatch(/^Subject: You have been invited to an organization on Orgdesk\r?$/m);
    const token = body.match(/https?:\/\/[^\s/]+\/invite\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();

    actAs(invitee);
    expect(await acceptInvitation({ token: token! })).toMatchObject({ ok: true, data: { role: "editor", org: { slug: org.slug } } });
    expect(await db.membership.findUnique({ where: { userId_orgId: { userId: invitee.id, orgId: org.id } } })).toMatchObject({ role: "editor" });
  });

  it("shows an org's and an inviter's names only quoted, on one line, escaped in HTML; the subject names nobody", async () => {
    const org = await createOrg("smtp-phish");
    const orgName = "Acme” Action required: re-verify at https://evil.example/x “";
    await db.organization.update({ where: { id: org.id }, data: { name: orgName } });
    await db.user.update({ where: { id: org.admin.id }, data: { name: "Security Team\r\nBcc: victim@example.test\r\n\u202E<img src=x onerror=alert(1)>" } });
    actAs({ ...org.admin, name: "Security Team\r\nBcc: victim@example.test\r\n\u202E<img src=x onerror=alert(1)>" });
    const to = `phish-target-${Date.now()}@example.test`;
    expect(await inviteMember({ org: org.slug, input: { email: to, role: "viewer" } })).toMatchObject({ ok: true, data: { delivery: "smtp" } });

    const message = received.find((m) => m.to.includes(to))!;
    expect(message.to).toEqual([to]);
    const body = decodeQuotedPrintable(message.raw);
    const headers = body.slice(0, body.search(/\r?\n\r?\n/));
    expect(headers).toMatch(/^Subject: You have been invited to an organization on Orgdesk\r?$/m);
    // (Not a bare "bcc": the random MIME boundary and Message-ID are hex.)
    expect(headers).not.toMatch(/^Bcc:|evil\.example|Security Team/im);
    const text = body.slice(body.indexOf("Content-Type: text/plain"), body.indexOf("Content-Type: text/html"));
    expect(text).toContain("Organization: “Acme' Action required: re-verify at https://evil.example/x '”");
    expect(text).toContain("Invited by: “Security Team Bcc: victim@example.test <img src=x onerror=alert(1)>”");
    expect(text).not.toContain("\u202E");
    expect(text).not.toMatch(/^Bcc:/m);
    const html = body.slice(body.indexOf("Content-Type: text/html"));
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img");
  });
});

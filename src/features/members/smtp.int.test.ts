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
}

const received: Received[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat(chunks).toString("utf8"),
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

/** Undoes quoted-printable (soft line breaks, =XX escapes), which nodemailer uses for long lines. */
const decodeQuotedPrintable = (text: string) =>
  text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe("invitation email over SMTP", () => {
  it("delivers the link to the invited address; the link joins the org", async () => {
    const org = await createOrg("smtp");
    const invitee = await createUser("Mailed Invitee");
    actAs(org.admin);
    const sent = await inviteMember({ org: org.slug, input: { email: invitee.email, role: "editor" } });
    expect(sent).toMatchObject({ ok: true, data: { delivery: "smtp" } });

    expect(received).toHaveLength(1);
    const message = received[0]!;
    expect(message.to).toEqual([invitee.email]);
    expect(message.from).toBe("no-reply@localhost");
    const body = decodeQuotedPrintable(message.raw);
    expect(body).toMatch(/^Subject: Join Org smtp-\w+ on Orgdesk\r?$/m);
    const token = body.match(/https?:\/\/[^\s/]+\/invite\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();

    actAs(invitee);
    expect(await acceptInvitation({ token })).toMatchObject({ ok: true, data: { role: "editor", org: { slug: org.slug } } });
    expect(await db.membership.findUnique({ where: { userId_orgId: { userId: invitee.id, orgId: org.id } } })).toMatchObject({ role: "editor" });
  });
});

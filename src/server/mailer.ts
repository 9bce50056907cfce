import "server-only";
import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { env } from "@/server/env";

// Outgoing email. With SMTP_URL set (smtp://user:pass@host:587, smtps://...:465) messages go to that
// server through nodemailer, from SMTP_FROM. Without it they are not delivered: they land in an
// outbox held in this process's memory (the last 50 messages), are logged, and each organization's
// admins see their own org's messages on the invitations page — so invitations work in development,
// tests and demos before mail is configured. The outbox is lost on restart and not shared between
// instances: anything real needs SMTP_URL.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface OutboxMessage extends MailMessage {
  id: string;
  from: string;
  sentAt: Date;
  /** Who may read it back, e.g. "org:<id>": the outbox never shows one org another org's mail. */
  scope: string;
}

export type Delivery = "smtp" | "outbox";

const OUTBOX_SIZE = 50;
const DEFAULT_FROM = "Orgdesk <no-reply@localhost>";

// Senders wait for the SMTP handoff (an invitation is only created if its email was accepted), so
// an unreachable server must fail in seconds, not in nodemailer's default minutes. A value in the
// URL's query string (?connectionTimeout=...) wins.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

// One transport and one outbox per process, shared by every bundle that imports this module.
const state = globalThis as typeof globalThis & {
  orgdeskMailTransport?: { url: string; transport: Transporter };
  orgdeskOutbox?: OutboxMessage[];
};

export function mailDelivery(): Delivery {
  return env.SMTP_URL ? "smtp" : "outbox";
}

function transportFor(url: string): Transporter {
  if (state.orgdeskMailTransport?.url !== url) {
    state.orgdeskMailTransport?.transport.close();
    state.orgdeskMailTransport = { url, transport: nodemailer.createTransport({ ...SMTP_TIMEOUTS, ...parseConnectionUrl(url) }) };
  }
  return state.orgdeskMailTransport.transport;
}

/** Sends one message, or keeps it in the outbox when SMTP is not configured. Throws if SMTP refuses it. */
export async function sendMail(message: MailMessage, { scope }: { scope: string }): Promise<Delivery> {
  const from = env.SMTP_FROM ?? DEFAULT_FROM;
  const url = env.SMTP_URL;
  if (url) {
    await transportFor(url).sendMail({ from, ...message });
    return "smtp";
  }
  const outbox = (state.orgdeskOutbox ??= []);
  outbox.unshift({ ...message, id: randomUUID(), from, sentAt: new Date(), scope });
  outbox.length = Math.min(outbox.length, OUTBOX_SIZE);
  if (env.NODE_ENV === "production") {
    // Production logs travel further than a developer's terminal: no body, it holds a live link.
    console.warn(`[mail] SMTP_URL is not set: "${message.subject}" to ${message.to} was not delivered (kept in the outbox).`);
  } else {
    console.info(`[mail] outbox (SMTP_URL not set)\nFrom: ${from}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`);
  }
  return "outbox";
}

/** The outbox's messages for one scope, newest first. */
export function outboxMessages(scope: string): OutboxMessage[] {
  return (state.orgdeskOutbox ?? []).filter((message) => message.scope === scope);
}

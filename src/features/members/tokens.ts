import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/server/env";
import { sha256 } from "@/server/sha256";

// Invitation tokens are bearer secrets sent by email. Only their SHA-256 is stored, so a copy of the
// database (a backup, a read replica, an SQL injection elsewhere) cannot be turned into invitations.
// A fast hash is enough: the token has 256 bits of entropy, there is nothing to brute-force.

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashInvitationToken(token: string): string {
  return sha256(token);
}

export function newInvitationToken(now = new Date()): { token: string; tokenHash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
}

export function invitationUrl(token: string): string {
  const base = (env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${base}/invite/${token}`;
}

import "server-only";
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";

// bcrypt cost: 12 by default, never below 10 (configurable for slower or faster machines).
const MIN_COST = 10;

export function bcryptCost(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.BCRYPT_COST ?? 12);
  return Number.isInteger(configured) && configured >= MIN_COST ? configured : 12;
}

// bcrypt reads only the first 72 bytes of its input. Hashing the password with SHA-256 first
// (base64: 44 ASCII bytes, no NUL) makes every character of a long passphrase count.
function prehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("base64");
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), bcryptCost());
}

// A hash of a random string at the configured cost: comparing against it when an email is unknown
// makes that failure cost the same time as a wrong password (no account enumeration by timing).
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(prehash(password), await (decoyHash ??= hashPassword(crypto.randomUUID())));
    return false;
  }
  return bcrypt.compare(prehash(password), hash);
}

import "server-only";
import { createHash } from "node:crypto";

/** SHA-256 of UTF-8 text: hex (stored token hashes, bounded keys) or base64 (the password pre-hash). */
export function sha256(text: string, encoding: "hex" | "base64" = "hex"): string {
  return createHash("sha256").update(text, "utf8").digest(encoding);
}

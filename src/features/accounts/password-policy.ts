import { COMMON_PASSWORDS } from "./common-passwords";

// Rules for a new password (NIST SP 800-63B style: length and a blocklist, no composition rules).
// Pure: the registration form runs it in the browser, the server action runs it again.

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
// bcrypt reads only 72 bytes; src/server/password.ts pre-hashes, so every character up to the
// maximum counts.

export interface PasswordContext {
  email?: string;
  name?: string;
}

/** A user-facing reason to refuse password as a new password, or null when it is acceptable. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  // Code points, not UTF-16 units: an emoji is one character.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `This password is too long. Use at most ${PASSWORD_MAX} characters.`;

  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return "This password is too common. Choose one that is harder to guess.";
  if (context.email && emailForms(context.email).includes(lowered)) {
    return "Don't use your email address as your password.";
  }
  if (context.name && nameForms(context.name).includes(lowered)) return "Don't use your name as your password.";
  return null;
}

/** The whole address and its local part ("ada.lovelace@example.com" → "ada.lovelace"). */
function emailForms(email: string): string[] {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  return at > 0 ? [address, address.slice(0, at)] : [address];
}

/** The name as typed and without its spaces ("Ada Lovelace" → "adalovelace"). */
function nameForms(name: string): string[] {
  const lowered = name.trim().toLowerCase();
  return [lowered, lowered.replace(/\s+/g, "")];
}

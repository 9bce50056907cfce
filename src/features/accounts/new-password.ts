import "server-only";
import { estimateStrength } from "@/server/password-strength";
import { passwordLengthProblem } from "./password-policy";

// The one rule for every new password (registration, password change, a first password): the
// length, then zxcvbn's estimate with the user's own name and email as known words (NIST SP
// 800-63B style: no composition rules, a check against what attackers try first). Score 3 and up
// ("safely unguessable": about 10^8 guesses and more) passes.

const MIN_SCORE = 3;

export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

/** The words of the user's own that a password must not lean on: the name and email, whole and in parts. */
function ownWords({ email, name }: PasswordOwner): string[] {
  const words = new Set<string>();
  for (const text of [name, email]) {
    const value = text?.trim().toLowerCase();
    if (!value) continue;
    words.add(value);
    for (const part of value.split(/[\s@._+-]+/)) if (part.length >= 3) words.add(part);
  }
  const local = email?.trim().toLowerCase().split("@")[0];
  if (local) words.add(local);
  return [...words];
}

const PERSONAL = "Don't build your password on your name or email address. Choose one that is harder to guess.";

/** A user-facing reason to refuse `password` as this user's new password, or null when it is acceptable. */
export async function newPasswordProblem(password: string, owner: PasswordOwner = {}): Promise<string | null> {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return lengthProblem;
  const words = ownWords(owner);
  // The estimator reads only the start of a long password: the whole name or email is caught here.
  const compact = password.trim().toLowerCase().replace(/\s+/g, "");
  if (words.some((word) => word.replace(/\s+/g, "") === compact)) return PERSONAL;
  const strength = await estimateStrength(password, words);
  if (!strength) return "We could not check this password in time. Please try again, or choose a different one.";
  if (strength.score >= MIN_SCORE) return null;
  if (strength.personal) return PERSONAL;
  return `This password is too easy to guess.${strength.warning ? ` ${strength.warning}` : ""} Add another word or two; uncommon words are better.`;
}

// The length rules for a new password, pure so the forms can check them as the user types. How
// hard the password is to guess is decided on the server only (new-password.ts: the estimator's
// dictionaries are megabytes), and the forms show the server's sentence.

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
// bcrypt reads only 72 bytes; src/server/password.ts pre-hashes, so every character up to the
// maximum counts.

/** Shown under the password fields of the registration and password forms. */
export const PASSWORD_HINT = `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, hard to guess: a few unusual words work well.`;

/** A user-facing reason a new password has the wrong length, or null. */
export function passwordLengthProblem(password: string): string | null {
  // Code points, not UTF-16 units: an emoji is one character.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `This password is too long. Use at most ${PASSWORD_MAX} characters.`;
  return null;
}

import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import type { User } from "next-auth";
import { verifyPassword } from "@/server/password";
import { clientIp } from "@/server/request-ip";
import { findPasswordIdentity } from "./queries";
import { signInSchema } from "./schemas";
import { beginSignInAttempt } from "./sign-in-limits";

/** Refused before the password is even checked; its code carries the wait for the message. */
export class TooManyAttempts extends CredentialsSignin {
  constructor(retryAfterMs: number) {
    super();
    this.code = `rate_limited:${Math.ceil(retryAfterMs / 1000)}`;
  }
}

export function retryAfterFromCode(code: string | undefined): number | null {
  const match = /^rate_limited:(\d+)$/.exec(code ?? "");
  return match ? Number(match[1]) * 1000 : null;
}

/**
 * The Credentials provider's authorize(): validate → rate limit → verify. Every failure looks the
 * same to the caller (null → "Invalid email or password."), and an unknown email costs a bcrypt
 * comparison like a wrong password does.
 */
export async function authorizeCredentials(credentials: unknown, request: Request): Promise<User | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const attempt = await beginSignInAttempt(email, clientIp(request.headers));
  if (!attempt.allowed) throw new TooManyAttempts(attempt.retryAfterMs);

  const user = await findPasswordIdentity(email);
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid) {
    await attempt.failed();
    return null;
  }
  await attempt.succeeded();
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

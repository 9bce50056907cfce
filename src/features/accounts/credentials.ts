import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import type { User } from "next-auth";
import { cookies } from "next/headers";
import { GuardError } from "@/server/authz/errors";
import { verifyPassword } from "@/server/password";
import { clientIp } from "@/server/request-ip";
import { SERVICE_BUSY_CODE } from "./auth-errors";
import { knownDeviceCookie, knownDeviceId } from "./known-device";
import { findPasswordIdentity } from "./queries";
import { signInSchema } from "./schemas";
import { beginSignInAttempt, type AttemptSource } from "./sign-in-limits";

/** Refused before the password is even checked; its code carries the wait for the message. */
export class TooManyAttempts extends CredentialsSignin {
  constructor(retryAfterMs: number) {
    super();
    this.code = `rate_limited:${Math.ceil(retryAfterMs / 1000)}`;
  }
}

/**
 * Every password thread is busy and its queue is full: nothing was checked. A CredentialsSignin,
 * so its code reaches the form (any other error becomes Auth.js's generic "Configuration").
 */
export class ServiceBusy extends CredentialsSignin {
  code = SERVICE_BUSY_CODE;
}

export function retryAfterFromCode(code: string | undefined): number | null {
  const match = /^rate_limited:(\d+)$/.exec(code ?? "");
  return match ? Number(match[1]) * 1000 : null;
}

/** Where a sign-in request comes from, for the limits: its address and, if it has one for this email, its known-device cookie. */
export function attemptSource(request: Request, email: string): AttemptSource {
  return { ip: clientIp(request.headers), knownDevice: knownDeviceId(request.headers.get("cookie"), email) };
}

/**
 * The Credentials provider's authorize(): validate → rate limit → verify. Every failure looks the
 * same to the caller (null → "Invalid email or password."), and an unknown email costs a bcrypt
 * comparison like a wrong password does. A success marks this browser as a known device.
 */
export async function authorizeCredentials(credentials: unknown, request: Request): Promise<User | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const source = attemptSource(request, email);
  const attempt = await beginSignInAttempt(email, source);
  if (!attempt.allowed) throw new TooManyAttempts(attempt.retryAfterMs);

  const user = await findPasswordIdentity(email);
  const valid = await verifyPassword(password, user?.passwordHash).catch((error: unknown) => {
    if (error instanceof GuardError && error.code === "unavailable") throw new ServiceBusy();
    throw error;
  });
  if (!user || !valid) {
    await attempt.failed();
    return null;
  }
  await attempt.succeeded();
  (await cookies()).set(knownDeviceCookie(email, source.knownDevice));
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

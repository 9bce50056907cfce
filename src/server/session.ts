import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { checkingSession, SessionCheckUnavailableError } from "@/server/auth/session-check";
import { signInUrl, unavailableUrl } from "@/server/sign-in-url";

/**
 * The signed-in user for this request; auth() runs once per request however many callers ask.
 * Rejects with SessionCheckUnavailableError when the session could not be checked (an outage):
 * the guard answers 503, pages show the "temporarily unavailable" page, and the cookie stays.
 */
export const currentSession = cache(() => checkingSession(() => auth()));

export type SessionUser = { id: string; name: string | null; email: string | null; image: string | null };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await currentSession();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, name: user.name ?? null, email: user.email ?? null, image: user.image ?? null };
}

/** For pages (`path`: the page itself): the user or null; during an outage, the "temporarily unavailable" page. */
export async function pageUser(path?: string): Promise<SessionUser | null> {
  try {
    return await currentUser();
  } catch (error) {
    if (error instanceof SessionCheckUnavailableError) redirect(unavailableUrl(path));
    throw error;
  }
}

/** For pages and layouts: the user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await pageUser(returnTo);
  if (!user) redirect(await signInUrl(returnTo));
  return user;
}

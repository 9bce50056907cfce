import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { signInUrl } from "@/server/sign-in-url";

/** The signed-in user for this request; auth() runs once per request however many callers ask. */
export const currentSession = cache(() => auth());

export type SessionUser = { id: string; name: string | null; email: string | null; image: string | null };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await currentSession();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, name: user.name ?? null, email: user.email ?? null, image: user.image ?? null };
}

/** For pages and layouts: the user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(await signInUrl(returnTo));
  return user;
}


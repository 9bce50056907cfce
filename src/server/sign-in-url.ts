import "server-only";
import { cookies } from "next/headers";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { sessionCookieValue, sessionEndedMarker } from "@/lib/session-ended";
import { env } from "@/server/env";

/**
 * The sign-in page, coming back to `returnTo`. Called once the session was found invalid: when the
 * browser still holds that (revoked, signed out elsewhere) cookie, `session=<marker>` signed for
 * that very cookie (src/lib/session-ended.ts) tells proxy.ts to drop it and show the page instead
 * of bouncing a "signed-in" visitor back to the dashboard.
 */
export async function signInUrl(returnTo?: string): Promise<string> {
  const params = new URLSearchParams();
  if (returnTo) params.set("callbackUrl", returnTo);
  const deadCookie = sessionCookieValue((await cookies()).getAll());
  const secret = env.AUTH_SECRET;
  if (deadCookie !== null && secret) params.set("session", await sessionEndedMarker(secret, deadCookie));
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/** Where a page sends its visitor while the session cannot be checked: a 503 that offers to retry `returnTo`. */
export function unavailableUrl(returnTo?: string): string {
  return `/unavailable?${new URLSearchParams({ retry: safeCallbackUrl(returnTo) })}`;
}

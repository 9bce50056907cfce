import "server-only";
import { cookies } from "next/headers";
import { safeCallbackUrl } from "@/lib/safe-redirect";

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * The sign-in page, coming back to `returnTo`. When the browser still holds a session cookie that
 * no longer works (revoked, signed out elsewhere), `session=ended` tells proxy.ts to drop the
 * cookie and show the page instead of bouncing a "signed-in" visitor back to the dashboard.
 */
export async function signInUrl(returnTo?: string): Promise<string> {
  const params = new URLSearchParams();
  if (returnTo) params.set("callbackUrl", returnTo);
  if ((await cookies()).getAll().some((cookie) => SESSION_COOKIE.test(cookie.name))) params.set("session", "ended");
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}

/** Where a page sends its visitor while the session cannot be checked: a 503 that offers to retry `returnTo`. */
export function unavailableUrl(returnTo?: string): string {
  return `/unavailable?${new URLSearchParams({ retry: safeCallbackUrl(returnTo) })}`;
}

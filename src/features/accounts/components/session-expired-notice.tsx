import type { Session } from "next-auth";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { signOutAction } from "../actions";

/**
 * Shown when the identity provider's access token could not be refreshed (session.error, set by
 * the jwt/session callbacks in auth.ts). Renders nothing otherwise.
 *
 * "Sign in again" is a sign-out form that lands on /login, not a plain link to /login: while the
 * session cookie exists, proxy.ts and the login page send /login straight back to the dashboard.
 * A plain server-action form, so it works without JavaScript.
 */
export function SessionExpiredNotice({ error }: { error: Session["error"] }) {
  if (error !== "RefreshTokenError") return null;
  return (
    <Alert variant="destructive" data-testid="session-expired-notice">
      <AlertTitle>Your sign-in expired. Please sign in again.</AlertTitle>
      <AlertDescription>
        <p>Your connection to the identity provider could not be renewed.</p>
        <form action={signOutAction}>
          <Button type="submit" variant="outline" size="sm">
            Sign in again
          </Button>
        </form>
      </AlertDescription>
    </Alert>
  );
}

// Auth.js error codes (the `error` query parameter of /auth/error and /login) in plain words.

export interface AuthErrorExplanation {
  title: string;
  message: string;
  /** What the user can do next. */
  next?: string;
}

const EXPLANATIONS: Record<string, AuthErrorExplanation> = {
  OAuthAccountNotLinked: {
    title: "This email already has an account",
    message: "An Orgdesk account already uses the email address of the account you signed in with. For your safety we do not join accounts by email alone.",
    next: "Sign in the way you usually do, then open Settings → Account and connect this provider there. After that, either way signs you in.",
  },
  AccessDenied: {
    title: "Access denied",
    message: "You do not have permission to sign in, or you cancelled the sign-in at the provider.",
    next: "Try again, or use another sign-in method. Connecting a sign-in method works from Settings → Account only, with your current password or within 5 minutes of signing in, and one identity per provider.",
  },
  Verification: {
    title: "The link is no longer valid",
    message: "This sign-in link has expired or has already been used.",
    next: "Request a new link and use it within a few minutes.",
  },
  Configuration: {
    title: "Sign-in is misconfigured",
    message: "The server could not complete the sign-in because of a configuration problem.",
    next: "Please contact your administrator. If you run this server, check its logs.",
  },
  OAuthSignin: {
    title: "Could not start the sign-in",
    message: "We could not reach the identity provider to start signing you in.",
    next: "Try again in a moment.",
  },
  OAuthCallbackError: {
    title: "The provider's answer was not accepted",
    message: "The identity provider sent back an answer we could not verify.",
    next: "Start the sign-in again from the login page.",
  },
  CredentialsSignin: {
    title: "Sign-in failed",
    message: "Invalid email or password.",
  },
  SessionRequired: {
    title: "Please sign in",
    message: "You need to be signed in to see that page.",
  },
};

/** A sign-in or registration refused because every password thread is busy and its queue is full. */
export const SERVICE_BUSY_MESSAGE = "The service is busy right now. Please try again in a moment.";

/** The `code` of a CredentialsSignin (credentials.ts) for that refusal. */
export const SERVICE_BUSY_CODE = "busy";

const SERVICE_BUSY: AuthErrorExplanation = { title: "The service is busy", message: SERVICE_BUSY_MESSAGE };

const FALLBACK: AuthErrorExplanation = {
  title: "Something went wrong",
  message: "We could not sign you in.",
  next: "Try again. If it keeps happening, contact your administrator.",
};

/**
 * Auth.js says OAuthAccountNotLinked both when a signed-out sign-in meets an email that is taken and
 * when a signed-in user tries to connect a provider account that is already another user's.
 */
const ACCOUNT_OWNED_BY_ANOTHER_USER: AuthErrorExplanation = {
  title: "This sign-in belongs to another account",
  message: "The provider account you chose is already connected to a different Orgdesk account, so it was not connected to yours.",
  next: "Connect another provider account, or sign in to the other Orgdesk account and disconnect it there first.",
};

/** `context.credentialsCode`: the `code` parameter Auth.js adds to a CredentialsSignin error. */
export function authErrorMessage(code: string | undefined, context: { signedIn?: boolean; credentialsCode?: string } = {}): AuthErrorExplanation {
  if (code === "OAuthAccountNotLinked" && context.signedIn) return ACCOUNT_OWNED_BY_ANOTHER_USER;
  if (code === "CredentialsSignin" && context.credentialsCode === SERVICE_BUSY_CODE) return SERVICE_BUSY;
  if (code === "OAuthCallback") return EXPLANATIONS.OAuthCallbackError!;
  return (code && Object.hasOwn(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined) ?? FALLBACK;
}

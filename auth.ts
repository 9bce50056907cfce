// Auth.js v5: the one configuration behind auth(), signIn(), signOut() and the /api/auth handlers.
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { authorizeCredentials } from "@/features/accounts/credentials";
import { withLinkingRules } from "@/features/accounts/linking";
import { fillLinkedIdentityEmail } from "@/features/accounts/queries";
import { oauthProviderConfigs } from "@/features/accounts/providers";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { authAdapter } from "@/server/auth/adapter";
import { SESSION_MAX_AGE_S, decodeDatabaseSession, deleteDatabaseSession, hashSessionToken, encodeDatabaseSession } from "@/server/auth/database-sessions";
import { decodeJwtSession, encodeJwtSession } from "@/server/auth/jwt-sessions";
import { SessionCheckUnavailableError, noteCheckFailures } from "@/server/auth/session-check";
import { env } from "@/server/env";

/** "jwt" (default): an encrypted, stateless cookie. "database": an opaque id naming a Session row. */
export const sessionStrategy: "jwt" | "database" = env.AUTH_SESSION_STRATEGY;

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: authorizeCredentials,
    }),
  ];
  for (const config of oauthProviderConfigs()) {
    const { id, name, clientId, clientSecret, issuer } = config;
    // Google issues a refresh token only for offline access with consent.
    if (id === "google") list.push(Google({ clientId, clientSecret, authorization: { params: { access_type: "offline", prompt: "consent" } } }));
    else if (id === "github") list.push(GitHub({ clientId, clientSecret }));
    // A company identity provider: any OpenID Connect issuer (discovery at /.well-known/openid-configuration).
    else list.push({ id, name, type: "oidc", issuer, clientId, clientSecret, checks: ["pkce", "state", "nonce"] });
  }
  return list;
}

export const authConfig = {
  // Linking an identity to a signed-in user needs a fresh proof of identity (features/accounts/linking.ts).
  adapter: withLinkingRules(authAdapter),
  providers: providers(),
  // Both strategies run Auth.js's JWT flow; database mode swaps the token for a Session row id
  // (src/server/auth/database-sessions.ts), which also covers credentials sign-in.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  // A decoder's null ends the session; its throw (store unreachable) is a 503 that keeps the cookie
  // (src/server/auth/session-check.ts).
  jwt:
    sessionStrategy === "database"
      ? { encode: encodeDatabaseSession, decode: noteCheckFailures(decodeDatabaseSession) }
      : { encode: encodeJwtSession, decode: noteCheckFailures(decodeJwtSession) }, // + a revocable Session row per token
  pages: { signIn: "/login", error: "/auth/error" },
  trustHost: true,
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      // An outage: the request answers 503; one line per request, not a stack trace.
      const cause = (error.cause as { err?: unknown } | undefined)?.err;
      if (cause instanceof SessionCheckUnavailableError) {
        const reason = cause.cause instanceof Error ? cause.cause.message.split("\n")[0] : String(cause.cause);
        console.warn(`[auth] session not checked, answering 503: ${reason}`);
        return;
      }
      console.error("[auth]", error);
    },
  },
  callbacks: {
    // Keep the token small: the user id and display fields. No provider token: Orgdesk never calls
    // a provider's API, so it keeps none and refreshes none. Roles are read from the database on
    // each request, never from here.
    async jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      // Cookies issued before provider tokens were dropped still carry them: re-issued without.
      for (const stale of ["accessToken", "refreshToken", "accessTokenExpiresAt", "provider", "error"]) delete (token as Record<string, unknown>)[stale];
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (token.sid) session.sessionKey = hashSessionToken(token.sid); // "this device" in account settings
      return session;
    },
    // Only same-origin relative destinations; anything else lands on the dashboard.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeCallbackUrl(path)}`;
    },
  },
  events: {
    // Settings show a linked identity by its email at the provider; without an ID token (GitHub)
    // only the provider's profile names it. A label: failing to write it never fails the sign-in.
    async signIn({ account, profile }) {
      if (!account || account.type === "credentials") return;
      await fillLinkedIdentityEmail(account.provider, account.providerAccountId, profile?.email).catch((error: unknown) => {
        console.error("[auth] could not record a linked identity's email", error);
      });
    },
    async signOut(message) {
      if ("token" in message && message.token?.sid) {
        await deleteDatabaseSession(message.token.sid);
      }
    },
  },
} satisfies NextAuthConfig;

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

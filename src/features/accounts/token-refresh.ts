import "server-only";
import type { Account } from "next-auth";
import { z } from "zod";
import type { OAuthProviderConfig } from "./providers";

// Refreshing OAuth/OIDC access tokens kept in the session token (JWT session strategy only; in
// database-session mode the cookie's token is rebuilt from the Session row on every request and the
// provider's tokens stay on the Account row, so auth.ts does not call this there).
//
// On sign-in, keepProviderTokens() copies the provider's access token, refresh token and expiry
// into the token. On later requests, refreshIfExpired() trades an expired access token for a new
// one at the provider's token endpoint (RFC 6749 §6); if that fails the token gets
// error: "RefreshTokenError", which the session callback hands to the UI.

/** The fields of the session token (src/types/auth.d.ts) this module reads and writes. */
export interface ProviderTokens {
  accessToken?: string;
  refreshToken?: string;
  /** Seconds since the epoch, like Auth.js's account.expires_at. */
  accessTokenExpiresAt?: number;
  provider?: string;
  error?: "RefreshTokenError";
}

export type RefreshProvider = Pick<OAuthProviderConfig, "id" | "clientId" | "clientSecret" | "issuer">;

/** Refresh this many seconds before the expiry, so a token does not lapse during a request. */
export const EXPIRY_LEEWAY_S = 5;
const REQUEST_TIMEOUT_MS = 10_000;

/** Providers whose token endpoint is fixed (no discovery document). */
const FIXED_TOKEN_ENDPOINTS: Partial<Record<string, string>> = {
  google: "https://oauth2.googleapis.com/token",
  github: "https://github.com/login/oauth/access_token",
};

/** What to keep from the account Auth.js passes to the jwt callback on an OAuth/OIDC sign-in. */
export function keepProviderTokens(account: Account): ProviderTokens {
  if (account.type !== "oauth" && account.type !== "oidc") return {};
  return {
    provider: account.provider,
    accessToken: account.access_token,
    refreshToken: account.refresh_token,
    accessTokenExpiresAt: account.expires_at,
  };
}

export function accessTokenExpired(token: ProviderTokens, nowS = Date.now() / 1000): boolean {
  return token.accessTokenExpiresAt !== undefined && nowS >= token.accessTokenExpiresAt - EXPIRY_LEEWAY_S;
}

const discoveryDocument = z.object({ issuer: z.string(), token_endpoint: z.url() });
const discovered = new Map<string, Promise<string>>();

/** The provider's token endpoint: fixed for Google and GitHub, discovered (and cached) for OIDC. */
export function tokenEndpoint(provider: RefreshProvider): Promise<string> {
  const fixed = FIXED_TOKEN_ENDPOINTS[provider.id];
  if (fixed) return Promise.resolve(fixed);
  const issuer = provider.issuer;
  if (!issuer) return Promise.reject(new Error(`Provider ${provider.id} has no issuer to discover its token endpoint from.`));
  let endpoint = discovered.get(issuer);
  if (!endpoint) {
    endpoint = discover(issuer);
    discovered.set(issuer, endpoint);
    endpoint.catch(() => discovered.delete(issuer)); // a failure is not cached: try again next time
  }
  return endpoint;
}

async function discover(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`OpenID discovery at ${url} answered ${response.status}.`);
  const document = discoveryDocument.parse(await response.json());
  // The same check Auth.js (oauth4webapi) makes at sign-in: the document must be the issuer's own.
  if (document.issuer.replace(/\/+$/, "") !== issuer.replace(/\/+$/, "")) {
    throw new Error(`OpenID discovery at ${url} names issuer ${document.issuer}, expected ${issuer}.`);
  }
  return document.token_endpoint;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  // Seconds; absent means the provider does not say (then the token is not refreshed again).
  expires_in: z.coerce.number().positive().optional(),
  // Absent: the old refresh token stays valid (no rotation).
  refresh_token: z.string().min(1).optional(),
});

/** Client authentication as Auth.js does it at sign-in: HTTP Basic for OIDC, form fields for Google/GitHub. */
function clientAuthentication(provider: RefreshProvider, body: URLSearchParams, headers: Headers) {
  if (provider.id === "oidc") {
    // RFC 6749 §2.3.1: form-urlencode both parts before base64.
    const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
    headers.set("authorization", `Basic ${btoa(`${encode(provider.clientId)}:${encode(provider.clientSecret)}`)}`);
  } else {
    body.set("client_id", provider.clientId);
    body.set("client_secret", provider.clientSecret);
  }
}

async function requestNewTokens(provider: RefreshProvider, refreshToken: string) {
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  const headers = new Headers({ accept: "application/json", "content-type": "application/x-www-form-urlencoded" });
  clientAuthentication(provider, body, headers);
  const response = await fetch(await tokenEndpoint(provider), {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const json: unknown = await response.json().catch(() => null);
  // GitHub answers errors with 200 and an `error` field, so look at the body as well as the status.
  if (!response.ok || (json && typeof json === "object" && "error" in json)) {
    const error = json && typeof json === "object" && "error" in json ? String(json.error) : "no error code";
    throw new Error(`token endpoint answered ${response.status} (${error})`);
  }
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) throw new Error(`token endpoint answered without a usable access token: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// Requests that arrive together with the same expired token share one refresh.
const inFlight = new Map<string, Promise<z.infer<typeof tokenResponse>>>();

/**
 * Returns the token unchanged while its access token is valid (or when there is no refresh token),
 * a token with a new access token after a successful refresh, or the token with
 * error: "RefreshTokenError" when the refresh failed (the user has to sign in again).
 */
export async function refreshIfExpired<T extends ProviderTokens>(
  token: T,
  providers: readonly RefreshProvider[],
  nowS = Date.now() / 1000,
): Promise<T> {
  // Without a refresh token (Google without access_type=offline, GitHub OAuth apps) there is
  // nothing to do: the stale access token stays, with accessTokenExpiresAt saying so.
  if (!token.provider || !token.refreshToken || !accessTokenExpired(token, nowS)) return token;
  const provider = providers.find((candidate) => candidate.id === token.provider);
  if (!provider) {
    console.error(`[auth] cannot refresh the ${token.provider} access token: that provider is no longer configured`);
    return { ...token, error: "RefreshTokenError" };
  }

  const key = `${provider.id}\u0000${token.refreshToken}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = requestNewTokens(provider, token.refreshToken);
    inFlight.set(key, pending);
    void pending.catch(() => {}).finally(() => inFlight.delete(key));
  }
  try {
    const tokens = await pending;
    const rest = { ...token };
    delete rest.error; // a successful refresh clears an earlier failure
    return {
      ...rest,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: tokens.expires_in === undefined ? undefined : Math.floor(nowS + tokens.expires_in),
      refreshToken: tokens.refresh_token ?? token.refreshToken,
    } as T;
  } catch (error) {
    // Never log the tokens themselves.
    console.error(`[auth] refreshing the ${provider.id} access token failed: ${(error as Error).message}`);
    return { ...token, error: "RefreshTokenError" };
  }
}

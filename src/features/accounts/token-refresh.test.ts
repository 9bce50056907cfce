// Token refresh against real token endpoints: a local oidc-provider (the one the e2e suite uses)
// for the OpenID Connect path, and a tiny local HTTP server for answers oidc-provider never gives.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type RunningOidcProvider } from "@/test/oidc-provider";
import { accessTokenExpired, keepProviderTokens, refreshIfExpired, tokenEndpoint, type RefreshProvider } from "./token-refresh";

const CLIENT = { clientId: "refresh-test", clientSecret: "refresh test secret: with spaces & symbols" };
const REDIRECT_URI = "http://localhost:9/callback"; // never requested: the code is read from the Location header

/** A cookie jar over fetch with manual redirects: just enough to drive the provider's login form. */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const [name = "", value = ""] = pair.split("=", 2);
      if (value) jar.set(name.trim(), value);
      else jar.delete(name.trim());
    }
    return response;
  };
}

/** The authorization code flow through the provider's development login form, as a browser would. */
async function signInAtProvider(issuer: string, login: string) {
  const send = browser();
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  let location = new URL((await send(authorize.href)).headers.get("location")!, issuer);
  expect(location.pathname).toMatch(/^\/interaction\//);
  const loginForm = await send(location.href);
  expect(await loginForm.text()).toContain('name="login"');
  const submitted = await send(`${location.href}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ prompt: "login", login, password: "anything" }),
  });
  location = new URL(submitted.headers.get("location")!, issuer);
  // The provider resumes the authorization; no consent screen (loadExistingGrant grants the scopes).
  const callback = new URL((await send(location.href)).headers.get("location")!, issuer);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  const code = callback.searchParams.get("code");
  expect(code).toBeTruthy();

  const response = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa(`${encodeURIComponent(CLIENT.clientId)}:${encodeURIComponent(CLIENT.clientSecret).replace(/%20/g, "+")}`)}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code: code!, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string; expires_in: number };
  expect(tokens.refresh_token).toBeTruthy();
  return tokens;
}

async function userinfo(issuer: string, accessToken: string) {
  const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: response.ok ? ((await response.json()) as Record<string, unknown>) : null };
}

/** A session token as the jwt callback keeps it right after an OIDC sign-in. */
function tokenAfterSignIn(tokens: { access_token: string; refresh_token?: string; expires_in: number }, nowS = Date.now() / 1000) {
  return {
    sub: "user-1",
    ...keepProviderTokens({
      type: "oidc",
      provider: "oidc",
      providerAccountId: "x",
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      expires_at: Math.floor(nowS + tokens.expires_in),
    }),
  };
}

describe("refreshIfExpired against a local OpenID Provider", () => {
  let op: RunningOidcProvider;
  let provider: RefreshProvider;

  beforeAll(async () => {
    op = await startOidcProvider({ port: 0, ...CLIENT, redirectUris: [REDIRECT_URI], accessTokenTtlS: 60 });
    provider = { id: "oidc", ...CLIENT, issuer: op.issuer };
  });
  afterAll(() => op?.close());

  const refreshGrants = (login: string) =>
    op.events.filter((e) => e.grantType === "refresh_token" && e.accountId === login).map((e) => e.event);

  it("leaves a valid access token alone", async () => {
    const token = tokenAfterSignIn(await signInAtProvider(op.issuer, "valid"));
    expect(accessTokenExpired(token)).toBe(false);
    expect(await refreshIfExpired(token, [provider])).toBe(token);
    expect(refreshGrants("valid")).toEqual([]);
  });

  it("trades an expired access token for a working one, keeping the refresh token", async () => {
    const tokens = await signInAtProvider(op.issuer, "ada.lovelace");
    const token = tokenAfterSignIn(tokens);
    const later = token.accessTokenExpiresAt! + 1; // as if the 60 s had passed
    expect(accessTokenExpired(token, later)).toBe(true);

    const refreshed = await refreshIfExpired(token, [provider], later);
    expect(refreshed.error).toBeUndefined();
    expect(refreshed.sub).toBe("user-1");
    expect(refreshed.accessToken).toBeTruthy();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refresh_token);
    expect(refreshed.accessTokenExpiresAt).toBe(Math.floor(later + 60));
    expect(refreshGrants("ada.lovelace")).toEqual(["grant.success"]);
    // The new access token is accepted by the provider, and it is Ada's.
    expect(await userinfo(op.issuer, refreshed.accessToken!)).toMatchObject({
      status: 200,
      body: { sub: "ada.lovelace", email: "ada.lovelace@oidc.test", name: "Ada Lovelace" },
    });
  });

  it("shares one refresh between concurrent requests with the same token", async () => {
    const token = tokenAfterSignIn(await signInAtProvider(op.issuer, "concurrent"));
    const later = token.accessTokenExpiresAt! + 1;
    const results = await Promise.all([1, 2, 3].map(() => refreshIfExpired(token, [provider], later)));
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(refreshGrants("concurrent")).toEqual(["grant.success"]);
  });

  it("marks the token when the provider refuses the refresh token", async () => {
    const token = tokenAfterSignIn(await signInAtProvider(op.issuer, "refused"));
    const later = token.accessTokenExpiresAt! + 1;
    const forged = { ...token, refreshToken: "not-a-refresh-token" };
    expect(await refreshIfExpired(forged, [provider], later)).toEqual({ ...forged, error: "RefreshTokenError" });
    expect(op.events.at(-1)).toMatchObject({ event: "grant.error", grantType: "refresh_token" });

    const wrongSecret = { ...provider, clientSecret: "wrong" };
    expect(await refreshIfExpired(token, [wrongSecret], later)).toMatchObject({ error: "RefreshTokenError" });
    // ...and a later successful refresh clears the mark.
    const recovered = await refreshIfExpired({ ...token, error: "RefreshTokenError" as const }, [provider], later);
    expect(recovered.error).toBeUndefined();
    expect(recovered.accessToken).not.toBe(token.accessToken);
  });

  it("marks the token when its provider is no longer configured, and ignores tokens without a refresh token", async () => {
    const token = tokenAfterSignIn(await signInAtProvider(op.issuer, "unconfigured"));
    const later = token.accessTokenExpiresAt! + 1;
    expect(await refreshIfExpired(token, [], later)).toMatchObject({ error: "RefreshTokenError" });
    const withoutRefreshToken = { ...token, refreshToken: undefined };
    expect(await refreshIfExpired(withoutRefreshToken, [provider], later)).toBe(withoutRefreshToken);
    expect(refreshGrants("unconfigured")).toEqual([]);
  });
});

describe("discovery", () => {
  it("does not cache a failed discovery", async () => {
    // Find a free port, then leave it closed: discovery fails with a connection error.
    const probe = await startOidcProvider({ port: 0, ...CLIENT, redirectUris: [REDIRECT_URI] });
    const { port } = new URL(probe.issuer);
    await probe.close();
    const provider: RefreshProvider = { id: "oidc", ...CLIENT, issuer: probe.issuer };
    const expired = { provider: "oidc", accessToken: "a", refreshToken: "r", accessTokenExpiresAt: 1 };
    expect(await refreshIfExpired(expired, [provider])).toMatchObject({ error: "RefreshTokenError" });

    const op = await startOidcProvider({ port: Number(port), ...CLIENT, redirectUris: [REDIRECT_URI] });
    try {
      expect(await tokenEndpoint(provider)).toBe(`${op.issuer}/token`);
    } finally {
      await op.close();
    }
  });
});

describe("token endpoint answers oidc-provider does not give", () => {
  let server: http.Server;
  let issuer: string;
  let answer: { status: number; body: unknown };
  let received: { authorization?: string; body: URLSearchParams }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // Also answers under /tenant-a/, naming the root issuer there: a document that is not the issuer's own.
      if (req.url?.endsWith("/.well-known/openid-configuration")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token` }));
        return;
      }
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        received.push({ authorization: req.headers.authorization, body: new URLSearchParams(body) });
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const expired = { provider: "oidc", accessToken: "old-access", refreshToken: "old-refresh", accessTokenExpiresAt: 1 };
  const provider = () => ({ id: "oidc" as const, ...CLIENT, issuer });

  it("keeps the old refresh token when none comes back, and authenticates with HTTP Basic", async () => {
    received = [];
    answer = { status: 200, body: { access_token: "new-access", token_type: "Bearer", expires_in: 3600 } };
    const refreshed = await refreshIfExpired(expired, [provider()], 1000);
    expect(refreshed).toEqual({ provider: "oidc", accessToken: "new-access", refreshToken: "old-refresh", accessTokenExpiresAt: 4600 });
    expect(received).toHaveLength(1);
    expect(Object.fromEntries(received[0]!.body)).toEqual({ grant_type: "refresh_token", refresh_token: "old-refresh" });
    const [id, secret] = atob(received[0]!.authorization!.replace(/^Basic /, "")).split(":");
    expect(decodeURIComponent(id!)).toBe(CLIENT.clientId);
    expect(decodeURIComponent(secret!.replace(/\+/g, " "))).toBe(CLIENT.clientSecret);
  });

  it("takes a rotated refresh token", async () => {
    answer = { status: 200, body: { access_token: "new-access", expires_in: "60", refresh_token: "new-refresh" } };
    expect(await refreshIfExpired(expired, [provider()], 1000)).toMatchObject({ refreshToken: "new-refresh", accessTokenExpiresAt: 1060 });
  });

  it("treats a 200 carrying an error (GitHub's style), a 400, and a malformed body as failures", async () => {
    const failures = [
      { status: 200, body: { error: "bad_refresh_token", error_description: "The refresh token passed is incorrect or expired." } },
      { status: 400, body: { error: "invalid_grant" } },
      { status: 200, body: { token_type: "Bearer" } },
    ];
    for (const failure of failures) {
      answer = failure;
      expect(await refreshIfExpired(expired, [provider()], 1000)).toEqual({ ...expired, error: "RefreshTokenError" });
    }
  });

  it("refuses a discovery document that names another issuer", async () => {
    received = [];
    answer = { status: 200, body: { access_token: "new-access", expires_in: 60 } };
    const tenant = { ...provider(), issuer: `${issuer}/tenant-a` };
    await expect(tokenEndpoint(tenant)).rejects.toThrow(/names issuer/);
    expect(await refreshIfExpired(expired, [tenant], 1000)).toMatchObject({ error: "RefreshTokenError" });
    expect(received).toEqual([]);
  });
});

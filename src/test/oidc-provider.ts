// A local OpenID Provider (panva's oidc-provider) for the e2e suite.
// Plain http on 127.0.0.1, one confidential client, the package's built-in development login form
// (any login name signs in and becomes the account id; the password is ignored), no consent screen,
// short-lived access tokens and refresh tokens, so token refresh is exercised for real.
//
// Run directly (Playwright's webServer does: `npx tsx src/test/oidc-provider.ts`) it serves
// E2E_OIDC.issuer until SIGTERM/SIGINT. Tests import startOidcProvider() and pass port 0.
//
// Besides the OpenID endpoints it answers GET /e2e/events?account=<login>: the token-endpoint
// grants it has seen (authorization_code, refresh_token; successes and failures), so a test can
// check that the app really refreshed a token. This is test harness code; it never ships.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** What playwright.config.ts and the specs share with the running provider. */
export const E2E_OIDC = {
  port: 4000,
  issuer: "http://127.0.0.1:4000",
  clientId: "orgdesk-e2e",
  clientSecret: "orgdesk-e2e-client-secret-not-for-production",
  name: "Local OIDC",
  /** Access-token lifetime in seconds: short, so e2e can wait past it and see a refresh. */
  accessTokenTtlS: 15,
  redirectUris: ["http://localhost:3000/api/auth/callback/oidc", "http://localhost:3001/api/auth/callback/oidc"],
} as const;

export interface OidcGrantEvent {
  /** "grant.success" or "grant.error", as oidc-provider emits them for the token endpoint. */
  event: "grant.success" | "grant.error";
  grantType: string;
  clientId?: string;
  accountId?: string;
  error?: string;
  at: string;
}

export interface OidcProviderOptions {
  /** 0 picks a free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: readonly string[];
  accessTokenTtlS?: number;
  /** Print each grant event (the e2e server does; tests read `events` instead). */
  logEvents?: boolean;
}

export interface RunningOidcProvider {
  issuer: string;
  events: OidcGrantEvent[];
  close(): Promise<void>;
}

// oidc-provider ships no type declarations (and @types/oidc-provider is not a dependency of this
// project), so the few shapes used here are declared by hand.
interface OidcGrant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface OidcContext {
  oidc: {
    provider: OidcProvider;
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    requestParamScopes: Set<string>;
    params?: { grant_type?: string };
    entities: Record<string, { accountId?: string } | undefined>;
  };
}
interface OidcProvider {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  on(event: "grant.success", listener: (ctx: OidcContext) => void): void;
  on(event: "grant.error" | "server_error", listener: (ctx: OidcContext, error: Error) => void): void;
  Grant: {
    new (init: { accountId: string; clientId: string }): OidcGrant;
    find(id: string): Promise<OidcGrant | undefined>;
  };
}
type OidcProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

/** "ada.lovelace" → "Ada Lovelace". */
function nameFromLogin(login: string): string {
  return login
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(" ");
}

export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const {
    port = E2E_OIDC.port,
    clientId = E2E_OIDC.clientId,
    clientSecret = E2E_OIDC.clientSecret,
    redirectUris = E2E_OIDC.redirectUris,
    accessTokenTtlS = E2E_OIDC.accessTokenTtlS,
    logEvents = false,
  } = options;
  // Loaded lazily so that importing E2E_OIDC (playwright.config.ts, specs) stays cheap.
  // @ts-expect-error -- oidc-provider has no type declarations; OidcProviderConstructor types what is used.
  const { default: Provider } = (await import("oidc-provider")) as { default: OidcProviderConstructor };

  // Listen first, so that port 0 resolves to the real port before the issuer URL is fixed.
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...redirectUris],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signingKey, use: "sig", kid: "e2e-signing-key" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the scope's claims (email, name) in the ID token too: Auth.js builds the profile from it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: accessTokenTtlS },
    // Refresh tokens for this client without the offline_access scope (Auth.js asks for
    // "openid profile email"). With the defaults a confidential client's refresh token is reusable
    // (rotation only near its 14-day expiry), like Google's.
    issueRefreshToken: (_ctx: OidcContext, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed("refresh_token"),
    // First-party client: grant whatever OpenID scopes it asks for, so there is no consent screen.
    async loadExistingGrant(ctx: OidcContext) {
      const { client, session, result, requestParamScopes } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined) ??
        new ctx.oidc.provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope([...requestParamScopes].join(" "));
      await grant.save();
      return grant;
    },
    async findAccount(_ctx: OidcContext, sub: string) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: `${sub}@oidc.test`, email_verified: true, name: nameFromLogin(sub) };
        },
      };
    },
  });

  const events: OidcGrantEvent[] = [];
  const record = (event: OidcGrantEvent["event"], ctx: OidcContext, error?: Error) => {
    const { entities, params, client } = ctx.oidc;
    const accountId = entities.Account?.accountId ?? entities.RefreshToken?.accountId ?? entities.AuthorizationCode?.accountId;
    const entry: OidcGrantEvent = {
      event,
      grantType: params?.grant_type ?? "unknown",
      clientId: client?.clientId,
      accountId,
      error: error?.message,
      at: new Date().toISOString(),
    };
    events.push(entry);
    if (logEvents) console.log(`[oidc] ${JSON.stringify(entry)}`);
  };
  provider.on("grant.success", (ctx) => record("grant.success", ctx));
  provider.on("grant.error", (ctx, error) => record("grant.error", ctx, error));
  provider.on("server_error", (_ctx, error) => console.error("[oidc] server_error", error));

  const oidcCallback = provider.callback();
  handle = (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    if (req.method === "GET" && url.pathname === "/e2e/events") {
      const account = url.searchParams.get("account");
      const body = JSON.stringify(account ? events.filter((e) => e.accountId === account) : events);
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
      return;
    }
    oidcCallback(req, res);
  };

  return {
    issuer,
    events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startOidcProvider({ port: Number(process.env.OIDC_PORT ?? E2E_OIDC.port), logEvents: true });
  console.log(`[oidc] OpenID Provider listening on ${running.issuer}`);
  const stop = () => void running.close().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

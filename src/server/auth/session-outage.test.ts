// An outage is a 503, never a sign-out: while the session cannot be checked (the database, and in
// JWT mode Redis too, unreachable), the session cookie stays and every entry answers "temporarily
// unavailable"; a token that is really invalid still ends. The app's database here is a real
// PostgreSQL URL on a port where nothing listens: every query fails as in an outage.
import { encode as encodeJwt } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const request = vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:9/orgdesk_unreachable";
  process.env.AUTH_SECRET = "outage-test-secret-0123456789-0123456789";
  process.env.AUTH_URL = "http://localhost:3000";
  delete process.env.REDIS_URL;
  return { cookie: "" };
});

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie, host: "localhost:3000", "x-forwarded-proto": "http" }),
  cookies: async () => {
    const all = request.cookie
      .split(/;\s*/)
      .filter(Boolean)
      .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1) }));
    return { getAll: () => all, get: (name: string) => all.find((c) => c.name === name), has: (name: string) => all.some((c) => c.name === name) };
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn() }));

const COOKIE = "authjs.session-token";

/** Loads the app (auth.ts, routes, actions) afresh with the given session strategy. */
async function appWith(strategy: "jwt" | "database") {
  vi.resetModules();
  process.env.AUTH_SESSION_STRATEGY = strategy;
  const authRoute = await import("@/app/api/auth/[...nextauth]/route");
  const meRoute = await import("@/app/api/me/route");
  const session = await import("@/server/session");
  const actions = await import("@/features/accounts/settings-actions");
  const { setSessionValidityRedis } = await import("@/server/auth/session-validity");
  setSessionValidityRedis(null);
  return { authRoute, meRoute, session, actions };
}

async function sessionEndpoint(app: Awaited<ReturnType<typeof appWith>>) {
  const { NextRequest } = await import("next/server");
  return app.authRoute.GET(new NextRequest("http://localhost:3000/api/auth/session", { headers: { cookie: request.cookie } }));
}

function clearsSessionCookie(response: Response): boolean {
  return response.headers
    .getSetCookie()
    .some((cookie) => cookie.startsWith(`${COOKIE}=;`) || (cookie.startsWith(`${COOKIE}=`) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)));
}

async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const digest = (error as { digest?: string } | null)?.digest ?? "";
  expect(digest.startsWith("NEXT_REDIRECT"), String(error)).toBe(true);
  return digest.split(";")[2]!;
}

async function jwtCookie(claims: Record<string, unknown>) {
  return encodeJwt({ token: claims, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 });
}

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  request.cookie = "";
});

describe.each(["database", "jwt"] as const)("%s sessions while the database is unreachable", (strategy) => {
  async function signedInCookie() {
    // Database mode: an opaque id that only the (unreachable) database can resolve. JWT mode: a
    // well-formed token whose revocation check needs the database (no Redis here).
    const value = strategy === "database" ? "x".repeat(43) : await jwtCookie({ sub: "user-1", sid: "sid-1", sv: 0, name: "Jane" });
    request.cookie = `${COOKIE}=${value}`;
  }

  it("GET /api/auth/session answers 503 and keeps the session cookie", async () => {
    const app = await appWith(strategy);
    await signedInCookie();
    const response = await sessionEndpoint(app);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBeTruthy();
    expect(clearsSessionCookie(response)).toBe(false);
  });

  it("the JSON API answers 503 unavailable, not 401", async () => {
    const app = await appWith(strategy);
    await signedInCookie();
    const response = await app.meRoute.GET(new Request("http://localhost:3000/api/me"));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "unavailable", message: "The service is temporarily unavailable. Please try again shortly." } });
  });

  it("a server action answers unavailable, not unauthenticated", async () => {
    const app = await appWith(strategy);
    await signedInCookie();
    expect(await app.actions.updateProfile({ name: "Jane", image: "" })).toMatchObject({ ok: false, code: "unavailable" });
  });

  it("a page goes to the 'temporarily unavailable' page, not to sign-in with the cookie dropped", async () => {
    const app = await appWith(strategy);
    await signedInCookie();
    const target = await redirectOf(() => app.session.requireUser("/dashboard/acme"));
    expect(target).toBe("/unavailable?retry=%2Fdashboard%2Facme");
  });
});

describe("a session that is really invalid still ends during an outage", () => {
  it("JWT mode: a token that does not decrypt is cleared", async () => {
    const app = await appWith("jwt");
    request.cookie = `${COOKIE}=not-a-token`;
    const response = await sessionEndpoint(app);
    expect(response.status).toBe(200);
    expect(await response.json()).toBeNull();
    expect(clearsSessionCookie(response)).toBe(true);
  });
});

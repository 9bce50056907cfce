// A first sign-in through a provider creates the user and its linked identity in one go (Auth.js's
// adapter createUser, then linkAccount). Account settings label that identity by its email at the
// provider (Account.email), so the row must have it from the first sign-up, whatever the provider:
// an OpenID provider names it in the ID token, GitHub (plain OAuth 2, no ID token) only in its API's
// profile. The whole flow runs in process through Auth.js's real routes and adapter: against the
// local OpenID Provider of the e2e suite (src/test/oidc-provider.ts) on a free port, and against
// GitHub's token and user endpoints answered by a stand-in for fetch.
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { startOidcProvider, type RunningOidcProvider } from "@/test/oidc-provider";
import { accountOverview } from "./queries";

const APP = "http://localhost:3000";
const CLIENT = { clientId: "orgdesk-int", clientSecret: "orgdesk-int-client-secret" };

let provider: RunningOidcProvider;
let routes: typeof import("@/app/api/auth/[...nextauth]/route");

beforeAll(async () => {
  provider = await startOidcProvider({ port: 0, ...CLIENT, redirectUris: [`${APP}/api/auth/callback/oidc`] });
  Object.assign(process.env, {
    AUTH_SECRET: process.env.AUTH_SECRET ?? "provider-sign-up-test-secret-0123456789",
    AUTH_URL: APP,
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_ID: CLIENT.clientId,
    AUTH_OIDC_SECRET: CLIENT.clientSecret,
    AUTH_GITHUB_ID: "orgdesk-int-github",
    AUTH_GITHUB_SECRET: "orgdesk-int-github-secret",
  });
  // auth.ts reads the providers when it is first imported.
  vi.resetModules();
  routes = await import("@/app/api/auth/[...nextauth]/route");
});

afterAll(async () => {
  await provider?.close();
  for (const key of ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET", "AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"]) delete process.env[key];
});

afterEach(() => vi.restoreAllMocks());

/** GitHub's token endpoint and REST API as Auth.js's GitHub provider calls them, for one GitHub user. */
function standInGitHub(user: { id: number; login: string; email: string | null }, emails: { email: string; primary: boolean }[] = []) {
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.href === "https://github.com/login/oauth/access_token") {
      return Response.json({ access_token: `gho_${randomUUID()}`, token_type: "bearer", scope: "read:user,user:email" });
    }
    if (url.href === "https://api.github.com/user") return Response.json({ ...user, name: null, avatar_url: null });
    if (url.href === "https://api.github.com/user/emails") return Response.json(emails);
    if (url.hostname.endsWith("github.com")) throw new Error(`unexpected call to ${url.href}`);
    return realFetch(input, init);
  });
}

/** Cookies per origin, as a browser keeps them (name=value only: enough for this flow). */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    return [...(this.jar.get(new URL(url).origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  keep(url: string, response: Response): void {
    const cookies = this.jar.get(new URL(url).origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    this.jar.set(new URL(url).origin, cookies);
  }

  /** One request, without following redirects: the app's routes are called directly, the provider over HTTP. */
  async send(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const method = init.method ?? (init.form ? "POST" : "GET");
    const headers: Record<string, string> = { cookie: this.cookieHeader(url) };
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    let response: Response;
    if (url.startsWith(APP)) {
      const request = new NextRequest(url, { method, headers: { ...headers, host: "localhost:3000", origin: APP }, body });
      response = await (method === "GET" ? routes.GET(request) : routes.POST(request));
    } else {
      response = await fetch(url, { method, headers, body, redirect: "manual" });
    }
    this.keep(url, response);
    return response;
  }

  /** Follows redirects from `response` until a page answers (the last URL and response). */
  async follow(from: string, response: Response): Promise<{ url: string; response: Response }> {
    let url = from;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      url = new URL(response.headers.get("location")!, url).href;
      if (url.startsWith(APP) && !new URL(url).pathname.startsWith("/api/auth/")) return { url, response };
      response = await this.send(url);
    }
    return { url, response };
  }
}

/** Signs in through the OpenID provider's login form as `login`; returns where the app sent the browser. */
async function signInThroughOidc(login: string): Promise<string> {
  const browser = new Browser();
  const csrf = await browser.send(`${APP}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await browser.send(`${APP}/api/auth/signin/oidc`, { form: { csrfToken, callbackUrl: `${APP}/dashboard` } });
  const loginPage = await browser.follow(`${APP}/api/auth/signin/oidc`, start);
  expect(loginPage.url).toMatch(new RegExp(`^${provider.issuer}/interaction/`));
  const submitted = await browser.send(loginPage.url, { form: { prompt: "login", login, password: "ignored" } });
  const back = await browser.follow(loginPage.url, submitted);
  return back.url;
}

/** Signs in with GitHub (its side stood in by standInGitHub): the app's redirect, then GitHub's answer. */
async function signInThroughGitHub(): Promise<string> {
  const browser = new Browser();
  const csrf = await browser.send(`${APP}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await browser.send(`${APP}/api/auth/signin/github`, { form: { csrfToken, callbackUrl: `${APP}/dashboard` } });
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin + authorize.pathname).toBe("https://github.com/login/oauth/authorize");
  // The user approves at GitHub, which sends the browser back with a code and the app's state.
  const callback = `${APP}/api/auth/callback/github?${new URLSearchParams({ code: `code-${randomUUID()}`, state: authorize.searchParams.get("state")! })}`;
  const back = await browser.follow(callback, await browser.send(callback));
  return back.url;
}

async function linkedIdentitiesOf(email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  expect(user, `a user ${email}`).not.toBeNull();
  const rows = await db.account.findMany({ where: { userId: user!.id }, select: { provider: true, providerAccountId: true, email: true } });
  // And what account settings show for them.
  const shown = (await accountOverview(user!.id))?.accounts.map((a) => a.identity);
  return { rows, shown };
}

describe("a first sign-up through a provider", () => {
  it("keeps the identity's email from an OpenID provider's ID token", async () => {
    const login = `newcomer-${randomUUID().slice(0, 8)}`;
    expect(await signInThroughOidc(login)).toBe(`${APP}/dashboard`);
    const { rows, shown } = await linkedIdentitiesOf(`${login}@oidc.test`);
    expect(rows).toEqual([{ provider: "oidc", providerAccountId: login, email: `${login}@oidc.test` }]);
    expect(shown).toEqual([`${login}@oidc.test`]);
  });

  it("keeps the identity's email from GitHub's profile (GitHub sends no ID token)", async () => {
    const id = Math.floor(Math.random() * 1e9);
    const email = `octo-${id}@github.test`;
    standInGitHub({ id, login: `octo-${id}`, email });
    expect(await signInThroughGitHub()).toBe(`${APP}/dashboard`);
    const { rows, shown } = await linkedIdentitiesOf(email);
    expect(rows).toEqual([{ provider: "github", providerAccountId: String(id), email }]);
    expect(shown).toEqual([email]);
  });

  it("takes GitHub's primary email when the profile keeps it private, and fills a row linked without one at the next sign-in", async () => {
    const id = Math.floor(Math.random() * 1e9);
    const email = `private-${id}@github.test`;
    standInGitHub({ id, login: `private-${id}`, email: null }, [
      { email: `other-${id}@github.test`, primary: false },
      { email, primary: true },
    ]);
    expect(await signInThroughGitHub()).toBe(`${APP}/dashboard`);
    expect((await linkedIdentitiesOf(email)).rows).toEqual([{ provider: "github", providerAccountId: String(id), email }]);

    // A row linked before identities kept their email.
    await db.account.updateMany({ where: { provider: "github", providerAccountId: String(id) }, data: { email: null } });
    expect(await signInThroughGitHub()).toBe(`${APP}/dashboard`);
    expect((await linkedIdentitiesOf(email)).shown).toEqual([email]);
  });
});

// Nobody else can sign you out: /login?session=ended (an image in a post, a link from any site)
// must not delete a session cookie. Only the server, having found that very cookie invalid, can
// send the browser to a sign-in URL whose marker makes the proxy drop it.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const browser = vi.hoisted(() => {
  process.env.AUTH_SECRET = "proxy-test-secret-0123456789-0123456789";
  return { cookies: [] as { name: string; value: string }[] };
});

vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => browser.cookies, get: (name: string) => browser.cookies.find((c) => c.name === name) }),
}));

const { proxy } = await import("@/proxy");
const { signInUrl } = await import("@/server/sign-in-url");
const { SESSION_ENDED_TTL_S } = await import("@/lib/session-ended");

const SESSION = "authjs.session-token";

function visit(path: string, cookies: { name: string; value: string }[]) {
  return proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") } }));
}

/** Whether the response tells the browser to delete its session cookie. */
function deletesSession(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${SESSION}=`) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie));
}

afterEach(() => {
  vi.useRealTimers();
  browser.cookies = [];
});

describe("GET /login?session=... from anyone but the server", () => {
  it("keeps a valid session: the visitor goes to the dashboard, signed in", async () => {
    const response = await visit("/login?session=ended", [{ name: SESSION, value: "a-live-session" }]);
    expect(deletesSession(response)).toBe(false);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/dashboard");
  });

  it("keeps it with a made-up or malformed marker too", async () => {
    for (const marker of [`${Math.floor(Date.now() / 1000) + 30}.${"0".repeat(64)}`, "1.2", "", "ended.ended"]) {
      const response = await visit(`/login?session=${encodeURIComponent(marker)}`, [{ name: SESSION, value: "a-live-session" }]);
      expect(deletesSession(response), marker).toBe(false);
    }
  });

  it("keeps it when the marker was made for another cookie (an attacker's own dead session)", async () => {
    browser.cookies = [{ name: SESSION, value: "the-attackers-dead-session" }];
    const attackersUrl = await signInUrl("/dashboard");
    const response = await visit(attackersUrl, [{ name: SESSION, value: "the-victims-live-session" }]);
    expect(deletesSession(response)).toBe(false);
  });
});

describe("the server found the session cookie invalid (revoked elsewhere)", () => {
  it("its sign-in URL makes the proxy drop that cookie and show the sign-in page", async () => {
    browser.cookies = [{ name: SESSION, value: "a-revoked-session" }];
    const url = await signInUrl("/dashboard/acme");
    expect(new URL(url, "http://localhost").searchParams.get("callbackUrl")).toBe("/dashboard/acme");
    const response = await visit(url, browser.cookies);
    expect(deletesSession(response)).toBe(true);
    expect(response.headers.get("location")).toBeNull(); // the sign-in page itself, not a bounce to the dashboard
  });

  it("drops every chunk of a chunked cookie", async () => {
    browser.cookies = [
      { name: `${SESSION}.0`, value: "first-half" },
      { name: `${SESSION}.1`, value: "second-half" },
    ];
    const response = await visit(await signInUrl(), browser.cookies);
    const cleared = response.headers.getSetCookie().filter((cookie) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie));
    expect(cleared.map((cookie) => cookie.split("=")[0]).sort()).toEqual([`${SESSION}.0`, `${SESSION}.1`]);
  });

  it("the marker expires: a copy used later deletes nothing", async () => {
    browser.cookies = [{ name: SESSION, value: "a-revoked-session" }];
    const url = await signInUrl();
    vi.useFakeTimers({ now: Date.now() + (SESSION_ENDED_TTL_S + 1) * 1000, toFake: ["Date"] });
    expect(deletesSession(await visit(url, browser.cookies))).toBe(false);
  });

  it("without a session cookie, the sign-in URL carries no marker", async () => {
    expect(await signInUrl("/dashboard")).toBe("/login?callbackUrl=%2Fdashboard");
  });
});

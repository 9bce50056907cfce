// The proxy does two cheap things and nothing else (it is not a security boundary; every page,
// route handler and action checks the session itself):
// 1. optimistic redirects from the presence of a session cookie — no decryption, no database;
// 2. security headers, with a per-request CSP nonce.
// Next.js loads it through src/proxy.ts, which also holds the matcher (Next reads that statically).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, formActionSources, imageSources, showsPostContent } from "@/lib/content-security-policy";
import { isSessionCookieName, sessionCookieValue, verifySessionEndedMarker } from "@/lib/session-ended";
import { env } from "@/server/env";

const PROTECTED_PREFIXES = ["/dashboard", "/settings"];
const GUEST_ONLY_PATHS = ["/login", "/register"];

const formAction = formActionSources(env);
const postContentImages = imageSources(env, true);
const otherImages = imageSources(env, false);
const dev = env.NODE_ENV === "development";

function matchesPrefix(pathname: string, prefix: string) {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const sessionCookies = request.cookies.getAll().filter((cookie) => isSessionCookieName(cookie.name));
  const hasSessionCookie = sessionCookies.length > 0;
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  // The server found this very cookie invalid and signed a short-lived marker saying so
  // (src/server/sign-in-url.ts): drop the cookie and show the page. A query string alone never does.
  const sessionEnded =
    hasSessionCookie &&
    GUEST_ONLY_PATHS.includes(pathname) &&
    (await verifySessionEndedMarker(env.AUTH_SECRET ?? "", request.nextUrl.searchParams.get("session"), sessionCookieValue(sessionCookies)));

  let response: NextResponse;
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const imgSrc = showsPostContent(pathname) ? postContentImages : otherImages;
  const csp = contentSecurityPolicy({ nonce, dev, https, formAction, imgSrc });

  if (!hasSessionCookie && PROTECTED_PREFIXES.some((prefix) => matchesPrefix(pathname, prefix))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else if (hasSessionCookie && GUEST_ONLY_PATHS.includes(pathname) && !sessionEnded) {
    // Auth.js sends a signed-in user here with ?error= when connecting a provider account fails
    // (e.g. it is someone else's): explain it on the error page rather than drop it.
    const error = request.nextUrl.searchParams.get("error");
    const target = new URL(error ? "/auth/error" : "/dashboard", request.url);
    if (error) target.searchParams.set("error", error);
    response = NextResponse.redirect(target);
  } else {
    // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  }

  if (sessionEnded) {
    // With the attributes Auth.js set it with: a browser ignores a __Secure- cookie set without Secure.
    for (const { name } of sessionCookies) {
      response.cookies.set(name, "", { path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-"), maxAge: 0, expires: new Date(0) });
    }
  }
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

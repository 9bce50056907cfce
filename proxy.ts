// The proxy does two cheap things and nothing else (it is not a security boundary; every page,
// route handler and action checks the session itself):
// 1. optimistic redirects from the presence of a session cookie — no decryption, no database;
// 2. security headers, with a per-request CSP nonce.
// Next.js loads it through src/proxy.ts, which also holds the matcher (Next reads that statically).
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, formActionSources, imageSources, showsPostContent } from "@/lib/content-security-policy";

const PROTECTED_PREFIXES = ["/dashboard", "/settings"];
const GUEST_ONLY_PATHS = ["/login", "/register"];
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

const formAction = formActionSources(process.env);
const postContentImages = imageSources(process.env, true);
const otherImages = imageSources(process.env, false);
const dev = process.env.NODE_ENV === "development";

function matchesPrefix(pathname: string, prefix: string) {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSessionCookie = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

  let response: NextResponse;
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const imgSrc = showsPostContent(pathname) ? postContentImages : otherImages;
  const csp = contentSecurityPolicy({ nonce, dev, https, formAction, imgSrc });

  if (!hasSessionCookie && PROTECTED_PREFIXES.some((prefix) => matchesPrefix(pathname, prefix))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else if (hasSessionCookie && GUEST_ONLY_PATHS.includes(pathname) && request.nextUrl.searchParams.get("session") !== "ended") {
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

  // The server found the session cookie no longer valid (src/server/sign-in-url.ts): drop it.
  if (hasSessionCookie && request.nextUrl.searchParams.get("session") === "ended" && GUEST_ONLY_PATHS.includes(pathname)) {
    for (const cookie of request.cookies.getAll()) if (SESSION_COOKIE.test(cookie.name)) response.cookies.delete(cookie.name);
  }
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

// "This session cookie is dead, drop it": a marker only the server can make. When a page finds the
// browser's session cookie no longer valid (revoked, signed out elsewhere) it sends the visitor to
// /login?session=<marker>; proxy.ts deletes the cookie only if the marker verifies for that very
// cookie and has not expired. A link or an image to /login?session=... made by anyone else, or a
// marker made for another (dead) cookie, deletes nothing.
//
// marker = <expiry, seconds since the epoch>.<HMAC-SHA256(AUTH_SECRET, domain · expiry · SHA-256(cookie))>
// Web Crypto only, so the proxy can check it without the database.

/** Long enough for a redirect to be followed, short enough that a leaked marker is soon useless. */
export const SESSION_ENDED_TTL_S = 60;
const DOMAIN = "orgdesk:session-ended:v1";
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.(\d+))?$/;

export const isSessionCookieName = (name: string) => SESSION_COOKIE.test(name);

/** The session cookie's whole value (Auth.js splits a large one into .0, .1, ... chunks), or null. */
export function sessionCookieValue(cookies: readonly { name: string; value: string }[]): string | null {
  const parts = cookies
    .filter((cookie) => SESSION_COOKIE.test(cookie.name))
    .map((cookie) => ({ index: Number(SESSION_COOKIE.exec(cookie.name)![3] ?? -1), secure: cookie.name.startsWith("__Secure-"), value: cookie.value }))
    .sort((a, b) => Number(a.secure) - Number(b.secure) || a.index - b.index);
  return parts.length ? parts.map((part) => `${part.secure ? "s" : "p"}${part.index}:${part.value}`).join("\n") : null;
}

const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function mac(secret: string, expiry: number, cookieValue: string): Promise<string> {
  const cookieHash = hex(await crypto.subtle.digest("SHA-256", encoder.encode(cookieValue)));
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(await crypto.subtle.sign("HMAC", key, encoder.encode(`${DOMAIN}\n${expiry}\n${cookieHash}`)));
}

/** The marker saying "the session cookie `cookieValue` is no longer valid", for SESSION_ENDED_TTL_S seconds. */
export async function sessionEndedMarker(secret: string, cookieValue: string, nowMs = Date.now()): Promise<string> {
  const expiry = Math.floor(nowMs / 1000) + SESSION_ENDED_TTL_S;
  return `${expiry}.${await mac(secret, expiry, cookieValue)}`;
}

/** Whether `marker` was made by the server for this very cookie value and has not expired. */
export async function verifySessionEndedMarker(secret: string, marker: string | null, cookieValue: string | null, nowMs = Date.now()): Promise<boolean> {
  if (!secret || !marker || cookieValue === null) return false;
  const match = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(marker);
  if (!match) return false;
  const expiry = Number(match[1]);
  if (expiry * 1000 <= nowMs || expiry > Math.floor(nowMs / 1000) + SESSION_ENDED_TTL_S) return false;
  const expected = await mac(secret, expiry, cookieValue);
  // Constant-time comparison of two equal-length hex strings.
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ match[2]!.charCodeAt(i);
  return difference === 0;
}

import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env";

// A browser that has signed in to an account with its password before carries a signed cookie
// naming it (an opaque id, bound to that email by an HMAC under AUTH_SECRET). Sign-in limits then
// count that device on its own (sign-in-limits.ts): a stranger's failed guesses elsewhere never
// block the owner's browser. Stateless, so it holds across app instances; one per browser (the
// last account signed in to with a password).

export const KNOWN_DEVICE_COOKIE = "orgdesk-known-device";
const MAX_AGE_S = 365 * 24 * 60 * 60;

function mac(deviceId: string, email: string): Buffer {
  const key = createHmac("sha256", env.AUTH_SECRET ?? "")
    .update("orgdesk known-device cookie v1")
    .digest();
  return createHmac("sha256", key).update(`${deviceId}\n${email.trim().toLowerCase()}`).digest();
}

/** The device id in a cookie header, if the cookie is genuine and was issued for this email. */
export function knownDeviceId(cookieHeader: string | null, email: string): string | null {
  const value = cookieHeader
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${KNOWN_DEVICE_COOKIE}=`))
    ?.slice(KNOWN_DEVICE_COOKIE.length + 1);
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return null;
  const [, deviceId, signature] = match as unknown as [string, string, string];
  // Compare the text, not the decoded bytes: the last base64url character carries two unused bits,
  // so four spellings decode to the same signature and an altered cookie would still pass.
  const expected = Buffer.from(mac(deviceId, email).toString("base64url"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}

/** The cookie to set after a successful password sign-in (keeps the device id it already had). */
export function knownDeviceCookie(email: string, deviceId: string | null = null) {
  const id = deviceId ?? randomBytes(16).toString("base64url");
  return {
    name: KNOWN_DEVICE_COOKIE,
    value: `${id}.${mac(id, email).toString("base64url")}`,
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env.AUTH_URL?.startsWith("https://") ?? false,
    path: "/",
    maxAge: MAX_AGE_S,
  };
}

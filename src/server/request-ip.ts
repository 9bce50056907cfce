import "server-only";
import ipaddr from "ipaddr.js";
import { env } from "@/server/env";

// Which address is the client's. Every hop that forwards a request appends the address it received
// it from to X-Forwarded-For; Orgdesk's own server (src/serve.mjs) appends the socket's, so the
// right-most entry is always the peer this process saw. Whatever is left of the hops we trust is
// the client's to write, so it is never read: with TRUST_PROXY_HOPS=0 (the default, the app faces
// the clients) the client is the socket; behind N trusted proxies it is the entry the farthest of
// them appended, N places left of the socket. X-Real-IP and the Forwarded header are ignored.

const MAX_ADDRESS_LENGTH = 64;

export function trustedProxyHops(): number {
  return env.TRUST_PROXY_HOPS;
}

/** A well-formed IP address in canonical form (IPv4-mapped IPv6 as IPv4, IPv6 compressed, no zone), or null. */
export function normalizeIp(value: string | null | undefined): string | null {
  const text = value?.trim().split("%")[0] ?? "";
  if (!text || text.length > MAX_ADDRESS_LENGTH) return null;
  // Four decimal parts only: "127.1", "0x7f.0.0.1" or "010.0.0.1" are not addresses anyone's socket reports.
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toString();
  if (!ipaddr.IPv6.isValid(text)) return null;
  const address = ipaddr.IPv6.parse(text);
  return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : address.toString();
}

/**
 * The client's address, or null when the request does not carry a well-formed one at the trusted
 * position (e.g. it bypassed the configured proxies). Never a string the client chose.
 */
export function clientIp(headers: Headers, hops: number = trustedProxyHops()): string | null {
  // Headers joins repeated X-Forwarded-For lines with ", ", in order.
  const chain = (headers.get("x-forwarded-for") ?? "").split(",");
  const index = chain.length - 1 - hops;
  return index >= 0 ? normalizeIp(chain[index]) : null;
}

/**
 * What rate limits count per: the address, or for IPv6 its /64 network (one subscriber gets a whole
 * /64, so counting single IPv6 addresses would hand out 2^64 budgets).
 */
export function rateLimitSource(ip: string | null): string {
  if (!ip) return "unknown";
  if (!ipaddr.IPv6.isValid(ip)) return ip;
  const network = ipaddr.IPv6.parse(ip).toNormalizedString().split(":").slice(0, 4).join(":");
  return `${network}::/64`;
}

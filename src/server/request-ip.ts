import "server-only";

/**
 * The client's address as the nearest proxy reports it. `next start` and common reverse proxies
 * set x-forwarded-for; when several hops are listed the first is the client.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}

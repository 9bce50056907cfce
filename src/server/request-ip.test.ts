import { afterEach, describe, expect, it } from "vitest";
import { clientIp, normalizeIp, rateLimitSource } from "./request-ip";

// What reaches the app: X-Forwarded-For as the client (or a proxy) sent it, with the socket's
// address appended by Orgdesk's own server (src/serve.mjs), and whatever else the client added.
function arriving(socket: string, headers: Record<string, string> = {}): Headers {
  const received = headers["x-forwarded-for"];
  return new Headers({ ...headers, "x-forwarded-for": received ? `${received}, ${socket}` : socket });
}

const SPOOFS: Record<string, string>[] = [
  { "x-forwarded-for": "6.6.6.6" },
  { "x-forwarded-for": "6.6.6.6, 7.7.7.7" },
  { "x-real-ip": "6.6.6.6" },
  { "x-forwarded-for": "<script>alert(1)</script>" },
  { "x-forwarded-for": "x".repeat(6_000) },
  { "x-forwarded-for": "", "x-real-ip": "::1" },
];

afterEach(() => {
  delete process.env.TRUST_PROXY_HOPS;
});

describe("clientIp", () => {
  it("facing clients directly (the default), is the socket's address whatever the client sends", () => {
    expect(clientIp(arriving("203.0.113.7"))).toBe("203.0.113.7");
    for (const spoof of SPOOFS) expect(clientIp(arriving("203.0.113.7", spoof))).toBe("203.0.113.7");
  });

  it("behind one trusted proxy, is the address that proxy appended, whatever the client put before it", () => {
    process.env.TRUST_PROXY_HOPS = "1";
    const proxy = "10.0.0.2";
    expect(clientIp(arriving(proxy, { "x-forwarded-for": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(arriving(proxy, { "x-forwarded-for": "6.6.6.6, 198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(arriving(proxy, { "x-forwarded-for": `${"x".repeat(6_000)}, 198.51.100.4`, "x-real-ip": "6.6.6.6" }))).toBe("198.51.100.4");
    // A request that reached the app without going through the proxy has no trusted client entry.
    expect(clientIp(arriving("203.0.113.7"))).toBeNull();
  });

  it("is only ever a well-formed address, in one spelling", () => {
    expect(clientIp(arriving("::ffff:203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(arriving("2001:DB8:0:0::1"))).toBe("2001:db8::1");
    for (const junk of ["unknown", "127.1", "010.0.0.1", "1.2.3.4:80", "1.2.3.4 OR 1=1", "x".repeat(6_000)]) {
      expect(clientIp(new Headers({ "x-forwarded-for": junk }))).toBeNull();
    }
    expect(clientIp(new Headers())).toBeNull();
  });
});

describe("normalizeIp and rateLimitSource", () => {
  it("counts an IPv6 client by its /64 network and anything unparseable as one unknown source", () => {
    expect(normalizeIp(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(rateLimitSource("192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitSource("2001:db8:1:2:aaaa::1")).toBe(rateLimitSource("2001:db8:1:2:bbbb::2"));
    expect(rateLimitSource("2001:db8:1:2::1")).not.toBe(rateLimitSource("2001:db8:1:3::1"));
    expect(rateLimitSource(null)).toBe("unknown");
  });
});

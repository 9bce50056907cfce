import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-redirect";

const FALLBACK = "/dashboard";

describe("safeCallbackUrl", () => {
  it.each<[string, string, string]>([
    ["the dashboard", "/dashboard", "/dashboard"],
    ["the root", "/", "/"],
    ["a nested path with query and hash", "/dashboard/acme/posts?page=2#top", "/dashboard/acme/posts?page=2#top"],
    ["an encoded query value", "/dashboard/acme/posts?q=hello%20world&sort=-date", "/dashboard/acme/posts?q=hello%20world&sort=-date"],
    ["an absolute URL inside the query", "/dashboard?next=https://evil.example", "/dashboard?next=https://evil.example"],
    ["a literal percent sign in the query", "/search?q=100%25", "/search?q=100%25"],
    ["an encoded slash inside the path", "/files/a%2Fb", "/files/a%2Fb"],
    ["non-ASCII characters (percent-encoded on output)", "/dashboard/café", "/dashboard/caf%C3%A9"],
    ["dot segments (resolved)", "/dashboard/acme/../globex", "/dashboard/globex"],
  ])("accepts %s", (_, value, expected) => {
    expect(safeCallbackUrl(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ["a protocol-relative URL", "//evil.example"],
    ["a protocol-relative URL with a path", "//evil.example/dashboard"],
    ["three slashes", "///evil.example"],
    ["a slash then a backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil"],
    ["a backslash later in the path", "/dashboard\\..\\evil"],
    ["an absolute https URL", "https://evil.example"],
    ["an absolute URL on the app's own origin", "http://localhost:3000/dashboard"],
    ["a scheme-only URL", "https:evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["mixed-case javascript:", "JaVaScRiPt:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["a relative path without a leading slash", "dashboard"],
    ["an encoded tab between slashes", "/%09/evil.example"],
    ["a raw tab between slashes", "/\t/evil.example"],
    ["a raw newline between slashes", "/\n/evil.example"],
    ["a carriage return and line feed", "/dashboard\r\nSet-Cookie:x=1"],
    ["an encoded CRLF", "/dashboard%0d%0aSet-Cookie:x=1"],
    ["a NUL byte", "/dashboard\u0000"],
    ["a leading space", " /dashboard"],
    ["a leading space before //", " //evil.example"],
    ["a leading tab", "\t//evil.example"],
    ["a leading newline", "\n/dashboard"],
    ["a non-breaking space", "/\u00a0/evil.example"],
    ["fully encoded slashes", "%2F%2Fevil.example"],
    ["encoded slashes after a slash", "/%2F%2Fevil.example"],
    ["one encoded slash after a slash", "/%2Fevil.example"],
    ["an encoded backslash after a slash", "/%5Cevil.example"],
    ["double-encoded slashes", "/%252F%252Fevil.example"],
    ["double-encoded slashes without a leading slash", "%252F%252Fevil.example"],
    ["triple-encoded slashes", "/%25252F%25252Fevil.example"],
    ["encoded slashes behind a malformed escape", "/%252F%252Fevil.example%zz"],
    ["a dot segment that leaves //", "/.//evil.example"],
    ["a parent segment that leaves //", "/a/..//evil.example"],
    ["encoded parent segments that leave //", "/%2e%2e//evil.example"],
    ["an empty string", ""],
    ["a value over 2,048 characters", `/${"a".repeat(2_048)}`],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an array", ["/dashboard"]],
    ["an object", { toString: () => "/dashboard" }],
  ])("rejects %s", (_, value) => {
    expect(safeCallbackUrl(value)).toBe(FALLBACK);
  });

  it("accepts a value of exactly 2,048 characters", () => {
    const value = `/${"a".repeat(2_047)}`;
    expect(safeCallbackUrl(value)).toBe(value);
  });

  it("uses the given fallback", () => {
    expect(safeCallbackUrl("//evil.example", "/sign-in")).toBe("/sign-in");
    expect(safeCallbackUrl(undefined, "/")).toBe("/");
  });
});

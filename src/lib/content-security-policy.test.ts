import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, imageSources, showsPostContent } from "./content-security-policy";

const policy = (imgSrc: string[]) => contentSecurityPolicy({ nonce: "n", dev: false, https: true, formAction: ["'self'"], imgSrc });
const directive = (csp: string, name: string) => csp.split("; ").find((part) => part.startsWith(`${name} `));

describe("img-src", () => {
  it("lets pages with post content load images from this site and trusted hosts only", () => {
    const csp = policy(imageSources({ CONTENT_IMAGE_HOSTS: "images.example.com, bad host, cdn.example.com:8443" }, true));
    expect(directive(csp, "img-src")).toBe("img-src 'self' data: blob: https://images.example.com https://cdn.example.com:8443");
    expect(directive(policy(imageSources({}, true)), "img-src")).toBe("img-src 'self' data: blob:");
  });

  it("keeps https images (members' avatars) on other pages", () => {
    expect(directive(policy(imageSources({}, false)), "img-src")).toBe("img-src 'self' data: blob: https:");
  });

  it("knows which pages show post content", () => {
    expect(showsPostContent("/dashboard/acme/posts/welcome")).toBe(true);
    expect(showsPostContent("/dashboard/acme/posts/welcome/edit")).toBe(true);
    expect(showsPostContent("/dashboard/acme/posts/new")).toBe(true);
    expect(showsPostContent("/dashboard/acme/posts/manage")).toBe(false);
    expect(showsPostContent("/dashboard/acme/posts")).toBe(false);
    expect(showsPostContent("/dashboard/acme")).toBe(false);
  });
});

// The session cookie's flags, from Auth.js's own handler with Orgdesk's configuration: behind HTTPS
// it is __Secure- prefixed and Secure; always httpOnly and SameSite=Lax.
import { Auth, skipCSRFCheck } from "@auth/core";
import { describe, expect, it } from "vitest";
import { authConfig } from "@/auth";
import { createPasswordUser } from "@/features/accounts/queries";
import { hashPassword } from "@/server/password";

async function signInCookies(origin: string): Promise<string[]> {
  const email = `cookie-${crypto.randomUUID()}@example.test`;
  await createPasswordUser({ name: "Cookie Test", email, passwordHash: await hashPassword("a long enough passphrase") });
  const response = await Auth(
    new Request(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.9" },
      body: new URLSearchParams({ email, password: "a long enough passphrase", callbackUrl: "/dashboard" }),
    }),
    { ...authConfig, secret: "test-secret-for-cookie-flags-0123456789", basePath: "/api/auth", skipCSRFCheck },
  );
  return response.headers.getSetCookie();
}

describe("session cookie", () => {
  it("behind HTTPS is __Secure- prefixed, Secure, httpOnly and SameSite=Lax", async () => {
    const cookies = await signInCookies("https://orgdesk.example");
    const session = cookies.find((cookie) => cookie.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });

  it("over plain HTTP (local development) is httpOnly and SameSite=Lax, without the prefix", async () => {
    const cookies = await signInCookies("http://localhost:3000");
    const session = cookies.find((cookie) => cookie.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).not.toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});

// Orgdesk never calls a provider's API: it keeps none of the provider's tokens, neither in the
// Account table (a copy of the database hands out no access, refresh or ID token) nor in the JWT
// session, and so never refreshes one (an expired access token used to be refreshed at the
// provider on every request, unsaved: 2,330 requests made 638 refresh grants in 10 s).
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authConfig } from "@/auth";
import { db } from "@/server/db";
import { createUser } from "@/test/fixtures";
import { authAdapter } from "./adapter";

const secrets = { access_token: `at-${randomUUID()}`, refresh_token: `rt-${randomUUID()}`, id_token: `idt-${randomUUID()}` };
const oidcAccount = (userId: string) => ({
  userId,
  type: "oidc" as const,
  provider: "oidc",
  providerAccountId: `sub-${randomUUID()}`,
  ...secrets,
  expires_at: Math.floor(Date.now() / 1000) + 3600,
  token_type: "bearer" as const,
  scope: "openid email profile",
});

afterEach(() => vi.restoreAllMocks());

describe("provider tokens", () => {
  it("linking a provider account stores none of its tokens", async () => {
    const user = await createUser();
    await authAdapter.linkAccount!(oidcAccount(user.id));
    const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Account" WHERE "userId" = '${user.id}'`);
    expect(row).toMatchObject({ provider: "oidc" });
    const stored = JSON.stringify(row);
    for (const secret of Object.values(secrets)) expect(stored).not.toContain(secret);
  });

  it("a JWT session keeps no provider token, and an old cookie's expired one is dropped, not refreshed", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const jwt = authConfig.callbacks.jwt as (params: Record<string, unknown>) => Promise<Record<string, unknown>>;
    const user = await createUser();
    const signedIn = await jwt({ token: { sub: user.id }, user: { id: user.id }, account: { ...oidcAccount(user.id) } });
    expect(JSON.stringify(signedIn)).not.toMatch(/at-|rt-|idt-/);

    // A cookie issued before this change: an expired access token and a refresh token.
    const legacy = { sub: user.id, provider: "oidc", accessToken: secrets.access_token, refreshToken: secrets.refresh_token, accessTokenExpiresAt: 1 };
    for (let request = 0; request < 5; request++) {
      const token = await jwt({ token: { ...legacy } });
      expect(token).toMatchObject({ sub: user.id });
      expect(JSON.stringify(token)).not.toMatch(/at-|rt-/);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

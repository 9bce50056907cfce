import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { authConfig } from "@/auth";
import { hashSessionToken } from "@/server/auth/database-sessions";
import { encodeJwtSession } from "@/server/auth/jwt-sessions";
import { db } from "@/server/db";
import { outboxMessages } from "@/server/mailer";
import { hashPassword } from "@/server/password";
import type { SessionUser } from "@/server/session";
import { createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { accountOverview } from "./queries";
import { changePassword, connectProvider, unlinkAccount } from "./settings-actions";

// Sensitive account changes need a fresh proof of identity (issue 14 §2): a stolen, hour-old session
// cannot set a first password or connect the thief's identity; links and unlinks are audited and
// mailed; settings show which identity is linked; a password change can disconnect them all.

const state = vi.hoisted(() => ({ sessionKey: null as string | null }));
vi.mock("@/server/session", () => {
  const user = () => (globalThis as { __orgdeskTestUser?: SessionUser | null }).__orgdeskTestUser ?? null;
  return {
    currentUser: async () => user(),
    currentSession: async () =>
      user() ? { user: user(), expires: new Date(Date.now() + 3_600_000).toISOString(), sessionKey: state.sessionKey ?? undefined } : null,
    requireUser: async () => user() ?? Promise.reject(new Error("NEXT_REDIRECT: /login")),
  };
});
// The provider's side of "Connect": the browser would be sent to this URL.
vi.mock("@/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/auth")>()),
  signIn: async () => "https://idp.test/authorize?state=x",
}));

const PASSWORD = "an unusual old passphrase";
const jwtParams = { secret: "test-secret-0123456789-abcdefghijklmnop", salt: "authjs.session-token" };
const linkAccount = (account: Parameters<NonNullable<typeof authConfig.adapter.linkAccount>>[0]) => authConfig.adapter.linkAccount!(account);

beforeAll(() => {
  process.env.AUTH_OIDC_ID = "orgdesk-test";
  process.env.AUTH_OIDC_SECRET = "orgdesk-test-secret";
  process.env.AUTH_OIDC_ISSUER = "https://idp.test";
  process.env.AUTH_OIDC_NAME = "Company SSO";
});

/** Signs the user in on "this device"; `minutesAgo` makes it an old session, as a stolen cookie would be. */
async function signedIn(user: SessionUser, minutesAgo = 0) {
  const token: { sub: string; sid?: string } = { sub: user.id };
  await encodeJwtSession({ ...jwtParams, token });
  const key = hashSessionToken(token.sid!);
  await db.session.updateMany({ where: { sessionToken: key }, data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) } });
  actAs(user);
  state.sessionKey = key;
}

async function passwordUser(): Promise<SessionUser> {
  const user = await createUser("Pat Password");
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return user;
}

async function providerOnlyUser(): Promise<SessionUser> {
  const user = await createUser("Olivia Oauth");
  await db.account.create({ data: { userId: user.id, type: "oidc", provider: "github", providerAccountId: randomUUID() } });
  return user;
}

/** An ID token as the provider would sign it (the signature is not read again after sign-in). */
function idToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part({ iss: "https://idp.test", ...claims })}.signature`;
}

const identity = (userId: string, subject: string, email?: string) => ({
  userId,
  type: "oidc" as const,
  provider: "oidc",
  providerAccountId: subject,
  access_token: "access-secret",
  id_token: idToken({ sub: subject, ...(email ? { email } : {}) }),
});

const mailTo = (user: SessionUser) => outboxMessages(`user:${user.id}`).filter((m) => m.to === user.email);

describe("setting a first password", () => {
  it("a provider-only account sets a first password only within 5 minutes of signing in", async () => {
    const user = await providerOnlyUser();
    await signedIn(user, 60);
    const stale = await changePassword({ newPassword: "my first real passphrase", confirmPassword: "my first real passphrase" });
    expect(stale).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/sign in again, then set your password within 5 minutes/) });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();

    await signedIn(user);
    const fresh = await changePassword({ newPassword: "my first real passphrase", confirmPassword: "my first real passphrase" });
    expect(fresh).toMatchObject({ ok: true, data: { firstPassword: true } });
  });
});

describe("connecting a provider identity", () => {
  it("needs the current password or a recent sign-in; an old session alone links nothing, even straight through Auth.js", async () => {
    const user = await passwordUser();
    await signedIn(user, 60);
    const refused = await connectProvider({ provider: "oidc" });
    expect(refused).toMatchObject({
      ok: false,
      code: "forbidden",
      error: expect.stringMatching(/sign in again, then connect Company SSO \(or enter your current password\) within 5 minutes/),
    });
    expect(await connectProvider({ provider: "oidc", password: "not it" })).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });

    // The thief skips the settings page and starts the provider flow directly: Auth.js's link is refused.
    await expect(linkAccount(identity(user.id, `thief-${randomUUID()}`, "thief@evil.test"))).rejects.toThrow();
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);

    expect(await connectProvider({ provider: "oidc", password: PASSWORD })).toEqual({ ok: true, data: { url: "https://idp.test/authorize?state=x" } });
    const subject = randomUUID();
    await linkAccount(identity(user.id, subject, "pat@company.test"));
    expect(await db.account.count({ where: { userId: user.id, provider: "oidc" } })).toBe(1);
    // The grant is used up: it let exactly one link through.
    await db.account.deleteMany({ where: { userId: user.id } });
    await expect(linkAccount(identity(user.id, randomUUID()))).rejects.toThrow();
  });

  it("a provider-only account connects within 5 minutes of signing in", async () => {
    const user = await providerOnlyUser();
    await signedIn(user, 6);
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/sign in again/) });
    await signedIn(user);
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({ ok: true });
    await linkAccount(identity(user.id, randomUUID()));
    expect(await db.account.count({ where: { userId: user.id } })).toBe(2);
  });

  it("links one identity per provider: a second one is refused with a clear message", async () => {
    const user = await passwordUser();
    await signedIn(user);
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({ ok: true });
    await linkAccount(identity(user.id, randomUUID(), "first@company.test"));
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({
      ok: false,
      code: "conflict",
      error: "A Company SSO identity is already connected. Disconnect it first to connect another one.",
    });
    await expect(linkAccount(identity(user.id, randomUUID(), "second@company.test"))).rejects.toThrow();
    expect(await db.account.count({ where: { userId: user.id, provider: "oidc" } })).toBe(1);
  });

  it("a new account signing up through the provider is linked without a grant, and not mailed", async () => {
    const user = await createUser("New Through Sso");
    await linkAccount(identity(user.id, randomUUID(), "new@company.test"));
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
    expect(mailTo(user)).toHaveLength(0);
  });
});

describe("linked identities are visible, audited and mailed", () => {
  it("connecting and disconnecting write an audit event by the user and mail the account's address", async () => {
    const user = await passwordUser();
    await signedIn(user);
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({ ok: true });
    await linkAccount(identity(user.id, randomUUID(), "pat@company.test"));
    const linked = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: "account.link" } });
    expect(linked.metadata).toEqual({ provider: "oidc", identity: "pat@company.test" });
    expect(mailTo(user)[0]).toMatchObject({ subject: expect.stringMatching(/connected/), text: expect.stringContaining("Company SSO (pat@company.test)") });

    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(await unlinkAccount({ accountId: account.id })).toMatchObject({ ok: true, data: { provider: "oidc" } });
    const unlinked = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: "account.unlink" } });
    expect(unlinked.metadata).toEqual({ provider: "oidc", identity: "pat@company.test" });
    expect(mailTo(user)[0]).toMatchObject({ subject: expect.stringMatching(/disconnected/), text: expect.stringContaining("Company SSO (pat@company.test)") });
  });

  it("account settings show each identity's email at the provider, or its subject; never a token", async () => {
    const user = await passwordUser();
    const subject = randomUUID();
    await signedIn(user);
    expect(await connectProvider({ provider: "oidc" })).toMatchObject({ ok: true });
    await linkAccount(identity(user.id, randomUUID(), "pat@company.test"));
    await db.account.create({ data: { userId: user.id, type: "oauth", provider: "github", providerAccountId: subject } });
    const overview = await accountOverview(user.id);
    expect(overview!.accounts.map((a) => [a.provider, a.identity])).toEqual([
      ["oidc", "pat@company.test"],
      ["github", subject],
    ]);
    expect(JSON.stringify(overview)).not.toMatch(/secret|signature/);
    // Nor does the stored row keep the provider's tokens.
    expect(JSON.stringify(await db.account.findFirstOrThrow({ where: { userId: user.id, provider: "oidc" } }))).not.toMatch(/access-secret|signature/);
  });

  it("a password change disconnects every linked identity when asked (off by default), in the same operation", async () => {
    const user = await passwordUser();
    await db.account.create({ data: { userId: user.id, type: "oidc", provider: "oidc", providerAccountId: randomUUID(), email: "thief@evil.test" } });
    await signedIn(user, 60);
    const kept = await changePassword({ currentPassword: PASSWORD, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" });
    expect(kept).toMatchObject({ ok: true });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);

    const cleared = await changePassword({
      currentPassword: "a brand new passphrase",
      newPassword: "another new passphrase",
      confirmPassword: "another new passphrase",
      disconnectProviders: true,
    });
    expect(cleared).toMatchObject({ ok: true, data: { disconnected: [{ provider: "oidc", identity: "thief@evil.test" }] } });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "account.unlink" } })).toBe(1);
    expect(mailTo(user)[0]).toMatchObject({ subject: expect.stringMatching(/disconnected/), text: expect.stringContaining("thief@evil.test") });
  });
});

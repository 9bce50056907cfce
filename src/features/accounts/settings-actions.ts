"use server";

import { signIn } from "@/auth";
import { recordAudit } from "@/features/audit/record";
import { markSessionsRevoked } from "@/server/auth/session-validity";
import { GuardError } from "@/server/authz/errors";
import { userAction } from "@/server/authz/guard";
import type { Tx } from "@/server/db";
import { hashPassword, verifyPassword } from "@/server/password";
import { currentSession, type SessionUser } from "@/server/session";
import { z } from "zod";
import { newPasswordProblem } from "./new-password";
import { oauthProviderConfigs } from "./providers";
import {
  deleteOtherSessions,
  deleteUser,
  deleteUserSession,
  findPasswordHash,
  findSessionByKey,
  grantLinking,
  hasProviderLinked,
  orgsWhereLastAdmin,
  setPasswordHash,
  unlinkAllAccounts,
  unlinkUserAccount,
  updateUserProfile,
} from "./queries";
import { accountIdSchema, changePasswordSchema, connectProviderSchema, deleteAccountSchema, profileSchema, sessionIdSchema } from "./schemas";
import { mailSignInMethodChange } from "./sign-in-method-mail";
import { beginReauthentication, tooManyAttemptsMessage } from "./sign-in-limits";

// Account settings (/settings/account). Every action acts on the signed-in user's own account,
// through the guard's userAction. Revoked sessions are published (Redis / process cache) inside the
// action, so they end at once in every app instance, in both session strategies.

/** Without a password, re-authenticating means signing in again: the session must be this recent. */
const RECENT_SIGN_IN_MS = 5 * 60 * 1000;

/** The current session's key (SHA-256 of its id), set by the session callback in auth.ts. */
async function currentSessionKey(): Promise<string | null> {
  const session = await currentSession();
  return (session as { sessionKey?: string } | null)?.sessionKey ?? null;
}

/**
 * Checks the current password, on the user's own re-authentication budget: only this signed-in
 * user can spend it, so a stranger's failed sign-ins never block a password change or deletion.
 */
async function verifyCurrentPassword(user: SessionUser, passwordHash: string, password: string, field: string) {
  const attempt = await beginReauthentication(user.id);
  if (!attempt.allowed) throw new GuardError("rate_limited", tooManyAttemptsMessage(attempt.retryAfterMs));
  if (!password || !(await verifyPassword(password, passwordHash))) {
    await attempt.failed();
    throw new GuardError("invalid", "Please correct the highlighted fields.", { [field]: "The current password is not correct." });
  }
  await attempt.succeeded();
}

/**
 * The fresh proof of identity that sensitive account changes need (deleting the account, setting a
 * first password, connecting a provider): a sign-in within the last 5 minutes on this device.
 * Account deletion and connecting also take the current password instead (verifyCurrentPassword).
 */
async function requireRecentSignIn(user: SessionUser, tx: Tx, then: string): Promise<void> {
  const key = await currentSessionKey();
  const session = key ? await findSessionByKey(user.id, key, tx) : null;
  if (!session || Date.now() - session.createdAt.getTime() > RECENT_SIGN_IN_MS) {
    throw new GuardError("forbidden", `For your security, sign out and sign in again, then ${then} within 5 minutes.`, undefined, { reauthenticate: true });
  }
}

export const updateProfile = userAction({
  policy: "account.updateProfile",
  input: profileSchema,
  run: ({ user, input, tx }) => updateUserProfile(tx, user.id, input),
  audit: () => ({ action: "account.updateProfile", targetType: "user" }),
  revalidate: () => ["/settings/account", "/dashboard"],
});

/**
 * Sets (OAuth-only accounts, after a recent sign-in) or changes (with the current one) the password;
 * every other session of the user ends, and, if asked, every linked provider identity goes too.
 */
export const changePassword = userAction({
  policy: "account.changePassword",
  input: changePasswordSchema,
  async run({ user, input, tx, ip }) {
    const account = await findPasswordHash(user.id, tx);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null) await verifyCurrentPassword(user, account.passwordHash, input.currentPassword, "currentPassword");
    else await requireRecentSignIn(user, tx, "set your password");
    const problem = await newPasswordProblem(input.newPassword, account);
    if (problem) throw new GuardError("invalid", "Please correct the highlighted fields.", { newPassword: problem });
    await setPasswordHash(tx, user.id, await hashPassword(input.newPassword));
    const keep = await currentSessionKey();
    // Without the current session's key (e.g. an old token), every session ends, this one included.
    const revoked = await deleteOtherSessions(tx, user.id, keep ?? "");
    await markSessionsRevoked(user.id, revoked);
    const disconnected = input.disconnectProviders ? await unlinkAllAccounts(tx, user.id) : [];
    for (const method of disconnected) {
      await recordAudit(tx, { orgId: null, actorId: user.id, ip }, unlinkAudit(user.id, method.provider, method.identity));
    }
    return {
      firstPassword: account.passwordHash === null,
      signedOut: revoked.length,
      disconnected: disconnected.map(({ provider, identity }) => ({ provider, identity })),
    };
  },
  audit: ({ result }) => ({ action: result.firstPassword ? "account.setPassword" : "account.changePassword", targetType: "user" }),
  revalidate: () => ["/settings/account"],
  afterCommit: ({ user, result }) => mailSignInMethodChange(user.email, user.id, "disconnected", result.disconnected),
});

function unlinkAudit(userId: string, provider: string, identity: string) {
  return { action: "account.unlink", targetType: "user", targetId: userId, metadata: { provider, identity } };
}

export const revokeSession = userAction({
  policy: "account.revokeSession",
  input: sessionIdSchema,
  async run({ user, input, tx }) {
    const key = await deleteUserSession(tx, user.id, input.sessionId);
    if (!key) throw new GuardError("not_found", "This session has already ended.");
    await markSessionsRevoked(user.id, [key]);
    return { current: key === (await currentSessionKey()) };
  },
  audit: ({ input }) => ({ action: "account.revokeSession", targetType: "session", targetId: input.sessionId }),
  revalidate: () => ["/settings/account"],
});

/** "Sign out of all other devices": every session of the user but this one ends. */
export const signOutOtherSessions = userAction({
  policy: "account.signOutOthers",
  input: z.object({}).optional(),
  async run({ user, tx }) {
    const keep = await currentSessionKey();
    // Without the current session's key everything would end, this device included: refuse instead.
    if (!keep) throw new GuardError("conflict", "We could not identify this session. Sign out and in again, then retry.");
    const revoked = await deleteOtherSessions(tx, user.id, keep);
    await markSessionsRevoked(user.id, revoked);
    return { signedOut: revoked.length };
  },
  audit: ({ result }) => ({ action: "account.signOutOthers", targetType: "user", metadata: { sessions: result.signedOut } }),
  revalidate: () => ["/settings/account"],
});

/**
 * "Connect <provider>": after a fresh proof of identity (the current password, or a sign-in within
 * the last 5 minutes) leaves a short-lived grant for that provider and starts its flow; on the way
 * back Auth.js links the new identity to this user through the adapter's linkAccount, which takes
 * the grant (linking.ts). Without the grant nothing is linked. One identity per provider.
 * Returns the provider's URL for the browser to open (the guard does not let a redirect escape).
 */
export const connectProvider = userAction({
  policy: "account.link",
  input: connectProviderSchema,
  async run({ user, input, tx }) {
    const provider = oauthProviderConfigs().find((p) => p.id === input.provider);
    if (!provider) throw new GuardError("invalid", "Unknown sign-in provider.");
    if (await hasProviderLinked(tx, user.id, provider.id)) {
      throw new GuardError("conflict", `A ${provider.name} identity is already connected. Disconnect it first to connect another one.`);
    }
    const account = await findPasswordHash(user.id, tx);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null && input.password) await verifyCurrentPassword(user, account.passwordHash, input.password, "password");
    else await requireRecentSignIn(user, tx, `connect ${provider.name}${account.passwordHash !== null ? " (or enter your current password)" : ""}`);
    await grantLinking(tx, user.id, provider.id);
    return { url: String(await signIn(provider.id, { redirectTo: "/settings/account", redirect: false })) };
  },
});

/** Disconnects one linked identity; under the sign-in methods lock, never the last way to sign in. */
export const unlinkAccount = userAction({
  policy: "account.unlink",
  input: accountIdSchema,
  async run({ user, input, tx }) {
    const result = await unlinkUserAccount(tx, user.id, input.accountId);
    if (result.ok) return { provider: result.provider, identity: result.identity };
    if (result.reason === "not_found") throw new GuardError("not_found", "This sign-in method is not linked to your account.");
    throw new GuardError(
      "conflict",
      "This is your only way to sign in. Set a password or connect another sign-in method first, then disconnect this one.",
    );
  },
  audit: ({ user, result }) => unlinkAudit(user.id, result.provider, result.identity),
  revalidate: () => ["/settings/account"],
  afterCommit: ({ user, result }) => mailSignInMethodChange(user.email, user.id, "disconnected", [result]),
});

/**
 * Deletes the signed-in user's account after re-authentication: the current password, or for
 * OAuth-only accounts a sign-in within the last 5 minutes. Refused while the user is the last admin
 * of an organization. Audit events stay, their actor shown as "deleted user".
 */
export const deleteAccount = userAction({
  policy: "account.delete",
  input: deleteAccountSchema,
  async run({ user, input, tx, ip }) {
    const account = await findPasswordHash(user.id, tx);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null) {
      await verifyCurrentPassword(user, account.passwordHash, input.password, "password");
    } else {
      await requireRecentSignIn(user, tx, "delete your account");
    }
    const orgs = await orgsWhereLastAdmin(user.id, tx);
    if (orgs.length > 0) {
      const names = orgs.map((o) => o.name).join(", ");
      throw new GuardError(
        "conflict",
        `You are the only admin of ${names}. Make someone else an admin, or delete the organization, before deleting your account.`,
        undefined,
        { orgs },
      );
    }
    // Written before the user goes: the event stays, its actor becomes null ("deleted user").
    await recordAudit(tx, { orgId: null, actorId: user.id, ip }, { action: "account.delete", targetType: "user", targetId: user.id });
    const keys = await deleteUser(tx, user.id);
    await markSessionsRevoked(user.id, keys);
    return { deleted: true };
  },
});

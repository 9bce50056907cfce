import "server-only";
import { signIn } from "@/auth";
import { recordAudit } from "@/features/audit/record";
import { listUserOrganizations } from "@/features/orgs/queries";
import { markSessionsRevoked } from "@/server/auth/session-validity";
import { GuardError } from "@/server/authz/errors";
import { defineUserOperation, denialWithDetails } from "@/server/authz/guard";
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
  replacePasswordHash,
  unlinkAllAccounts,
  unlinkUserAccount,
  updateUserProfile,
} from "./queries";
import { accountIdSchema, changePasswordSchema, connectProviderSchema, deleteAccountSchema, profileSchema, sessionIdSchema } from "./schemas";
import { mailSignInMethodChange } from "./sign-in-method-mail";
import { beginReauthentication, tooManyAttemptsMessage } from "./sign-in-limits";

// The signed-in user's own account: /api/me and account settings (/settings/account, whose server
// actions are settings-actions.ts). Every operation acts on the caller's own account only. Revoked
// sessions are published (Redis / process cache) inside the operation, so they end at once in every
// app instance, in both session strategies.

/** `GET /api/me`: who is signed in, and their organizations. */
export const readMe = defineUserOperation({
  policy: "me.read",
  kind: "read",
  run: async ({ user }) => ({
    user: { id: user.id, name: user.name, email: user.email, image: user.image },
    memberships: (await listUserOrganizations(user.id)).map(({ slug, name, role }) => ({ org: { slug, name }, role })),
  }),
});

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
async function requireRecentSignIn(user: SessionUser, then: string, tx?: Tx): Promise<void> {
  const key = await currentSessionKey();
  const session = key ? await findSessionByKey(user.id, key, tx) : null;
  if (!session || Date.now() - session.createdAt.getTime() > RECENT_SIGN_IN_MS) {
    throw reauthenticationNeeded.error(`For your security, sign out and sign in again, then ${then} within 5 minutes.`, { reauthenticate: true });
  }
}

/** The caller must sign in again (see requireRecentSignIn). */
const reauthenticationNeeded = denialWithDetails<"forbidden", { reauthenticate: true }>("forbidden");
/** The account cannot go: these organizations would be left without an admin. */
const lastAdminOf = denialWithDetails<"conflict", { orgs: { name: string; slug: string }[] }>("conflict");

export const updateProfile = defineUserOperation({
  policy: "account.updateProfile",
  input: profileSchema,
  run: ({ user, input, tx }) => updateUserProfile(tx, user.id, input),
  audit: () => ({ action: "account.updateProfile", targetType: "user" }),
  revalidate: () => ["/settings/account", "/dashboard"],
});

/**
 * Sets (OAuth-only accounts, after a recent sign-in) or changes (with the current one) the password;
 * every other session of the user ends, and, if asked, every linked provider identity goes too.
 * The checks and the new hash are made before the transaction (hashing runs on a worker thread, and
 * no transaction stays open meanwhile); the write then applies only over the password checked.
 */
export const changePassword = defineUserOperation({
  policy: "account.changePassword",
  input: changePasswordSchema,
  denials: [reauthenticationNeeded],
  async prepare({ user, input }) {
    const account = await findPasswordHash(user.id);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null) await verifyCurrentPassword(user, account.passwordHash, input.currentPassword, "currentPassword");
    else await requireRecentSignIn(user, "set your password");
    const problem = await newPasswordProblem(input.newPassword, account);
    if (problem) throw new GuardError("invalid", "Please correct the highlighted fields.", { newPassword: problem });
    return { checkedHash: account.passwordHash, newHash: await hashPassword(input.newPassword) };
  },
  async run({ user, input, prepared, tx, ip }) {
    // Another change of the password committed since it was checked: this one must not overwrite it.
    if (!(await replacePasswordHash(tx, user.id, prepared.checkedHash, prepared.newHash))) {
      throw new GuardError("conflict", "Your password was changed meanwhile. Reload the page and try again.");
    }
    const keep = await currentSessionKey();
    // Without the current session's key (e.g. an old token), every session ends, this one included.
    const revoked = await deleteOtherSessions(tx, user.id, keep ?? "");
    await markSessionsRevoked(user.id, revoked);
    const disconnected = input.disconnectProviders ? await unlinkAllAccounts(tx, user.id) : [];
    for (const method of disconnected) {
      await recordAudit(tx, { orgId: null, actorId: user.id, ip }, unlinkAudit(user.id, method.provider, method.identity));
    }
    return {
      firstPassword: prepared.checkedHash === null,
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

export const revokeSession = defineUserOperation({
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
export const signOutOtherSessions = defineUserOperation({
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
export const connectProvider = defineUserOperation({
  policy: "account.link",
  input: connectProviderSchema,
  denials: [reauthenticationNeeded],
  // The proof of identity before the transaction: checking a password runs on a worker thread.
  async prepare({ user, input }) {
    const provider = oauthProviderConfigs().find((p) => p.id === input.provider);
    if (!provider) throw new GuardError("invalid", "Unknown sign-in provider.");
    await refuseLinkedProvider(user.id, provider);
    const account = await findPasswordHash(user.id);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null && input.password) await verifyCurrentPassword(user, account.passwordHash, input.password, "password");
    else await requireRecentSignIn(user, `connect ${provider.name}${account.passwordHash !== null ? " (or enter your current password)" : ""}`);
    return { provider, checkedHash: account.passwordHash };
  },
  async run({ user, prepared, tx }) {
    const { provider } = prepared;
    await refuseChangedPassword(tx, user.id, prepared.checkedHash);
    await refuseLinkedProvider(user.id, provider, tx);
    await grantLinking(tx, user.id, provider.id);
    return { url: String(await signIn(provider.id, { redirectTo: "/settings/account", redirect: false })) };
  },
});

async function refuseLinkedProvider(userId: string, provider: { id: string; name: string }, tx?: Tx) {
  if (await hasProviderLinked(userId, provider.id, tx)) {
    throw new GuardError("conflict", `A ${provider.name} identity is already connected. Disconnect it first to connect another one.`);
  }
}

/** The password checked before the transaction must still be the stored one: a change in between refuses the call. */
async function refuseChangedPassword(tx: Tx, userId: string, checkedHash: string | null) {
  const account = await findPasswordHash(userId, tx);
  if (!account) throw new GuardError("unauthenticated");
  if (account.passwordHash !== checkedHash) throw new GuardError("conflict", "Your password was changed meanwhile. Reload the page and try again.");
}

/** Disconnects one linked identity; under the sign-in methods lock, never the last way to sign in. */
export const unlinkAccount = defineUserOperation({
  policy: "account.unlink",
  input: accountIdSchema,
  async run({ user, input, tx }) {
    const result = await unlinkUserAccount(tx, user.id, input.accountId);
    if (result.ok) return { provider: result.provider, identity: result.identity };
    if (result.reason === "not_found") throw new GuardError("not_found", "This sign-in method is not linked to your account.");
    throw new GuardError("conflict", "This is your only way to sign in. Set a password or connect another sign-in method first, then disconnect this one.");
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
export const deleteAccount = defineUserOperation({
  policy: "account.delete",
  input: deleteAccountSchema,
  denials: [reauthenticationNeeded, lastAdminOf],
  // The proof of identity before the transaction: checking a password runs on a worker thread.
  async prepare({ user, input }) {
    const account = await findPasswordHash(user.id);
    if (!account) throw new GuardError("unauthenticated");
    if (account.passwordHash !== null) {
      await verifyCurrentPassword(user, account.passwordHash, input.password, "password");
    } else {
      await requireRecentSignIn(user, "delete your account");
    }
    return { checkedHash: account.passwordHash };
  },
  async run({ user, prepared, tx, ip }) {
    await refuseChangedPassword(tx, user.id, prepared.checkedHash);
    const orgs = await orgsWhereLastAdmin(user.id, tx);
    if (orgs.length > 0) {
      const names = orgs.map((o) => o.name).join(", ");
      throw lastAdminOf.error(`You are the only admin of ${names}. Make someone else an admin, or delete the organization, before deleting your account.`, {
        orgs,
      });
    }
    // Written before the user goes: the event stays, its actor becomes null ("deleted user").
    await recordAudit(tx, { orgId: null, actorId: user.id, ip }, { action: "account.delete", targetType: "user", targetId: user.id });
    const keys = await deleteUser(tx, user.id);
    await markSessionsRevoked(user.id, keys);
    return { deleted: true };
  },
});

import type { Role } from "@/lib/roles";

// The one place that says who may do what. Every server action and route handler names one of
// these entries and goes through the guard (src/server/authz/guard.ts), which enforces it.
// policy-table.md (beside this file) is the reviewed snapshot of this table: policy.test.ts fails
// on any change here until it is updated, so the change shows as a diff of who may do what.
//
// - min: the lowest role in the organization that may act.
// - owned: the target has an owner (e.g. a post's author). The actor must own it, unless their
//   role reaches `anyOwnerFrom` (e.g. admins act on every post).
// - public / user: not org-scoped. `public` needs no session (sign-in, health); `user` needs a
//   signed-in user but no organization (create an org, read /api/me).

export type OrgPolicy = { scope: "org"; min: Role; owned?: { anyOwnerFrom: Role } };
export type UserPolicy = { scope: "user" };
export type PublicPolicy = { scope: "public" };
export type Policy = OrgPolicy | UserPolicy | PublicPolicy;

const editorsOwnAdminsAll = { anyOwnerFrom: "admin" } as const;

export const POLICIES = {
  // Accounts and sessions
  "auth.signIn": { scope: "public" },
  "auth.register": { scope: "public" },
  "auth.signOut": { scope: "public" },
  "auth.handlers": { scope: "public" },
  "health.read": { scope: "public" },
  "me.read": { scope: "user" },
  // Account settings (/settings/account): the signed-in user acts on their own account only.
  "account.updateProfile": { scope: "user" },
  "account.changePassword": { scope: "user" },
  "account.sessions": { scope: "user" },
  "account.revokeSession": { scope: "user" },
  "account.signOutOthers": { scope: "user" },
  "account.link": { scope: "user" },
  "account.unlink": { scope: "user" },
  "account.delete": { scope: "user" },

  // Organizations
  "orgs.create": { scope: "user" },
  "orgs.read": { scope: "org", min: "viewer" },
  "orgs.update": { scope: "org", min: "admin" },
  "orgs.delete": { scope: "org", min: "admin" },

  // Members
  "members.list": { scope: "org", min: "viewer" },
  "members.viewEmails": { scope: "org", min: "admin" },
  "members.updateRole": { scope: "org", min: "admin" },
  "members.remove": { scope: "org", min: "admin" },
  "members.leave": { scope: "org", min: "viewer" },

  // Invitations: admins invite; the invited person accepts with the emailed token, outside any org.
  "invitations.list": { scope: "org", min: "admin" },
  "invitations.create": { scope: "org", min: "admin" },
  "invitations.resend": { scope: "org", min: "admin" },
  "invitations.revoke": { scope: "org", min: "admin" },
  "invitations.accept": { scope: "user" },

  // Posts: everyone reads what is published; editors manage their own, admins every post.
  "posts.list": { scope: "org", min: "viewer" },
  "posts.read": { scope: "org", min: "viewer" },
  "posts.readDraft": { scope: "org", min: "editor", owned: editorsOwnAdminsAll },
  "posts.create": { scope: "org", min: "editor" },
  "posts.update": { scope: "org", min: "editor", owned: editorsOwnAdminsAll },
  "posts.publish": { scope: "org", min: "editor", owned: editorsOwnAdminsAll },
  "posts.delete": { scope: "org", min: "editor", owned: editorsOwnAdminsAll },
  // Bulk publish/unpublish/delete: the guard checks the role; each row is then held to the
  // ownership rule of posts.publish / posts.delete inside the action's transaction.
  "posts.bulk": { scope: "org", min: "editor" },

  // Audit log
  "audit.read": { scope: "org", min: "admin" },
} as const satisfies Record<string, Policy>;

export type PolicyName = keyof typeof POLICIES;
export type OrgPolicyName = { [K in PolicyName]: (typeof POLICIES)[K] extends { scope: "org" } ? K : never }[PolicyName];

export function policyOf(name: PolicyName): Policy {
  return POLICIES[name];
}

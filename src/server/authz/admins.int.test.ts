import { afterAll, describe, expect, it, vi } from "vitest";
import { deleteAccount } from "@/features/accounts/settings-actions";
import { leaveOrganization, removeMember, updateMemberRole } from "@/features/members/actions";
import { db, provider, type Tx } from "@/server/db";
import { hashPassword } from "@/server/password";
import type { SessionUser } from "@/server/session";
import { addMember, createOrg } from "@/test/fixtures";
import { as, closeInstance, onInstance, otherInstance, raceWhileHolding } from "@/test/instances";

// Every path that reduces an org's admins goes through one admin lock (./admins.ts). Shown here
// across two app instances: each racing call runs on its own Prisma client and pool.
vi.mock("@/server/db", async (importOriginal) => (await import("@/test/instances")).routedDbModule(await importOriginal()));
vi.mock("@/server/session", async () => (await import("@/test/instances")).sessionModule());

const second = await otherInstance();
afterAll(() => closeInstance(second));

const PASSWORD = "a long and unusual passphrase";
const adminCount = (orgId: string) => db.membership.count({ where: { orgId, role: "admin" } });

async function withPassword(user: SessionUser): Promise<SessionUser> {
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return user;
}

/**
 * The locks that make both calls of a race read "two admins" before either writes, whatever the
 * code under test locks: the org row (the admin lock) and the admin memberships (which deleting a
 * user or a membership must wait for). On SQLite the open transaction holds every other writer.
 */
async function holdOrgAndAdmins(tx: Tx, orgId: string): Promise<void> {
  if (provider !== "postgresql") return;
  await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${orgId} FOR NO KEY UPDATE`;
  await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "orgId" = ${orgId} AND "role" = 'admin' FOR UPDATE`;
}

const deleting = (user: SessionUser) => () => as(user, () => deleteAccount({ password: PASSWORD, confirm: "DELETE" }));

describe("the admin lock, across two instances", () => {
  it("two admins deleting their accounts at the same moment never leave the org without an admin", async () => {
    for (let round = 0; round < 3; round++) {
      const org = await createOrg(`delete-race-${round}`);
      const first = await withPassword(org.admin);
      const other = await withPassword(await addMember(org.id, "admin", "second admin"));
      const results = await raceWhileHolding((tx) => holdOrgAndAdmins(tx, org.id), [deleting(first), () => onInstance(second, deleting(other))]);
      expect(await adminCount(org.id)).toBe(1);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({ code: "conflict", error: expect.stringContaining(`only admin of Org ${org.slug}`) });
    }
  });

  it("an account deletion racing the other admin's leave, or their removal or demotion of the deleter, keeps an admin", async () => {
    const reductions: Record<string, (org: string, deleter: SessionUser) => Promise<{ ok: boolean }>> = {
      leave: (org) => leaveOrganization({ org, input: { confirm: true } }),
      remove: (org, deleter) => removeMember({ org, target: deleter.id }),
      demote: (org, deleter) => updateMemberRole({ org, target: deleter.id, input: { role: "editor" } }),
    };
    for (const round of [1, 2]) {
      for (const [name, reduce] of Object.entries(reductions)) {
        const org = await createOrg(`delete-vs-${name}-${round}`);
        const deleter = await withPassword(org.admin);
        const other = await addMember(org.id, "admin", "other admin");
        const results = await raceWhileHolding<{ ok: boolean }>(
          (tx) => holdOrgAndAdmins(tx, org.id),
          [deleting(deleter), () => onInstance(second, () => as(other, () => reduce(org.slug, deleter)))],
        );
        expect({ name, admins: await adminCount(org.id) }).toEqual({ name, admins: 1 });
        expect(results.some((result) => result.ok)).toBe(true);
      }
    }
  });
});

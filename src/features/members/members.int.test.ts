import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import type { SessionUser } from "@/server/session";
import { addMember, createOrg, createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { bulkRemoveMembers, bulkUpdateMemberRoles, leaveOrganization, removeMember, updateMemberRole } from "./actions";
import { lockOrgAdmins } from "@/server/authz/admins";
import { listMembers } from "./queries";

// The harness signs one user in for the whole process (actAs); concurrent calls by different people
// need each call to carry its own user. This file's session mock reads the user from an
// AsyncLocalStorage first, set per call by `as(user, call)`, and falls back to actAs.
const { actors } = await vi.hoisted(async () => {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  return { actors: new AsyncLocalStorage<SessionUser>() };
});
vi.mock("@/server/session", () => {
  const user = () => actors.getStore() ?? (globalThis as { __orgdeskTestUser?: SessionUser | null }).__orgdeskTestUser ?? null;
  return {
    currentUser: async () => user(),
    currentSession: async () => (user() ? { user: user(), expires: new Date(Date.now() + 3_600_000).toISOString() } : null),
    requireUser: async () => user() ?? Promise.reject(new Error("NEXT_REDIRECT: /login")),
  };
});
const as = <T>(user: SessionUser, call: () => Promise<T>): Promise<T> => actors.run(user, call);

/**
 * Makes a race certain instead of likely: holds the org's admin lock (on SQLite: the one write
 * transaction) while the calls start, so each passes the guard's authorization before any of them
 * can write; then lets them go, one at a time.
 */
async function raceUnderLock<T>(orgId: string, calls: (() => Promise<T>)[]): Promise<T[]> {
  let release!: () => void;
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  const blocker = db.$transaction(
    async (tx) => {
      await lockOrgAdmins(tx, [orgId]);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 20_000 },
  );
  await holding;
  const results = Promise.all(calls.map((call) => call()));
  await new Promise((resolve) => setTimeout(resolve, 300)); // every call is now authorized and waiting
  release();
  await blocker;
  return results;
}

const roleOf = async (orgId: string, userId: string) => (await db.membership.findUnique({ where: { userId_orgId: { userId, orgId } } }))?.role ?? null;
const adminCount = (orgId: string) => db.membership.count({ where: { orgId, role: "admin" } });

describe("role changes", () => {
  it("lets an admin change a member's role, audited with from and to", async () => {
    const org = await createOrg("roles");
    actAs(org.admin);
    expect(await updateMemberRole({ org: org.slug, target: org.viewer.id, input: { role: "editor" } })).toMatchObject({
      ok: true,
      data: [{ userId: org.viewer.id, from: "viewer", to: "editor" }],
    });
    expect(await roleOf(org.id, org.viewer.id)).toBe("editor");
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "members.updateRole", targetId: org.viewer.id } });
    expect(event.metadata).toEqual({ from: "viewer", to: "editor" });
    expect(event.actorId).toBe(org.admin.id);
  });

  it("refuses editors and viewers (audited), and non-members see nothing", async () => {
    const org = await createOrg("escalate");
    actAs(org.editor);
    expect(await updateMemberRole({ org: org.slug, target: org.editor.id, input: { role: "admin" } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await updateMemberRole({ org: org.slug, target: org.viewer.id, input: { role: "editor" } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [org.editor.id], role: "admin" } })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(org.viewer);
    expect(await removeMember({ org: org.slug, target: org.admin.id })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(await createUser("Stranger"));
    expect(await updateMemberRole({ org: org.slug, target: org.viewer.id, input: { role: "admin" } })).toMatchObject({ ok: false, code: "not_found" });
    expect(await roleOf(org.id, org.editor.id)).toBe("editor");
    expect(await roleOf(org.id, org.viewer.id)).toBe("viewer");
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: { in: ["members.updateRole.denied", "members.remove.denied"] } } })).toBe(4);
  });

  it("refuses changing one's own role, alone or in a selection, and changes nothing", async () => {
    const org = await createOrg("self");
    const otherAdmin = await addMember(org.id, "admin");
    actAs(org.admin);
    expect(await updateMemberRole({ org: org.slug, target: org.admin.id, input: { role: "viewer" } })).toMatchObject({
      ok: false,
      code: "forbidden",
      error: "You cannot change your own role.",
    });
    expect(await bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [otherAdmin.id, org.admin.id, org.viewer.id], role: "viewer" } })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await bulkRemoveMembers({ org: org.slug, input: { userIds: [org.viewer.id, org.admin.id] } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await adminCount(org.id)).toBe(2);
    expect(await roleOf(org.id, org.viewer.id)).toBe("viewer");
  });

  it("validates the role and answers 404 for someone who is not a member", async () => {
    const org = await createOrg("validate");
    const outsider = await createUser("Outsider");
    actAs(org.admin);
    // @ts-expect-error -- not a role: tsc refuses it, and so does the guard at run time
    expect(await updateMemberRole({ org: org.slug, target: org.viewer.id, input: { role: "owner" } })).toMatchObject({ ok: false, code: "invalid" });
    expect(await updateMemberRole({ org: org.slug, target: outsider.id, input: { role: "viewer" } })).toMatchObject({ ok: false, code: "not_found" });
    expect(await bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [org.viewer.id, outsider.id], role: "editor" } })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await roleOf(org.id, org.viewer.id)).toBe("viewer");
  });

  it("changes and removes a selection all at once, one audit event per member", async () => {
    const org = await createOrg("bulk");
    const extra = await addMember(org.id, "viewer");
    actAs(org.admin);
    const changed = await bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [org.viewer.id, extra.id, org.editor.id], role: "editor" } });
    // The editor already was one: only real changes are made and audited.
    expect(changed).toMatchObject({ ok: true });
    expect(changed.ok && changed.data.map((change) => change.userId).sort()).toEqual([org.viewer.id, extra.id].sort());
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "members.updateRole" } })).toBe(2);

    expect(await bulkRemoveMembers({ org: org.slug, input: { userIds: [org.viewer.id, extra.id] } })).toMatchObject({ ok: true });
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "members.remove" } })).toBe(2);
  });
});

describe("the last admin", () => {
  it("cannot leave; others can, and removal or leaving takes effect on the next request", async () => {
    const org = await createOrg("leave");
    actAs(org.admin);
    // @ts-expect-error -- the confirmation is missing: tsc refuses it, and so does the guard at run time
    expect(await leaveOrganization({ org: org.slug, input: {} })).toMatchObject({ ok: false, code: "invalid" });
    expect(await leaveOrganization({ org: org.slug, input: { confirm: true } })).toMatchObject({ ok: false, code: "conflict" });
    expect(await adminCount(org.id)).toBe(1);

    actAs(org.editor);
    expect(await leaveOrganization({ org: org.slug, input: { confirm: true } })).toMatchObject({ ok: true, data: { role: "editor" } });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "members.leave", actorId: org.editor.id } })).toBe(1);
    expect(await leaveOrganization({ org: org.slug, input: { confirm: true } })).toMatchObject({ ok: false, code: "not_found" });

    actAs(org.admin);
    expect(await removeMember({ org: org.slug, target: org.viewer.id })).toMatchObject({ ok: true });
    // Membership is read from the database on every call: the removed viewer is out at once.
    actAs(org.viewer);
    expect(await leaveOrganization({ org: org.slug, input: { confirm: true } })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("survives concurrent demotions of the two last admins: exactly one stays admin", async () => {
    // Each demotes the other: both are admins when the guard checks them; the transactions decide.
    for (let round = 0; round < 2; round++) {
      const org = await createOrg(`race-${round}`);
      const second = await addMember(org.id, "admin");
      const results = await raceUnderLock(org.id, [
        () => as(org.admin, () => updateMemberRole({ org: org.slug, target: second.id, input: { role: "editor" } })),
        () => as(second, () => updateMemberRole({ org: org.slug, target: org.admin.id, input: { role: "editor" } })),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({ code: "forbidden" });
      expect(await adminCount(org.id)).toBe(1);
    }
  });

  it("survives a concurrent demotion and removal, and a bulk change including the other admin", async () => {
    const org = await createOrg("race-mixed");
    const second = await addMember(org.id, "admin");
    const mixed = await raceUnderLock<{ ok: boolean }>(org.id, [
      () => as(org.admin, () => removeMember({ org: org.slug, target: second.id })),
      () => as(second, () => bulkUpdateMemberRoles({ org: org.slug, input: { userIds: [org.admin.id, org.viewer.id], role: "viewer" } })),
      () => as(second, () => bulkRemoveMembers({ org: org.slug, input: { userIds: [org.admin.id] } })),
    ]);
    expect(mixed.filter((result) => result.ok).length).toBeGreaterThanOrEqual(1);
    expect(await adminCount(org.id)).toBe(1);

    const other = await createOrg("race-leave");
    const third = await addMember(other.id, "admin");
    const left = await raceUnderLock(other.id, [
      () => as(other.admin, () => leaveOrganization({ org: other.slug, input: { confirm: true } })),
      () => as(third, () => leaveOrganization({ org: other.slug, input: { confirm: true } })),
    ]);
    expect(left.map((result) => result.ok).sort()).toEqual([false, true]);
    expect(await adminCount(other.id)).toBe(1);
  });
});

describe("the directory", () => {
  it("pages, sorts, filters and searches on the server; emails only when asked for", async () => {
    const org = await createOrg("directory");
    const zed = await addMember(org.id, "viewer", "zed zimmer");
    const anna = await addMember(org.id, "editor", "Anna Aalto");
    const base = { page: 1, size: 10, sort: "name", dir: "asc" } as const;

    const byName = await listMembers(org.id, base, { withEmails: false });
    expect(byName.total).toBe(5);
    expect(byName.rows[0]).toEqual({ userId: anna.id, name: "Anna Aalto", role: "editor", joinedAt: expect.any(Date) });
    expect(byName.rows.every((row) => !("email" in row))).toBe(true);

    const page2 = await listMembers(org.id, { ...base, size: 10, page: 2 }, { withEmails: true });
    expect(page2).toEqual({ rows: [], total: 5 });
    const last = await listMembers(org.id, { ...base, dir: "desc" }, { withEmails: true });
    expect(last.rows[0]).toMatchObject({ userId: zed.id, email: zed.email });

    const editors = await listMembers(org.id, { ...base, role: "editor" }, { withEmails: false });
    expect(editors.rows.map((row) => row.userId).sort()).toEqual([anna.id, org.editor.id].sort());

    expect((await listMembers(org.id, { ...base, q: "ZIMMER" }, { withEmails: false })).rows.map((row) => row.userId)).toEqual([zed.id]);
    // Without emails, an email fragment finds nobody: searching would reveal them one guess at a time.
    const emailFragment = zed.email!.split("@")[0]!.slice(-8);
    expect((await listMembers(org.id, { ...base, q: emailFragment }, { withEmails: false })).total).toBe(0);
    expect((await listMembers(org.id, { ...base, q: emailFragment }, { withEmails: true })).rows.map((row) => row.userId)).toEqual([zed.id]);
  });

  it("sorts by name ignoring case, and follows a rename at once (the sort key is kept by the database)", async () => {
    const org = await createOrg("sort-key");
    const bob = await addMember(org.id, "viewer", "Bob Brown");
    const adam = await addMember(org.id, "viewer", "adam apple");
    const nameless = await addMember(org.id, "viewer", "to be cleared");
    await db.user.update({ where: { id: nameless.id }, data: { name: null } });
    const viewersByName = async () =>
      (await listMembers(org.id, { page: 1, size: 10, sort: "name", dir: "asc", role: "viewer" }, { withEmails: false })).rows.map((row) => row.userId);

    // org.viewer is named by the fixture; only the order of ours matters.
    const ours = async () => (await viewersByName()).filter((id) => [bob.id, adam.id, nameless.id].includes(id));
    expect(await ours()).toEqual([nameless.id, adam.id, bob.id]);

    await db.user.update({ where: { id: adam.id }, data: { name: "Zoe Zeta" } });
    expect(await ours()).toEqual([nameless.id, bob.id, adam.id]);
    // Through a membership created after the rename, too (a new org for the same user).
    const other = await createOrg("sort-key-other");
    await db.membership.create({ data: { orgId: other.id, userId: adam.id, role: "viewer" } });
    const row = await db.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: adam.id, orgId: other.id } }, select: { sortName: true } });
    expect(row.sortName).toBe("zoe zeta");
  });
});

import { afterAll, describe, expect, it, vi } from "vitest";
import { db, provider } from "@/server/db";
import { createOrg, createUser } from "@/test/fixtures";
import { as, closeInstance, onInstance, otherInstance, raceWhileHolding } from "@/test/instances";
import { actAs } from "@/test/request-context";
import { createOrganization, deleteOrganization, updateOrganization } from "./actions";
import { ORGS_PER_ACCOUNT_PER_DAY } from "./creation-limit";

// Races run on two app instances (two Prisma clients and pools on PostgreSQL, src/test/instances.ts).
vi.mock("@/server/db", async (importOriginal) => (await import("@/test/instances")).routedDbModule(await importOriginal()));
vi.mock("@/server/session", async () => (await import("@/test/instances")).sessionModule());
const second = await otherInstance();
afterAll(() => closeInstance(second));

describe("organization actions", () => {
  it("creates an organization with its creator as admin, and audits it", async () => {
    const user = await createUser("Founder");
    actAs(user);
    const slug = `new-${Date.now()}`;
    const result = await createOrganization({ name: "New Co", slug });
    expect(result).toMatchObject({ ok: true, data: { slug, name: "New Co" } });
    const membership = await db.membership.findFirst({ where: { userId: user.id, org: { slug } } });
    expect(membership?.role).toBe("admin");
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "orgs.create" } })).toBe(1);
  });

  it("refuses anonymous callers, taken and reserved slugs", async () => {
    actAs(null);
    expect(await createOrganization({ name: "X Co", slug: "x-co" })).toMatchObject({ ok: false, code: "unauthenticated" });
    const org = await createOrg("taken");
    actAs(org.viewer);
    expect(await createOrganization({ name: "Copy", slug: org.slug })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { slug: "This URL name is taken. Choose another." },
    });
    expect(await createOrganization({ name: "Copy", slug: "new" })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("lets only admins rename; others are refused and the refusal is audited", async () => {
    const org = await createOrg("rename");
    const newSlug = `${org.slug}-renamed`;
    actAs(org.editor);
    expect(await updateOrganization({ org: org.slug, input: { name: "Renamed", slug: newSlug } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "orgs.update.denied", actorId: org.editor.id } })).toBe(1);

    actAs(await createUser("Outsider"));
    expect(await updateOrganization({ org: org.slug, input: { name: "Renamed", slug: newSlug } })).toMatchObject({ ok: false, code: "not_found" });

    actAs(org.admin);
    expect(await updateOrganization({ org: org.slug, input: { name: "Renamed", slug: newSlug } })).toMatchObject({ ok: true, data: { slug: newSlug } });
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("Renamed");
  });

  it("deletes only with the typed slug, keeping the audit event", async () => {
    const org = await createOrg("delete");
    actAs(org.admin);
    expect(await deleteOrganization({ org: org.slug, input: { confirmSlug: "nope" } })).toMatchObject({ ok: false, code: "invalid" });
    expect(await db.organization.count({ where: { id: org.id } })).toBe(1);
    expect(await deleteOrganization({ org: org.slug, input: { confirmSlug: org.slug } })).toMatchObject({ ok: true });
    expect(await db.organization.count({ where: { id: org.id } })).toBe(0);
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "orgs.delete", targetId: org.id, orgId: null } })).toBe(1);
  });

  it("of two concurrent creations with one URL name (two instances), the loser gets the field's answer, not a 500", async () => {
    for (let round = 0; round < 2; round++) {
      const [first, other] = [await createUser("Racer One"), await createUser("Racer Two")];
      const slug = `raced-${round}-${Date.now()}`;
      // Both find the slug free before either commits: each creation's membership insert waits for
      // its user's row (the foreign key), held here until both have started.
      const results = await raceWhileHolding(
        async (tx) => (provider === "postgresql" ? tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" IN (${first.id}, ${other.id}) FOR UPDATE` : null),
        [
          () => as(first, () => createOrganization({ name: "Raced One", slug })),
          () => onInstance(second, () => as(other, () => createOrganization({ name: "Raced Two", slug }))),
        ],
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({ code: "invalid", fieldErrors: { slug: "This URL name is taken. Choose another." } });
      expect(await db.organization.count({ where: { slug } })).toBe(1);
    }
  });

  it(`lets one account create at most ${ORGS_PER_ACCOUNT_PER_DAY} organizations a day; refused attempts do not count`, async () => {
    const user = await createUser("Prolific Founder");
    const taken = await createOrg("limit-taken");
    actAs(user);
    expect(await createOrganization({ name: "Copy", slug: taken.slug })).toMatchObject({ ok: false, code: "invalid" });
    for (let i = 0; i < ORGS_PER_ACCOUNT_PER_DAY; i++) {
      expect(await createOrganization({ name: `Mine ${i}`, slug: `mine-${i}-${Date.now()}` })).toMatchObject({ ok: true });
    }
    expect(await createOrganization({ name: "One too many", slug: `too-many-${Date.now()}` })).toMatchObject({
      ok: false,
      code: "rate_limited",
      error: expect.stringContaining(`You created ${ORGS_PER_ACCOUNT_PER_DAY} organizations`),
    });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(ORGS_PER_ACCOUNT_PER_DAY);
    actAs(await createUser("Someone Else"));
    expect(await createOrganization({ name: "Theirs", slug: `theirs-${Date.now()}` })).toMatchObject({ ok: true });
  });
});

import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createOrg, createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { createOrganization, deleteOrganization, updateOrganization } from "./actions";

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
});

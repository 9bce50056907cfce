import { describe, expect, it } from "vitest";
import { GET as exportMembers } from "@/app/api/orgs/[org]/members/export/route";
import { GET as listMembers } from "@/app/api/orgs/[org]/members/route";
import { DELETE as removeMember, PATCH as updateMember } from "@/app/api/orgs/[org]/members/[userId]/route";
import { db } from "@/server/db";
import { addMember, createOrg, createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { exportMembers as exportBatches } from "./queries";

// The JSON API, called as Next.js calls route handlers: a Request and the route's params.

const ORIGIN = "http://localhost:3000";

function request(method: string, path: string, { body, origin = ORIGIN }: { body?: unknown; origin?: string | null } = {}) {
  const headers: Record<string, string> = { host: "localhost:3000", "content-type": "application/json" };
  if (origin) headers.origin = origin;
  return new Request(`${ORIGIN}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const params = (values: Record<string, string>) => ({ params: Promise.resolve(values) });

async function list(org: string, query = "") {
  const response = await listMembers(request("GET", `/api/orgs/${org}/members${query}`), params({ org }));
  return { status: response.status, body: await response.json() };
}

describe("GET /api/orgs/{org}/members", () => {
  it("lists members to any member, with emails for admins only", async () => {
    const org = await createOrg("api-list");
    actAs(org.viewer);
    const asViewer = await list(org.slug, "?sort=email&q=api-list");
    expect(asViewer.status).toBe(200);
    // Sorting by a hidden column would leak it: viewers get the default order instead.
    expect(asViewer.body.data).toMatchObject({ total: 3, page: 1, size: 25, sort: "joined", dir: "desc" });
    expect(asViewer.body.data.members.every((member: object) => !("email" in member))).toBe(true);
    expect(JSON.stringify(asViewer.body)).not.toContain("@example.test");

    actAs(org.admin);
    const asAdmin = await list(org.slug, "?sort=email&dir=desc&size=10&role=viewer");
    expect(asAdmin.body.data).toMatchObject({
      total: 1,
      size: 10,
      sort: "email",
      dir: "desc",
      members: [{ userId: org.viewer.id, email: org.viewer.email, role: "viewer" }],
    });
  });

  it("answers 401, 404 and 400 per the guard", async () => {
    const org = await createOrg("api-codes");
    actAs(null);
    expect((await list(org.slug)).status).toBe(401);
    actAs(await createUser("Outsider"));
    expect((await list(org.slug)).status).toBe(404);
    actAs(org.viewer);
    // Control characters are dropped from a search (PostgreSQL would refuse a NUL with a 500).
    expect(await list(org.slug, `?q=${encodeURIComponent("api\u0000-codes\u0007")}`)).toMatchObject({ status: 200, body: { data: { total: 3 } } });
    const invalid = await list(org.slug, "?size=13&sort=salary");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: "invalid", fields: { size: expect.any(String), sort: expect.any(String) } });
  });
});

describe("PATCH and DELETE /api/orgs/{org}/members/{userId}", () => {
  it("lets admins change roles and remove members", async () => {
    const org = await createOrg("api-admin");
    actAs(org.admin);
    const patched = await updateMember(request("PATCH", "", { body: { role: "editor" } }), params({ org: org.slug, userId: org.viewer.id }));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ data: [{ userId: org.viewer.id, from: "viewer", to: "editor" }] });

    const deleted = await removeMember(request("DELETE", ""), params({ org: org.slug, userId: org.viewer.id }));
    expect(deleted.status).toBe(200);
    expect(await db.membership.count({ where: { orgId: org.id, userId: org.viewer.id } })).toBe(0);
    expect((await removeMember(request("DELETE", ""), params({ org: org.slug, userId: org.viewer.id }))).status).toBe(404);
    expect((await removeMember(request("DELETE", ""), params({ org: org.slug, userId: "\u0000" }))).status).toBe(404);
  });

  it("answers 403 to editors, viewers, cross-site requests and self-changes, 400 for a bad role", async () => {
    const org = await createOrg("api-deny");
    const target = params({ org: org.slug, userId: org.viewer.id });
    for (const user of [org.editor, org.viewer]) {
      actAs(user);
      expect((await updateMember(request("PATCH", "", { body: { role: "admin" } }), target)).status).toBe(403);
      expect((await removeMember(request("DELETE", ""), target)).status).toBe(403);
    }

    actAs(org.admin);
    const crossSite = await updateMember(request("PATCH", "", { body: { role: "admin" }, origin: "https://evil.example" }), target);
    expect(crossSite.status).toBe(403);
    expect((await removeMember(request("DELETE", "", { origin: "https://evil.example" }), target)).status).toBe(403);
    expect((await updateMember(request("PATCH", "", { body: { role: "owner" } }), target)).status).toBe(400);
    expect((await updateMember(request("PATCH", "", { body: { role: "viewer" } }), params({ org: org.slug, userId: org.admin.id }))).status).toBe(403);

    // Membership is read per request: an admin demoted by another admin is refused at once.
    const second = await addMember(org.id, "admin");
    actAs(second);
    expect((await updateMember(request("PATCH", "", { body: { role: "viewer" } }), params({ org: org.slug, userId: org.admin.id }))).status).toBe(200);
    actAs(org.admin);
    const demoted = await updateMember(request("PATCH", "", { body: { role: "viewer" } }), params({ org: org.slug, userId: second.id }));
    expect(demoted.status).toBe(403);

    expect(await db.membership.count({ where: { orgId: org.id, role: "admin" } })).toBe(1);
    expect(await db.membership.findUnique({ where: { userId_orgId: { userId: org.viewer.id, orgId: org.id } } })).toMatchObject({ role: "viewer" });
  });
});

describe("GET /api/orgs/{org}/members/export", () => {
  it("streams the filtered members as CSV to admins, 403 to others", async () => {
    const org = await createOrg("api-export");
    await addMember(org.id, "viewer", "=HYPERLINK(evil)");
    const path = `/api/orgs/${org.slug}/members/export?role=viewer`;

    actAs(org.editor);
    expect((await exportMembers(request("GET", path, { origin: null }), params({ org: org.slug }))).status).toBe(403);

    actAs(org.admin);
    const response = await exportMembers(request("GET", path, { origin: null }), params({ org: org.slug }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${org.slug}-members.csv"`);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("name,email,role,joined");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,${org.viewer.email},Viewer,`);
    // A name that a spreadsheet would run as a formula is defused.
    expect(lines[2]).toMatch(/^'=HYPERLINK\(evil\),/);
  });

  it("pages through every member in batches without repeating or skipping", async () => {
    const org = await createOrg("api-export-batches");
    const createdAt = new Date("2026-01-01T00:00:00.000Z");
    // Equal join times: the (createdAt, id) keyset must still move forward one member at a time.
    const users = await Promise.all(Array.from({ length: 7 }, (_, i) => createUser(`Batch ${i}`)));
    await db.membership.createMany({ data: users.map((user) => ({ orgId: org.id, userId: user.id, role: "viewer" as const, createdAt })) });
    const seen: string[] = [];
    for await (const batch of exportBatches(org.id, {}, 3)) seen.push(...batch.map((row) => row.userId));
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });
});

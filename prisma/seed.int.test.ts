import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { verifyPassword } from "@/server/password";
import { DEMO_PASSWORD, seedDemo, seedLarge } from "./seed";

async function snapshot() {
  const memberships = await db.membership.findMany({
    where: { org: { slug: { in: ["acme", "globex"] } } },
    select: { role: true, user: { select: { email: true } }, org: { select: { slug: true } } },
  });
  const posts = await db.post.groupBy({
    by: ["orgId", "authorId", "status"],
    where: { org: { slug: { in: ["acme", "globex"] } } },
    _count: true,
  });
  return {
    memberships: memberships.map((m) => `${m.org.slug}:${m.user.email}:${m.role}`).sort(),
    posts: posts.length,
    users: await db.user.count(),
    postCount: await db.post.count(),
  };
}

describe("demo seed", () => {
  it("creates the contracted demo data and is idempotent", async () => {
    await seedDemo(db);
    const first = await snapshot();
    await seedDemo(db);
    expect(await snapshot()).toEqual(first);

    expect(first.memberships).toEqual(
      [
        "acme:admin@acme.test:admin",
        "acme:editor@acme.test:editor",
        "acme:viewer@acme.test:viewer",
        "acme:multi@demo.test:editor",
        "globex:admin@globex.test:admin",
        "globex:multi@demo.test:viewer",
      ].sort(),
    );

    const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
    const globex = await db.organization.findUniqueOrThrow({ where: { slug: "globex" } });
    expect(acme.name).toBe("Acme Inc.");
    expect(globex.name).toBe("Globex Corporation");

    const count = (orgId: string, email: string, status: "draft" | "published") => db.post.count({ where: { orgId, status, author: { email } } });
    expect(await count(acme.id, "editor@acme.test", "published")).toBeGreaterThanOrEqual(3);
    expect(await count(acme.id, "admin@acme.test", "published")).toBeGreaterThanOrEqual(2);
    expect(await count(acme.id, "editor@acme.test", "draft")).toBeGreaterThanOrEqual(1);
    expect(await count(globex.id, "admin@globex.test", "published")).toBeGreaterThanOrEqual(2);
    expect(await count(globex.id, "admin@globex.test", "draft")).toBeGreaterThanOrEqual(1);

    const alice = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
    expect(alice.name).toBe("Alice Admin");
    expect(await verifyPassword(DEMO_PASSWORD, alice.passwordHash)).toBe(true);
    expect(await verifyPassword("wrong-password", alice.passwordHash)).toBe(false);
  });

  it("seeds the large org in batches and resumes without duplicating", async () => {
    await seedLarge(db, { members: 120, posts: 250, batchSize: 50 });
    await seedLarge(db, { members: 150, posts: 300, batchSize: 50 });
    const bigco = await db.organization.findUniqueOrThrow({ where: { slug: "bigco" } });
    // 150 generated members + admin@bigco.test
    expect(await db.membership.count({ where: { orgId: bigco.id } })).toBe(151);
    expect(await db.post.count({ where: { orgId: bigco.id } })).toBe(300);
    expect(await db.membership.count({ where: { orgId: bigco.id, role: "admin" } })).toBeGreaterThanOrEqual(1);
  });
});

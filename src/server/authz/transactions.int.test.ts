// The guard's transaction runner: a deadlock or serialization failure is retried (the whole
// transaction), a saturated pool or an expired transaction is a 503 with Retry-After, never a 500.
import { describe, expect, it } from "vitest";
import { db, provider } from "@/server/db";
import { createOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { defineOrgOperation, orgAction, orgRoute } from "./guard";

/** Resolves once `count` parties have arrived. */
function barrier(count: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === count) release();
    return all;
  };
}

describe.runIf(provider === "postgresql")("PostgreSQL transactions", () => {
  it("a deadlock between two calls is retried: both succeed, each change is applied once", async () => {
    const org = await createOrg("deadlock");
    const [a, b] = await Promise.all(
      ["a", "b"].map((name) =>
        db.post.create({ data: { orgId: org.id, authorId: org.admin.id, title: name, slug: name, body: "x", excerpt: "x" }, select: { id: true } }),
      ),
    );
    let attempts = 0;
    const bothHoldTheirFirstRow = barrier(2);
    // Each call locks one row, waits until the other holds the other row, then wants it: on the
    // first attempt PostgreSQL must abort one of them (40P01).
    const lockInOrder = (first: string, second: string) =>
      orgAction(
        defineOrgOperation({
          policy: "posts.bulk",
          async run({ tx }) {
            attempts += 1;
            await tx.$executeRaw`UPDATE "Post" SET "version" = "version" + 1 WHERE "id" = ${first}`;
            if (attempts <= 2) await bothHoldTheirFirstRow();
            await tx.$executeRaw`UPDATE "Post" SET "version" = "version" + 1 WHERE "id" = ${second}`;
            return "done";
          },
        }),
      );
    actAs(org.admin);
    const results = await Promise.all([lockInOrder(a!.id, b!.id)({ org: org.slug }), lockInOrder(b!.id, a!.id)({ org: org.slug })]);
    actAs(null);
    expect(results).toEqual([
      { ok: true, data: "done" },
      { ok: true, data: "done" },
    ]);
    expect(attempts).toBe(3);
    const versions = await db.post.findMany({ where: { orgId: org.id }, select: { version: true } });
    expect(versions.map((post) => post.version)).toEqual([3, 3]);
  }, 60_000);
});

describe("a transaction that outlives its time budget", () => {
  it("is a 503 with Retry-After over the API, and writes nothing", async () => {
    const org = await createOrg("tx-timeout");
    const slow = defineOrgOperation({
      policy: "posts.bulk",
      async run() {
        // Longer than the interactive transaction timeout (5 s): Prisma closes it (P2028).
        await new Promise((resolve) => setTimeout(resolve, 5_500));
        return "late";
      },
      audit: () => ({ action: "posts.bulk.test" }),
    });
    actAs(org.admin);
    const response = await orgRoute(slow)(new Request(`http://localhost:3000/api/orgs/${org.slug}/slow`, { method: "POST", body: "{}" }), {
      params: Promise.resolve({ org: org.slug }),
    });
    actAs(null);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "posts.bulk.test" } })).toBe(0);
  }, 30_000);
});

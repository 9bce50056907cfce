// CSV exports stream through the data layer: an audit log of 1,000,000 rows downloads completely in
// bounded memory, and an export stops (the download fails) once the exporter loses access.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { GET as exportAudit } from "@/app/api/orgs/[org]/audit/export/route";
import { GET as exportMembers } from "@/app/api/orgs/[org]/members/export/route";
import { db, provider } from "@/server/db";
import { addMember, createOrg, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Live heap after a full collection: what the export really holds, not garbage awaiting collection. */
function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

/** Inserts `count` audit rows in one statement, one second apart, the newest first in time order. */
async function fillLog(org: TestOrg, count: number) {
  if (provider === "postgresql") {
    await db.$executeRaw`
      INSERT INTO "AuditEvent" ("id", "orgId", "actorId", "action", "targetType", "targetId", "ip", "createdAt")
      SELECT ${org.slug} || '-' || n, ${org.id}, ${org.admin.id}, 'posts.publish', 'post', 'post-' || n, '203.0.113.7', TIMESTAMP '2026-01-01' + n * INTERVAL '1 second'
      FROM generate_series(1, ${count}::int) AS n`;
  } else {
    // The SQLite adapter stores dates as ISO 8601 text with an explicit +00:00 offset.
    await db.$executeRaw`
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})
      INSERT INTO "AuditEvent" ("id", "orgId", "actorId", "action", "targetType", "targetId", "ip", "createdAt")
      SELECT ${org.slug} || '-' || n, ${org.id}, ${org.admin.id}, 'posts.publish', 'post', 'post-' || n, '203.0.113.7',
             strftime('%Y-%m-%dT%H:%M:%f', '2026-01-01', '+' || n || ' seconds') || '+00:00'
      FROM seq`;
  }
}

const call = (handler: typeof exportAudit, org: TestOrg, path: string) =>
  handler(new Request(`http://localhost:3000/api/orgs/${org.slug}/${path}`), { params: Promise.resolve({ org: org.slug }) });

function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (const byte of chunk) if (byte === 10) lines += 1;
  return lines;
}

describe("the audit export", () => {
  it("streams 1,000,000 rows (SQLite; 200,000 on PostgreSQL) completely, newest first, in bounded memory", async () => {
    const org = await createOrg("export-million");
    // A million on SQLite; on PostgreSQL writing the fixture alone takes minutes on a shared
    // machine, and the stream (one keyset query per batch) is the same code.
    const rows = provider === "sqlite" ? 1_000_000 : 200_000;
    await fillLog(org, rows);
    actAs(org.admin);
    const response = await call(exportAudit, org, "audit/export");
    actAs(null);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const baseline = liveHeap();
    let peak = 0;
    let lines = 0;
    let chunks = 0;
    let firstChunk = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (chunks === 1) firstChunk = new TextDecoder().decode(value);
      lines += countLines(value);
      if (++chunks % 50 === 0) peak = Math.max(peak, liveHeap() - baseline);
    }
    expect(lines).toBe(rows + 1);
    // The newest event comes first: the last one inserted.
    expect(firstChunk.split("\r\n")[0]).toContain(`post-${rows}`);
    // The whole CSV is about 100 MB of text, its rows as objects several times that: a stream holds one batch.
    expect(peak).toBeLessThan(64 * MB);
  }, 600_000);
});

describe("an export whose exporter loses access", () => {
  it("stops: a members export ends in an error, not in more rows, once its admin is removed", async () => {
    const org = await createOrg("export-removed");
    const admin = await addMember(org.id, "admin", "leaving admin");
    await db.user.createMany({
      data: Array.from({ length: 5_000 }, (_, i) => ({ id: `member-${org.slug}-${i}`, name: `Member ${i}`, email: `m${i}-${org.slug}@example.test` })),
    });
    await db.membership.createMany({
      data: Array.from({ length: 5_000 }, (_, i) => ({ orgId: org.id, userId: `member-${org.slug}-${i}`, role: "viewer" as const })),
    });
    actAs(admin);
    const response = await call(exportMembers, org, "members/export");
    actAs(null);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let lines = 0;
    while (lines < 1_000) lines += countLines((await reader.read()).value!);
    await db.membership.delete({ where: { userId_orgId: { userId: admin.id, orgId: org.id } } });
    let failure: unknown = null;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        lines += countLines(value);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(lines).toBeLessThan(5_000);
  });

  it("stops an audit export once its admin is demoted", async () => {
    const org = await createOrg("export-demoted");
    await fillLog(org, 10_000);
    actAs(org.admin);
    const response = await call(exportAudit, org, "audit/export");
    actAs(null);
    const reader = response.body!.getReader();
    let lines = countLines((await reader.read()).value!);
    await db.membership.update({ where: { userId_orgId: { userId: org.admin.id, orgId: org.id } }, data: { role: "viewer" } });
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return lines;
          lines += countLines(value);
        }
      })(),
    ).rejects.toThrow("Your access to this organization changed during the export.");
    expect(lines).toBeLessThan(10_001);
  });
});

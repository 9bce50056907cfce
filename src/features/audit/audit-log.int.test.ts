// What may reach an org's audit log, and how much of it: refused attempts are capped per actor, a
// non-member never writes there, and every stored field has a bound whatever the caller passes.
import { describe, expect, it } from "vitest";
import { createPost } from "@/features/posts/actions";
import { DENIAL_LOG_LIMIT } from "@/server/authz/guard";
import { db } from "@/server/db";
import { createOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { AUDIT_LIMITS, recordAudit } from "./record";

const attempt = (slug: string, n: number) => createPost({ org: slug, input: { title: `Attempt ${n}`, slug: `attempt-${n}`, body: "x" } });

describe("refused attempts in the log", () => {
  it("a viewer's are all refused, and logged at most the limit per window", async () => {
    const org = await createOrg("denials");
    actAs(org.viewer);
    const codes = [];
    for (let n = 0; n < DENIAL_LOG_LIMIT.max + 15; n++) {
      const result = await attempt(org.slug, n);
      codes.push(result.ok ? "ok" : result.code);
    }
    actAs(null);
    expect(new Set(codes)).toEqual(new Set(["forbidden"]));
    expect(await db.auditEvent.count({ where: { orgId: org.id, actorId: org.viewer.id, action: { endsWith: ".denied" } } })).toBe(DENIAL_LOG_LIMIT.max);
  });

  it("a member of another org (a viewer there) never writes into this org's log", async () => {
    const target = await createOrg("target");
    const other = await createOrg("other");
    actAs(other.viewer);
    for (let n = 0; n < 5; n++) expect(await attempt(target.slug, n)).toMatchObject({ ok: false, code: "not_found" });
    actAs(null);
    expect(await db.auditEvent.count({ where: { orgId: target.id } })).toBe(0);
  });
});

describe("the audit writer", () => {
  it("bounds every field: long texts are clipped, oversized details replaced, anything but an IP address dropped", async () => {
    const org = await createOrg("bounds");
    const long = "x".repeat(20_000);
    await db.$transaction((tx) =>
      recordAudit(
        tx,
        { orgId: org.id, actorId: org.admin.id, ip: `203.0.113.7, ${"9".repeat(14_500)}` },
        {
          action: `posts.${long}`,
          targetType: long,
          targetId: long,
          metadata: { title: long, nested: { deeper: long }, many: Array.from({ length: 1_000 }, () => long) },
        },
      ),
    );
    await db.$transaction((tx) =>
      recordAudit(
        tx,
        { orgId: org.id, actorId: org.admin.id, ip: "2001:db8::1" },
        { action: "posts.update", metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, long])) },
      ),
    );
    const [huge, plain] = await db.auditEvent.findMany({ where: { orgId: org.id }, orderBy: { createdAt: "asc" } });
    expect(huge!.action.length).toBeLessThanOrEqual(AUDIT_LIMITS.action);
    expect(huge!.targetType!.length).toBeLessThanOrEqual(AUDIT_LIMITS.targetType);
    expect(huge!.targetId!.length).toBeLessThanOrEqual(AUDIT_LIMITS.targetId);
    expect(JSON.stringify(huge!.metadata).length).toBeLessThanOrEqual(AUDIT_LIMITS.metadataJson);
    expect(huge!.ip).toBeNull();
    expect(plain!.ip).toBe("2001:db8::1");
    expect(plain!.metadata).toEqual({ omitted: expect.stringMatching(/^details of \d+ characters$/) });
  });
});

import "server-only";
import { db } from "@/server/db";
import { ttlCache } from "@/server/ttl-cache";
import { AUDIT_PAGE_SIZE, type AuditFilter } from "./schemas";

export interface AuditRow {
  id: string;
  createdAt: Date;
  action: string;
  actor: { id: string; name: string | null; email: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
}

function whereOf(orgId: string, filter: Omit<AuditFilter, "page">) {
  return {
    orgId,
    ...(filter.actor ? { actorId: filter.actor } : {}),
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00.000Z`) } : {}),
            ...(filter.to ? { lte: new Date(`${filter.to}T23:59:59.999Z`) } : {}),
          },
        }
      : {}),
  };
}

const rowSelect = {
  id: true,
  createdAt: true,
  action: true,
  targetType: true,
  targetId: true,
  metadata: true,
  ip: true,
  actor: { select: { id: true, name: true, email: true } },
} as const;

/** One page of the org's audit log, newest first, with the total for the filter. */
export async function listAuditEvents(orgId: string, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where = whereOf(orgId, filter);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      select: rowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total };
}

/**
 * The org's latest events, for the overview's "recent activity": cached per org for a few seconds,
 * like the overview's counts (a busy org's overview should not query the log on every view).
 */
export const listRecentAuditEvents = ttlCache(5_000, (orgId: string) =>
  db.auditEvent.findMany({ where: { orgId }, select: rowSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 8 }),
);

/**
 * Every event for the filter, newest first, in batches, for the CSV export. Keyset paging on
 * (createdAt, id) over the (orgId, createdAt, id) index: each batch costs what the first does, and
 * memory holds one batch, whatever the size of the log.
 */
export async function* exportAuditEvents(orgId: string, filter: Omit<AuditFilter, "page">, batchSize = 5_000): AsyncGenerator<AuditRow[]> {
  let before: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const batch: AuditRow[] = await db.auditEvent.findMany({
      where: {
        AND: [
          whereOf(orgId, filter),
          // "(createdAt, id) < before", spelled so that its first half bounds the index range.
          before ? { createdAt: { lte: before.createdAt }, OR: [{ createdAt: { lt: before.createdAt } }, { id: { lt: before.id } }] } : {},
        ],
      },
      select: rowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: batchSize,
    });
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

/** People who appear in the org's log (for the actor filter), members or not any more. */
export async function listAuditActors(orgId: string): Promise<{ id: string; label: string }[]> {
  const actors = await db.user.findMany({
    where: { auditEvents: { some: { orgId } } },
    select: { id: true, name: true, email: true },
    orderBy: { name: "asc" },
    take: 500,
  });
  return actors.map((actor) => ({ id: actor.id, label: actor.name ?? actor.email ?? actor.id }));
}

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

/** Every event for the filter, for CSV export (capped: an export is not a backup). */
export async function exportAuditEvents(orgId: string, filter: Omit<AuditFilter, "page">, limit = 50_000): Promise<AuditRow[]> {
  return db.auditEvent.findMany({ where: whereOf(orgId, filter), select: rowSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
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

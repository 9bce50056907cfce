import "server-only";
import { defineOrgExport, defineOrgOperation } from "@/server/authz/guard";
import { exportAuditEvents, listAuditActors, listAuditEvents as queryAuditEvents, type AuditRow } from "./queries";
import { auditFilterSchema } from "./schemas";

// The audit log's operations: its page (src/app/dashboard/[org]/audit) and its CSV export.

export interface AuditLogPage {
  events: AuditRow[];
  total: number;
  /** Everyone who appears in the log, for the actor filter. */
  actors: { id: string; label: string }[];
}

/** The audit log, filtered, a page at a time, with the actor filter's choices. */
export const listAuditEvents = defineOrgOperation({
  policy: "audit.read",
  kind: "read",
  input: auditFilterSchema,
  async run({ ctx, input }): Promise<AuditLogPage> {
    const [{ rows, total }, actors] = await Promise.all([queryAuditEvents(ctx.org.id, input), listAuditActors(ctx.org.id)]);
    return { events: rows, total, actors };
  },
});

/** CSV of the audit log for the current filter (admins), newest first, streamed. */
export const exportAuditLog = defineOrgExport({
  policy: "audit.read",
  input: auditFilterSchema,
  filename: () => "audit-log.csv",
  header: ["time", "actor", "actor email", "action", "target type", "target id", "ip", "details"],
  batches: (ctx, input) => exportAuditEvents(ctx.org.id, input),
  cells: (row) => [
    row.createdAt,
    row.actor?.name ?? (row.actor ? "" : "deleted user"),
    row.actor?.email ?? "",
    row.action,
    row.targetType,
    row.targetId,
    row.ip,
    row.metadata ? JSON.stringify(row.metadata) : "",
  ],
});

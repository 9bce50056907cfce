import { exportAuditEvents } from "@/features/audit/queries";
import { auditFilterSchema } from "@/features/audit/schemas";
import { orgExport } from "@/server/authz/guard";

/** CSV of the audit log for the current filter (admins), newest first, streamed. */
export const GET = orgExport({
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

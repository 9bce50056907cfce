import { exportAuditEvents } from "@/features/audit/queries";
import { auditFilterSchema } from "@/features/audit/schemas";
import { csvResponse, toCsv } from "@/lib/csv";
import { orgRoute } from "@/server/authz/guard";

/** CSV of the audit log for the current filter (admins). */
export const GET = orgRoute({
  policy: "audit.read",
  kind: "read",
  input: auditFilterSchema,
  run: ({ ctx, input }) => exportAuditEvents(ctx.org.id, input),
  respond: (rows) =>
    csvResponse(
      "audit-log.csv",
      toCsv(
        ["time", "actor", "actor email", "action", "target type", "target id", "ip", "details"],
        rows.map((row) => [
          row.createdAt,
          row.actor?.name ?? (row.actor ? "" : "deleted user"),
          row.actor?.email ?? "",
          row.action,
          row.targetType,
          row.targetId,
          row.ip,
          row.metadata ? JSON.stringify(row.metadata) : "",
        ]),
      ),
    ),
});

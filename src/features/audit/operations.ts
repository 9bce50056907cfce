import "server-only";
import type { OrgSpec } from "@/server/authz/guard";
import { listAuditActors, listAuditEvents, type AuditRow } from "./queries";
import { auditFilterSchema, type AuditFilter } from "./schemas";

// ---------------------------------------------------------------- page reads (src/app/dashboard/[org]/audit/page.tsx)

export interface AuditLogPage {
  events: AuditRow[];
  total: number;
  /** Everyone who appears in the log, for the actor filter. */
  actors: { id: string; label: string }[];
}

/** The audit log, filtered, a page at a time, with the actor filter's choices. */
export const listAuditEventsOperation: OrgSpec<AuditFilter, undefined, AuditLogPage> = {
  policy: "audit.read",
  kind: "read",
  input: auditFilterSchema,
  async run({ ctx, input }) {
    const [{ rows, total }, actors] = await Promise.all([listAuditEvents(ctx.org.id, input), listAuditActors(ctx.org.id)]);
    return { events: rows, total, actors };
  },
};

import "server-only";
import type { JsonValue, Tx } from "@/server/db";

// Audit events are written by the guard, in the same transaction as the change they describe:
// either both are stored or neither is.

export interface AuditEntry {
  /** What happened, e.g. "posts.update" or "members.updateRole.denied". */
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, JsonValue | null>;
  /** Overrides the org of the call: null when the event outlives its organization. */
  orgId?: string | null;
}

export interface AuditContext {
  orgId: string | null;
  actorId: string | null;
  ip: string | null;
}

export async function recordAudit(tx: Tx, context: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      orgId: entry.orgId !== undefined ? entry.orgId : context.orgId,
      actorId: context.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? undefined,
      ip: context.ip,
    },
  });
}

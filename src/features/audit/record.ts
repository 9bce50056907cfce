import "server-only";
import { isIP } from "node:net";
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

// Every stored field has a bound, whatever a caller passes: the log is written on behalf of users
// (a refused attempt included), so its size per row must not be theirs to choose.
export const AUDIT_LIMITS = { action: 100, targetType: 64, targetId: 128, metadataValue: 500, metadataJson: 4_000, ip: 45 } as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Only an IP address is recorded (45 characters: the longest IPv6 form), anything else is unknown. */
export function auditIp(ip: string | null): string | null {
  return ip && ip.length <= AUDIT_LIMITS.ip && isIP(ip) ? ip : null;
}

function clipValue(value: JsonValue | null): JsonValue | null {
  if (typeof value === "string") return clip(value, AUDIT_LIMITS.metadataValue);
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => clipValue(item as JsonValue | null)) as JsonValue;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 20)
        .map(([key, item]) => [clip(key, 64), clipValue(item as JsonValue | null)]),
    ) as JsonValue;
  }
  return value;
}

/** Long texts clipped; a whole that is still too large is replaced by a note saying so. */
export function auditMetadata(metadata: Record<string, JsonValue | null> | undefined): JsonValue | undefined {
  if (!metadata) return undefined;
  const clipped = clipValue(metadata);
  const size = JSON.stringify(clipped).length;
  return size <= AUDIT_LIMITS.metadataJson ? (clipped ?? undefined) : { omitted: `details of ${size} characters` };
}

export async function recordAudit(tx: Tx, context: AuditContext, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      orgId: entry.orgId !== undefined ? entry.orgId : context.orgId,
      actorId: context.actorId,
      action: clip(entry.action, AUDIT_LIMITS.action),
      targetType: entry.targetType ? clip(entry.targetType, AUDIT_LIMITS.targetType) : null,
      targetId: entry.targetId ? clip(entry.targetId, AUDIT_LIMITS.targetId) : null,
      metadata: auditMetadata(entry.metadata),
      ip: auditIp(context.ip),
    },
  });
}

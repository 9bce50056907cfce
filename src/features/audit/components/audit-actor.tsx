import type { AuditRow } from "../queries";

/** Who did it: the actor's name (or email), or "deleted user" once their account is gone. */
export function AuditActor({ actor, className }: { actor: AuditRow["actor"]; className?: string }) {
  if (!actor) return <span className="text-muted-foreground italic">deleted user</span>;
  return <span className={className}>{actor.name ?? actor.email}</span>;
}

import type { AuditRow } from "../queries";

/** Who did it: the actor's name (or email), or "deleted user" once their account is gone. */
export function AuditActor({ actor, className }: { actor: AuditRow["actor"]; className?: string }) {
  if (!actor) return <span className="italic text-muted-foreground">deleted user</span>;
  return <span className={className}>{actor.name ?? actor.email}</span>;
}

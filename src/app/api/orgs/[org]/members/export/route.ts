import { exportMembers } from "@/features/members/queries";
import { memberQuerySchema } from "@/features/members/schemas";
import { ROLE_LABELS } from "@/lib/roles";
import { orgExport } from "@/server/authz/guard";

/**
 * CSV of the members matching the directory's filter (admins: it holds emails), oldest first.
 * Streamed in batches, so 100,000 members never sit in memory at once.
 */
export const GET = orgExport({
  policy: "members.viewEmails",
  input: memberQuerySchema.pick({ role: true, q: true }),
  filename: (ctx) => `${ctx.org.slug}-members.csv`,
  header: ["name", "email", "role", "joined"],
  batches: (ctx, input) => exportMembers(ctx.org.id, input),
  cells: (member) => [member.name, member.email, ROLE_LABELS[member.role], member.joinedAt],
});

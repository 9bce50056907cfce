import { exportMembers } from "@/features/members/queries";
import { memberQuerySchema } from "@/features/members/schemas";
import { toCsv } from "@/lib/csv";
import { ROLE_LABELS } from "@/lib/roles";
import { orgRoute } from "@/server/authz/guard";

const HEADER = ["name", "email", "role", "joined"];
const filterSchema = memberQuerySchema.pick({ role: true, q: true });

/**
 * CSV of the members matching the directory's filter (admins: it holds emails), oldest first.
 * Streamed in batches, so 100,000 members never sit in memory at once.
 */
export const GET = orgRoute({
  policy: "members.viewEmails",
  kind: "read",
  input: filterSchema,
  run: async ({ ctx, input }) => ({ slug: ctx.org.slug, batches: exportMembers(ctx.org.id, input) }),
  respond: ({ slug, batches }) => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(encoder.encode(toCsv(HEADER, []))),
      async pull(controller) {
        const next = await batches.next();
        if (next.done) return controller.close();
        const rows = next.value.map((member) => [member.name, member.email, ROLE_LABELS[member.role], member.joinedAt]);
        // toCsv renders its first argument like any row: these are the batch's rows, not a header.
        const [first, ...rest] = rows.map((row) => row.map((cell) => (cell instanceof Date ? cell.toISOString() : (cell ?? ""))));
        controller.enqueue(encoder.encode(toCsv(first!, rest)));
      },
      cancel: async () => void (await batches.return(undefined)),
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${slug}-members.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
});

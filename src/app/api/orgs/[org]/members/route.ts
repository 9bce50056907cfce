import { listMembers } from "@/features/members/queries";
import { memberQuerySchema, visibleQuery } from "@/features/members/schemas";
import { can, orgRoute } from "@/server/authz/guard";

/** The member directory, one page at a time: same parameters as the page. Emails for admins only. */
export const GET = orgRoute({
  policy: "members.list",
  kind: "read",
  input: memberQuerySchema,
  async run({ ctx, input }) {
    const withEmails = can(ctx, "members.viewEmails");
    const query = visibleQuery(input, withEmails);
    const { rows, total } = await listMembers(ctx.org.id, query, { withEmails });
    return { members: rows, total, page: query.page, size: query.size, sort: query.sort, dir: query.dir };
  },
});

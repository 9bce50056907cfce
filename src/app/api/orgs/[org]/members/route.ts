import { listMembers } from "@/features/members/operations";
import { orgRoute } from "@/server/authz/guard";

/** The member directory, one page at a time: same parameters as the page. Emails for admins only. */
export const GET = orgRoute(listMembers);

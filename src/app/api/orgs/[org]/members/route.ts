import { listMembersOperation } from "@/features/members/operations";
import { orgRoute } from "@/server/authz/guard";

/** The member directory, one page at a time: the members page's read, with the same parameters. Emails for admins only. */
export const GET = orgRoute(listMembersOperation);

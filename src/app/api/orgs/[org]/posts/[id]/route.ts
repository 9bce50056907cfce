import { deletePostOperation, patchPostOperation, readPostOperation } from "@/features/posts/operations";
import { orgRoute } from "@/server/authz/guard";

// One post by id. Editors change their own posts, admins any; someone else's draft is a 404 for
// whoever may not read it. PATCH names the version it started from and gets a 409 if it is stale.

export const GET = orgRoute({ ...readPostOperation, targetParam: "id" });
export const PATCH = orgRoute({ ...patchPostOperation, targetParam: "id" });
export const DELETE = orgRoute({ ...deletePostOperation, targetParam: "id" });

import { deletePost, patchPost, readPost } from "@/features/posts/operations";
import { orgRoute } from "@/server/authz/guard";

// One post by id. Editors change their own posts, admins any; someone else's draft is a 404 for
// whoever may not read it. PATCH names the version it started from and gets a 409 if it is stale.

export const GET = orgRoute(readPost, { target: "id" });
export const PATCH = orgRoute(patchPost, { target: "id" });
export const DELETE = orgRoute(deletePost, { target: "id" });

import { createPost, listPosts } from "@/features/posts/operations";
import { orgRoute } from "@/server/authz/guard";

/** Posts the caller may see: published for every member, drafts for their authors and admins. */
export const GET = orgRoute(listPosts);

/** A new draft by the caller (editors and admins). */
export const POST = orgRoute(createPost, { successStatus: 201 });

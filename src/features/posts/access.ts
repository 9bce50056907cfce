import "server-only";
import { can, type OrgContext } from "@/server/authz/guard";
import type { PostReader } from "./queries";

/**
 * Which posts a member may see, read off the policy table: everyone sees what is published;
 * posts.readDraft lets editors see their own drafts and, for roles that act on every owner's
 * posts (admins), all drafts.
 */
export function readerOf(ctx: OrgContext): PostReader {
  const base = { orgId: ctx.org.id, userId: ctx.user.id };
  if (!can(ctx, "posts.readDraft")) return { ...base, drafts: "none" };
  // `null`: a post that is not theirs. Allowed only to roles that act on any owner's posts.
  return { ...base, drafts: can(ctx, "posts.readDraft", null) ? "all" : "own" };
}

/** The controls a member sees on one post (the actions check again: hiding is not the protection). */
export function postControls(ctx: OrgContext, authorId: string | null) {
  return {
    edit: can(ctx, "posts.update", authorId),
    publish: can(ctx, "posts.publish", authorId),
    delete: can(ctx, "posts.delete", authorId),
  };
}
export type PostControls = ReturnType<typeof postControls>;

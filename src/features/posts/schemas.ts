import { z } from "zod";
import { defineListQuery } from "@/lib/list-query";
import { slugify } from "@/lib/slug";
import { searchTextSchema } from "@/lib/text";

// Shared by the post editor (react-hook-form + zodResolver), the server actions and the JSON API.

export const POSTS_PAGE_SIZE = 20;
export const POST_TITLE_MAX = 200;
export const POST_SLUG_MAX = 80;
export const POST_BODY_MAX = 100_000;
export const POST_EXCERPT_MAX = 300;
/** Longest search accepted: a LIKE scan stays bounded whatever is typed. */
export const POST_SEARCH_MAX = 100;
/** Most rows one bulk action takes (a page of the table is 20). */
export const POST_BULK_MAX = 100;

/** Slugs that would collide with the posts section's own pages (/posts/new, /posts/manage). */
export const RESERVED_POST_SLUGS = new Set(["new", "manage"]);

export const postTitleSchema = z
  .string({ error: "Enter a title." })
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(POST_TITLE_MAX, `Use at most ${POST_TITLE_MAX} characters.`);

export const postSlugSchema = z
  .string({ error: "Enter a URL name." })
  .trim()
  .toLowerCase()
  .min(1, "Enter a URL name.")
  .max(POST_SLUG_MAX, `Use at most ${POST_SLUG_MAX} characters.`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, starting and ending with a letter or digit.")
  .refine((slug) => !RESERVED_POST_SLUGS.has(slug), "This URL name is reserved. Choose another.");

export const postBodySchema = z
  .string({ error: "Write the post." })
  .max(POST_BODY_MAX, `Use at most ${POST_BODY_MAX.toLocaleString("en")} characters.`)
  .refine((body) => body.trim().length > 0, "Write the post.");

/** Empty means "derive it from the body". */
export const postExcerptSchema = z.string().trim().max(POST_EXCERPT_MAX, `Use at most ${POST_EXCERPT_MAX} characters.`);

/** The editor's form, and the body of a create call. */
export const postSchema = z.object({
  title: postTitleSchema,
  slug: postSlugSchema,
  body: postBodySchema,
  excerpt: postExcerptSchema.optional(),
});
export type PostInput = z.infer<typeof postSchema>;

const versionSchema = z
  .number({ error: "Say which version of the post this edit started from." })
  .int()
  .min(1, "Say which version of the post this edit started from.");

/** An edit names the version it started from: a stale one is refused, never silently overwritten. */
export const updatePostSchema = postSchema.extend({ version: versionSchema });
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

/** PATCH over the JSON API: the same fields, each optional, and the version, always. */
export const patchPostSchema = postSchema.partial().extend({ version: versionSchema });
export type PatchPostInput = z.infer<typeof patchPostSchema>;

/** Both sides of a refused edit (a 409 / "conflict"), so the editor can show their text and yours. */
export interface PostConflict {
  current: { title: string; slug: string; body: string; excerpt: string; version: number; updatedAt: string };
  yours: { title: string; slug: string; body: string; excerpt: string; version: number };
}

export const previewPostSchema = z.object({ body: z.string().max(POST_BODY_MAX, `Use at most ${POST_BODY_MAX.toLocaleString("en")} characters.`) });

export const bulkPostsSchema = z.object({
  ids: z.array(z.string().min(1).max(128)).min(1, "Select at least one post.").max(POST_BULK_MAX, `Select at most ${POST_BULK_MAX} posts at a time.`),
});
export type BulkPostsInput = z.infer<typeof bulkPostsSchema>;

export type BulkOperation = "publish" | "unpublish" | "delete";

/** What a bulk action did, row by row. */
export interface BulkResult {
  operation: BulkOperation;
  /** Rows changed. */
  changed: { id: string; title: string; slug: string }[];
  /** Rows the actor may change that were already in the requested state. */
  unchanged: number;
  /** Rows the actor may see but not change (someone else's post, for an editor): skipped. */
  forbidden: { id: string; title: string }[];
  /** Ids that match no post the actor can see (deleted meanwhile, another org's, a hidden draft). */
  missing: number;
}

export const POST_STATUSES = ["draft", "published"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const POST_SORTS = ["updated", "published", "title"] as const;
export type PostSort = (typeof POST_SORTS)[number];

/**
 * A post list's one URL parser (manage page, browse page, JSON API): `schema` is strict, for the API
 * (a bad value is a 400 naming it); the pages parse leniently with `parse` (a bad value falls back).
 */
export const postList = defineListQuery({
  q: searchTextSchema(POST_SEARCH_MAX),
  status: z.enum(POST_STATUSES).optional(),
  author: searchTextSchema(64),
  sort: z.enum(POST_SORTS).default("updated"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export const postListQuerySchema = postList.schema;
/** Browsing published posts: newest first, only a title search and a page. */
export const publishedPostList = defineListQuery({ q: postList.fields.q, page: postList.fields.page });
export type PostListQuery = z.infer<typeof postListQuerySchema>;

/** "Shipping the Q3 roadmap!" → "shipping-the-q3-roadmap": a suggestion the author can edit. */
export function suggestPostSlug(title: string): string {
  return slugify(title, POST_SLUG_MAX);
}

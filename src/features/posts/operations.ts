import "server-only";
import { randomBytes } from "node:crypto";
import type { AuditEntry } from "@/features/audit/record";
import { defaultMessage, GuardError, isUniqueViolation } from "@/server/authz/errors";
import { can, defineOrgOperation, denialWithDetails, type OrgContext } from "@/server/authz/guard";
import type { Tx } from "@/server/db";
import { readerOf } from "./access";
import { isCurrentRendering, renderPostBody, type RenderedPost } from "./markdown";
import {
  deletePosts,
  findBulkCandidates,
  findPostById,
  findPostListItem,
  findPostBySlug,
  findPostTarget,
  findPostTargetBySlug,
  findPostVersion,
  insertPost,
  postSlugHolder,
  listPostAuthors,
  listPosts as queryPosts,
  setPostsStatus,
  storeRendering,
  updatePostAtVersion,
  type PostContent,
  type PostDetail,
  type PostListItem,
  type PostTarget,
} from "./queries";
import {
  POST_SLUG_MAX,
  bulkPostsSchema,
  patchPostSchema,
  postListQuerySchema,
  postSchema,
  publishedPostList,
  previewPostSchema,
  updatePostSchema,
  type BulkOperation,
  type BulkResult,
  type PatchPostInput,
  type PostConflict,
  type PostListQuery,
  type PostStatus,
} from "./schemas";

// Every post operation, defined once. The server actions (actions.ts) and the JSON API
// (src/app/api/orgs/[org]/posts/**/route.ts) are both adapters of these, so they share
// authorization, validation, the mutation, its audit event and cache revalidation.

/** Pages that show posts: the overview's counts, the list, the management table, each post and its editor. */
function postPaths(orgSlug: string, ...postSlugs: string[]): string[] {
  const base = `/dashboard/${orgSlug}`;
  const perPost = [...new Set(postSlugs)].flatMap((slug) => [`${base}/posts/${slug}`, `${base}/posts/${slug}/edit`]);
  return [base, `${base}/posts`, `${base}/posts/manage`, ...perPost];
}

const loadTarget = (ctx: OrgContext, id: string) => findPostTarget(readerOf(ctx), id);

const SLUG_TAKEN = { slug: "Another post in this organization already uses this URL name." };

/**
 * Slugs are unique per organization: checked first for a clear message, and by the index for races.
 * A URL name held by a post the author cannot see (someone else's draft) must not be confirmed to
 * them: the post gets the name with a short random suffix instead, as if it had been free.
 */
async function withFreeSlug<R>(tx: Tx, ctx: OrgContext, slug: string, exceptPostId: string | undefined, write: (slug: string) => Promise<R>): Promise<R> {
  const reader = readerOf(ctx);
  let free = slug;
  for (let attempt = 0; ; attempt++) {
    const holder = await postSlugHolder(tx, reader, free, exceptPostId);
    if (!holder) break;
    if (holder === "visible" && free === slug) throw new GuardError("invalid", defaultMessage("invalid"), SLUG_TAKEN);
    if (attempt === 5) throw new GuardError("invalid", defaultMessage("invalid"), SLUG_TAKEN);
    free = withRandomSuffix(slug);
  }
  try {
    return await write(free);
  } catch (error) {
    if (isUniqueViolation(error)) throw new GuardError("invalid", defaultMessage("invalid"), SLUG_TAKEN);
    throw error;
  }
}

function withRandomSuffix(slug: string): string {
  const suffix = randomBytes(3).toString("hex");
  return `${slug.slice(0, POST_SLUG_MAX - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
}

/** The excerpt field's starting value in the editor: empty when the stored one is derived. */
export function explicitExcerpt(post: Pick<PostTarget, "excerpt" | "excerptDerived">): string {
  return post.excerptDerived ? "" : post.excerpt;
}

/**
 * What to store for a body: its rendering, and the excerpt. An explicit excerpt wins; an empty one
 * means "derive it from the body". When an API edit leaves the excerpt out, an explicit excerpt
 * stays and a derived one follows the new body.
 */
function contentFor(
  fields: Pick<PostContent, "title" | "slug" | "body">,
  givenExcerpt: string | undefined,
  rendered: RenderedPost,
  previous?: Pick<PostTarget, "excerpt" | "excerptDerived">,
): PostContent {
  const kept = givenExcerpt === undefined && previous ? explicitExcerpt(previous) : "";
  const explicit = givenExcerpt || kept;
  return { ...fields, excerpt: explicit || rendered.excerpt, excerptDerived: !explicit, html: rendered.html, htmlRenderer: rendered.renderer };
}

/**
 * A post with HTML from the renderer this server runs. Stored HTML from an older renderer (or
 * from before HTML was stored) is rendered again once, off the event loop, and kept.
 */
export async function withCurrentHtml(orgId: string, post: PostDetail): Promise<PostDetail> {
  if (isCurrentRendering(post.htmlRenderer)) return post;
  let rendered: RenderedPost;
  try {
    rendered = await renderPostBody(post.body);
  } catch (error) {
    // A body the current renderer refuses (written under older, laxer rules) is shown as text.
    if (error instanceof GuardError && error.code === "invalid") return { ...post, html: `<pre>${escapeHtml(post.body)}</pre>` };
    throw error;
  }
  const excerptDerived = post.excerptDerived || post.excerpt === rendered.excerpt;
  await storeRendering(orgId, post, { html: rendered.html, htmlRenderer: rendered.renderer, excerptDerived });
  return { ...post, html: rendered.html, htmlRenderer: rendered.renderer, excerptDerived };
}

function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const postAudit = (action: string, post: { id: string; title: string }, extra: Record<string, string | boolean> = {}): AuditEntry => ({
  action,
  targetType: "post",
  targetId: post.id,
  metadata: { title: post.title, ...extra },
});

// ---------------------------------------------------------------- reads

/** A page of the posts the caller may see: `?status=&author=&q=&sort=&dir=&page=`. */
export const listPosts = defineOrgOperation({
  policy: "posts.list",
  kind: "read",
  input: postListQuerySchema,
  async run({ ctx, input }) {
    const page = await queryPosts(readerOf(ctx), input);
    return { posts: page.rows, page: page.page, pageSize: page.pageSize, total: page.total, totalCapped: page.totalCapped };
  },
});

/** One post with its rendered body; someone else's draft is not found unless the caller is an admin. */
export const readPost = defineOrgOperation({
  policy: "posts.read",
  kind: "read",
  async target(ctx, id) {
    const post = await findPostById(readerOf(ctx), id);
    return post ? { post, ownerId: post.author.id } : null;
  },
  async run({ ctx, target }) {
    const post = await withCurrentHtml(ctx.org.id, target.post);
    // The API's shape: the post and its HTML, not how the HTML was made.
    return omit(post, ["htmlRenderer", "excerptDerived"]);
  },
});

/** The editor's preview: the body through the same sanitizer as the published page. */
export const previewPost = defineOrgOperation({
  policy: "posts.create",
  kind: "read",
  input: previewPostSchema,
  async run({ input }) {
    return { html: (await renderPostBody(input.body)).html };
  },
});

// ---------------------------------------------------------------- create and edit

export const createPost = defineOrgOperation({
  policy: "posts.create",
  input: postSchema,
  prepare: ({ input }) => renderPostBody(input.body),
  async run({ ctx, input, prepared, tx }) {
    const content = contentFor(input, input.excerpt, prepared);
    return withFreeSlug(tx, ctx, content.slug, undefined, (slug) => insertPost(tx, { ...content, slug, orgId: ctx.org.id, authorId: ctx.user.id }));
  },
  audit: ({ result }) => postAudit("posts.create", result),
  revalidate: ({ ctx, result }) => postPaths(ctx.org.slug, result.slug),
});

export const CONFLICT_MESSAGE = "Someone changed this post since you opened it.";

/** A stale save: the caller gets both versions, to show them side by side. */
const postConflict = denialWithDetails<"conflict", PostConflict>("conflict");

async function savePost({
  ctx,
  input,
  target,
  prepared,
  tx,
}: {
  ctx: OrgContext;
  input: PatchPostInput;
  target: PostTarget;
  prepared: RenderedPost;
  tx: Tx;
}): Promise<PostListItem> {
  const content = contentFor(
    { title: input.title ?? target.title, slug: input.slug ?? target.slug, body: input.body ?? target.body },
    input.excerpt,
    prepared,
    target,
  );
  const saved = await withFreeSlug(tx, ctx, content.slug, target.id, (slug) =>
    updatePostAtVersion(tx, ctx.org.id, target.id, input.version, { ...content, slug }),
  );
  if (!saved) {
    // No silent overwrite: the edit started from an older version than the one stored now.
    const current = await findPostVersion(tx, ctx.org.id, target.id);
    if (!current) throw new GuardError("not_found");
    const conflict: PostConflict = {
      // The excerpt as the editor's field shows it: empty when it is derived from the body.
      current: {
        title: current.title,
        slug: current.slug,
        body: current.body,
        excerpt: explicitExcerpt(current),
        version: current.version,
        updatedAt: current.updatedAt.toISOString(),
      },
      yours: { title: content.title, slug: content.slug, body: content.body, excerpt: input.excerpt ?? explicitExcerpt(target), version: input.version },
    };
    throw postConflict.error(CONFLICT_MESSAGE, conflict);
  }
  const post = await findPostListItem(tx, ctx.org.id, target.id);
  if (!post) throw new GuardError("not_found");
  return post;
}

const editPost = {
  policy: "posts.update",
  target: loadTarget,
  denials: [postConflict],
  prepare: ({ input, target }: { input: PatchPostInput; target: PostTarget }) => renderPostBody(input.body ?? target.body),
  run: savePost,
  audit: ({ result }: { result: PostListItem }) => postAudit("posts.update", result),
  revalidate: ({ ctx, target, result }: { ctx: OrgContext; target: PostTarget; result: PostListItem }) => postPaths(ctx.org.slug, target.slug, result.slug),
} as const;

/** The editor's save: every field, and the version it started from. */
export const updatePost = defineOrgOperation({ ...editPost, input: updatePostSchema });

/** PATCH over the API: any of the fields, and the version it started from (always). */
export const patchPost = defineOrgOperation({ ...editPost, input: patchPostSchema });

// ---------------------------------------------------------------- publish, unpublish, delete

function statusOperation(status: PostStatus) {
  const action = status === "published" ? "posts.publish" : "posts.unpublish";
  return defineOrgOperation({
    policy: "posts.publish",
    target: loadTarget,
    async run({ ctx, target, tx }) {
      const changed = (await setPostsStatus(tx, ctx.org.id, [target.id], status)) === 1;
      const post = await findPostListItem(tx, ctx.org.id, target.id);
      if (!post) throw new GuardError("not_found");
      return { post, changed };
    },
    // Publishing what is already published changes nothing, and records nothing.
    audit: ({ result }) => (result.changed ? postAudit(action, result.post) : null),
    revalidate: ({ ctx, result }) => postPaths(ctx.org.slug, result.post.slug),
  });
}

export const publishPost = statusOperation("published");
export const unpublishPost = statusOperation("draft");

export const deletePost = defineOrgOperation({
  policy: "posts.delete",
  target: loadTarget,
  async run({ ctx, target, tx }) {
    await deletePosts(tx, ctx.org.id, [target.id]);
    return { id: target.id, title: target.title, slug: target.slug };
  },
  audit: ({ result }) => postAudit("posts.delete", result),
  revalidate: ({ ctx, result }) => postPaths(ctx.org.slug, result.slug),
});

// ---------------------------------------------------------------- bulk actions

/** The single-post rule each row of a bulk action is held to. */
const BULK_RULE = { publish: "posts.publish", unpublish: "posts.publish", delete: "posts.delete" } as const;

/**
 * One guarded action for many rows. The guard checks the role; inside the transaction each row is
 * checked against the same ownership rule as the single-post action, and the rows the actor may not
 * touch are skipped (and audited as denied) while the rest go through. The result counts both.
 */
function bulkOperation(operation: BulkOperation) {
  const rule = BULK_RULE[operation];
  return defineOrgOperation({
    policy: "posts.bulk",
    input: bulkPostsSchema,
    async run({ ctx, input, tx }): Promise<BulkResult> {
      const ids = [...new Set(input.ids)];
      const candidates = await findBulkCandidates(tx, readerOf(ctx), ids);
      const allowed = candidates.filter((post) => can(ctx, rule, post.ownerId));
      const forbidden = candidates.filter((post) => !allowed.includes(post));
      const wanted: PostStatus | null = operation === "publish" ? "published" : operation === "unpublish" ? "draft" : null;
      const toChange = wanted ? allowed.filter((post) => post.status !== wanted) : allowed;
      const changeIds = toChange.map((post) => post.id);
      if (wanted) await setPostsStatus(tx, ctx.org.id, changeIds, wanted);
      else await deletePosts(tx, ctx.org.id, changeIds);
      return {
        operation,
        changed: toChange.map(({ id, title, slug }) => ({ id, title, slug })),
        unchanged: allowed.length - toChange.length,
        forbidden: forbidden.map(({ id, title }) => ({ id, title })),
        missing: ids.length - candidates.length,
      };
    },
    audit: ({ ctx, result }) => [
      ...result.changed.map((post) => postAudit(`posts.${operation}`, post, { bulk: true })),
      ...result.forbidden.map((post) => postAudit(`${rule}.denied`, post, { reason: "ownership", role: ctx.role, bulk: true })),
    ],
    revalidate: ({ ctx, result }) => postPaths(ctx.org.slug, ...result.changed.map((post) => post.slug)),
  });
}

export const bulkPublishPosts = bulkOperation("publish");
export const bulkUnpublishPosts = bulkOperation("unpublish");
export const bulkDeletePosts = bulkOperation("delete");

// ---------------------------------------------------------------- page reads (src/app/dashboard/[org]/posts/**/page.tsx)

/** The posts page: what is published, newest first (the (orgId, status, publishedAt) index), searched by title. */
export const browsePublishedPosts = defineOrgOperation({
  policy: "posts.list",
  kind: "read",
  input: publishedPostList.schema,
  run: ({ ctx, input }) => {
    const query: PostListQuery = { ...input, status: "published", author: undefined, sort: "published", dir: "desc" };
    return queryPosts(readerOf(ctx), query);
  },
});

/** The management table: editors see every published post and their own drafts, admins every post; and the author filter. */
export const managePosts = defineOrgOperation({
  policy: "posts.create",
  kind: "read",
  input: postListQuerySchema,
  async run({ ctx, input }) {
    const reader = readerOf(ctx);
    const [page, authors] = await Promise.all([queryPosts(reader, input), listPostAuthors(reader)]);
    return { ...page, authors, drafts: reader.drafts };
  },
});

/** One post's page, by its URL name: someone else's draft is not found unless the reader is an admin. */
export const readPostBySlug = defineOrgOperation({
  policy: "posts.read",
  kind: "read",
  async target(ctx, slug) {
    const post = await findPostBySlug(readerOf(ctx), slug);
    return post ? { post, ownerId: post.author.id } : null;
  },
  run: ({ ctx, target }) => withCurrentHtml(ctx.org.id, target.post),
});

/**
 * The editor's page, by URL name: the post as posts.update loads its target, held to the same
 * ownership rule by the guard (someone else's post, for an editor: /unauthorized).
 */
export const editPostPage = defineOrgOperation({
  policy: "posts.update",
  kind: "read",
  target: (ctx: OrgContext, slug: string) => findPostTargetBySlug(readerOf(ctx), slug),
  run: async ({ target }) => ({
    id: target.id,
    slug: target.slug,
    title: target.title,
    body: target.body,
    excerpt: explicitExcerpt(target),
    version: target.version,
    status: target.status,
  }),
});

/** The new-post page: it reads nothing, and is for those who may create posts. */
export const newPostPage = defineOrgOperation({
  policy: "posts.create",
  kind: "read",
  run: async () => null,
});

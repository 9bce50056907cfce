import "server-only";
import { ttlCache } from "@/server/ttl-cache";
import { db, type Db, type Tx } from "@/server/db";
import { containsIgnoringCase, lockPosts } from "@/server/dialect";
import { POSTS_PAGE_SIZE, type PostListQuery, type PostStatus } from "./schemas";

// Data access for posts. Every read is scoped to one organization and to what the reader may see:
// published posts for every member, drafts for their author and for admins (see PostReader).

/** Who is reading, and which drafts they may see (from the posts.readDraft rule). */
export interface PostReader {
  orgId: string;
  userId: string;
  drafts: "all" | "own" | "none";
}

export interface PostAuthor {
  id: string;
  /** Names only: other members' emails never leave the server. */
  name: string;
}

/** A post's author as lists show it: `id` is null once the author has deleted their account. */
export interface PostByline {
  id: string | null;
  name: string;
}

export interface PostListItem {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  status: PostStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  version: number;
  author: PostByline;
}

export interface PostDetail extends PostListItem {
  body: string;
  /** The body as sanitized HTML, rendered when it was written (by `htmlRenderer`). */
  html: string;
  htmlRenderer: string;
  excerptDerived: boolean;
  createdAt: Date;
}

/** A post as the guard loads it for a mutation: `ownerId` feeds the ownership check (null: no owner left, admins only). */
export interface PostTarget {
  id: string;
  ownerId: string | null;
  title: string;
  slug: string;
  body: string;
  excerpt: string;
  excerptDerived: boolean;
  status: PostStatus;
  version: number;
}

type PostWhere = NonNullable<NonNullable<Parameters<Db["post"]["findMany"]>[0]>["where"]>;
type PostOrderBy = NonNullable<Parameters<Db["post"]["findMany"]>[0]>["orderBy"];

const listSelect = {
  id: true,
  slug: true,
  title: true,
  excerpt: true,
  status: true,
  publishedAt: true,
  updatedAt: true,
  version: true,
  author: { select: { id: true, name: true } },
} as const;

const UNNAMED_AUTHOR = "Unnamed member";
const DELETED_AUTHOR = "Deleted user";

function toListItem<R extends { excerpt: string | null; author: { id: string; name: string | null } | null }>(row: R) {
  const author: PostByline = row.author ? { id: row.author.id, name: row.author.name ?? UNNAMED_AUTHOR } : { id: null, name: DELETED_AUTHOR };
  return { ...row, excerpt: row.excerpt ?? "", author };
}

/** The posts a reader may see, optionally narrowed to one status. */
function visibleWhere(reader: PostReader, status?: PostStatus): PostWhere {
  const { orgId, userId, drafts } = reader;
  if (status === "published") return { orgId, status: "published" };
  if (status === "draft") {
    if (drafts === "all") return { orgId, status: "draft" };
    if (drafts === "own") return { orgId, status: "draft", authorId: userId };
    return { orgId, id: { in: [] } };
  }
  if (drafts === "all") return { orgId };
  if (drafts === "own") return { orgId, OR: [{ status: "published" }, { authorId: userId }] };
  return { orgId, status: "published" };
}

/**
 * The words of a search. LIKE's wildcards (% and _, and PostgreSQL's escape character) separate
 * words: Prisma passes them through unescaped, and SQLite's LIKE has no default escape character.
 */
export function searchWords(q: string): string[] {
  return q
    .split(/[\s%_\\]+/)
    .filter(Boolean)
    .slice(0, 8);
}

/** Titles containing every word, ignoring case (SQLite's LIKE already does for ASCII; PostgreSQL needs ILIKE). */
function titleMatches(q: string): PostWhere {
  const words = searchWords(q);
  if (words.length === 0) return { id: { in: [] } };
  return { AND: words.map((word) => ({ title: containsIgnoringCase(word) })) };
}

function orderOf(query: Pick<PostListQuery, "sort" | "dir" | "status">): PostOrderBy {
  const dir = query.dir;
  switch (query.sort) {
    case "title":
      return [{ title: dir }, { id: dir }];
    case "published":
      // Published-only lists walk the (orgId, status, publishedAt) index; mixed lists put drafts last.
      return query.status === "published" ? [{ publishedAt: dir }, { id: dir }] : [{ publishedAt: { sort: dir, nulls: "last" } }, { id: dir }];
    case "updated":
      return [{ updatedAt: dir }, { id: dir }];
  }
}

/** Counting a search stops here: past it the UI says "1,000+" instead of scanning every match. */
export const SEARCH_COUNT_CAP = 1_000;

export interface PostPage {
  rows: PostListItem[];
  total: number;
  /** The total is a lower bound (a search with more matches than SEARCH_COUNT_CAP). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

/** One page of the posts a reader may see, filtered, searched and sorted. */
export async function listPosts(reader: PostReader, query: PostListQuery): Promise<PostPage> {
  const where: PostWhere = {
    AND: [visibleWhere(reader, query.status), ...(query.author ? [{ authorId: query.author }] : []), ...(query.q ? [titleMatches(query.q)] : [])],
  };
  const [rows, counted] = await Promise.all([
    db.post.findMany({ where, select: listSelect, orderBy: orderOf(query), skip: (query.page - 1) * POSTS_PAGE_SIZE, take: POSTS_PAGE_SIZE }),
    db.post.count({ where, ...(query.q ? { take: SEARCH_COUNT_CAP + 1 } : {}) }),
  ]);
  const totalCapped = counted > SEARCH_COUNT_CAP && query.q !== undefined;
  return { rows: rows.map(toListItem), total: totalCapped ? SEARCH_COUNT_CAP : counted, totalCapped, page: query.page, pageSize: POSTS_PAGE_SIZE };
}

/**
 * The authors of the posts a reader may see, most prolific first (for the author filter). Grouping
 * every post of a large org costs tens of milliseconds, so the list is cached for half a minute per
 * org and visibility (a new author appears in the filter within that time).
 */
export const listPostAuthors = ttlCache(30_000, (reader: PostReader) => loadPostAuthors(reader), {
  key: ({ orgId, drafts, userId }) => `${orgId}|${drafts}|${drafts === "own" ? userId : ""}`,
});

async function loadPostAuthors(reader: PostReader, limit = 100): Promise<PostAuthor[]> {
  const groups = await db.post.groupBy({
    by: ["authorId"],
    where: visibleWhere(reader),
    _count: { authorId: true },
    orderBy: { _count: { authorId: "desc" } },
    take: limit,
  });
  const ids = groups.flatMap((group) => (group.authorId ? [group.authorId] : []));
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return users.map((user) => ({ id: user.id, name: user.name ?? UNNAMED_AUTHOR })).sort((a, b) => a.name.localeCompare(b.name, "en"));
}

const detailSelect = { ...listSelect, body: true, html: true, htmlRenderer: true, excerptDerived: true, createdAt: true } as const;

/** One post by its URL name, if the reader may see it. */
export async function findPostBySlug(reader: PostReader, slug: string): Promise<PostDetail | null> {
  if (slug.length > 200) return null;
  const row = await db.post.findFirst({ where: { AND: [visibleWhere(reader), { slug }] }, select: detailSelect });
  return row ? toListItem(row) : null;
}

/** One post by id, if the reader may see it. */
export async function findPostById(reader: PostReader, id: string): Promise<PostDetail | null> {
  const row = await db.post.findFirst({ where: { AND: [visibleWhere(reader), { id }] }, select: detailSelect });
  return row ? toListItem(row) : null;
}

const targetSelect = {
  id: true,
  authorId: true,
  title: true,
  slug: true,
  body: true,
  excerpt: true,
  excerptDerived: true,
  status: true,
  version: true,
} as const;

/** A post to change, if the actor may see it: someone else's draft is "not found", not "forbidden". */
export async function findPostTarget(reader: PostReader, id: string): Promise<PostTarget | null> {
  return toTarget(await db.post.findFirst({ where: { AND: [visibleWhere(reader), { id }] }, select: targetSelect }));
}

/** The same, by URL name (the editor's page). */
export async function findPostTargetBySlug(reader: PostReader, slug: string): Promise<PostTarget | null> {
  if (slug.length > 200) return null;
  return toTarget(await db.post.findFirst({ where: { AND: [visibleWhere(reader), { slug }] }, select: targetSelect }));
}

function toTarget(row: (Omit<PostTarget, "ownerId" | "excerpt"> & { authorId: string | null; excerpt: string | null }) | null): PostTarget | null {
  if (!row) return null;
  const { authorId, excerpt, ...rest } = row;
  return { ...rest, ownerId: authorId, excerpt: excerpt ?? "" };
}

// ---------------------------------------------------------------- writes (inside the guard's transaction)

/**
 * Who holds a URL name in the org, as far as the reader may know: "visible" (a post they can see),
 * "hidden" (someone else's draft they cannot see) or null (free).
 */
export async function postSlugHolder(tx: Tx, reader: PostReader, slug: string, exceptPostId?: string): Promise<"visible" | "hidden" | null> {
  const holder = await tx.post.findUnique({ where: { orgId_slug: { orgId: reader.orgId, slug } }, select: { id: true } });
  if (!holder || holder.id === exceptPostId) return null;
  const visible = await tx.post.count({ where: { AND: [visibleWhere(reader), { id: holder.id }] } });
  return visible ? "visible" : "hidden";
}

export interface PostContent {
  title: string;
  slug: string;
  body: string;
  excerpt: string;
  excerptDerived: boolean;
  html: string;
  htmlRenderer: string;
}

/** A stored rendering made again by a newer renderer; a post edited meanwhile keeps its own. */
export async function storeRendering(
  orgId: string,
  post: Pick<PostDetail, "id" | "version" | "updatedAt">,
  rendering: Pick<PostContent, "html" | "htmlRenderer" | "excerptDerived">,
): Promise<void> {
  // updatedAt stays: rendering again is not an edit.
  await db.post.updateMany({ where: { id: post.id, orgId, version: post.version }, data: { ...rendering, updatedAt: post.updatedAt } });
}

export async function insertPost(tx: Tx, data: PostContent & { orgId: string; authorId: string }): Promise<PostListItem> {
  const row = await tx.post.create({ data: { ...data, status: "draft" }, select: listSelect });
  return toListItem(row);
}

/** Saves new content only if nobody saved since `version`; returns false when someone did. */
export async function updatePostAtVersion(tx: Tx, orgId: string, id: string, version: number, content: PostContent): Promise<boolean> {
  const { count } = await tx.post.updateMany({ where: { id, orgId, version }, data: { ...content, version: { increment: 1 } } });
  return count === 1;
}

export interface PostVersion extends Pick<PostContent, "title" | "slug" | "body" | "excerpt" | "excerptDerived"> {
  version: number;
  updatedAt: Date;
}

export async function findPostVersion(tx: Tx, orgId: string, id: string): Promise<PostVersion | null> {
  const row = await tx.post.findFirst({
    where: { id, orgId },
    select: { title: true, slug: true, body: true, excerpt: true, excerptDerived: true, version: true, updatedAt: true },
  });
  return row ? { ...row, excerpt: row.excerpt ?? "" } : null;
}

export async function findPostListItem(tx: Tx, orgId: string, id: string): Promise<PostListItem | null> {
  const row = await tx.post.findFirst({ where: { id, orgId }, select: listSelect });
  return row ? toListItem(row) : null;
}

/** Publishing stamps the time it went out; unpublishing returns the post to the drafts. */
export async function setPostsStatus(tx: Tx, orgId: string, ids: string[], status: PostStatus): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await tx.post.updateMany({
    where: { orgId, id: { in: ids }, status: status === "published" ? "draft" : "published" },
    data: { status, publishedAt: status === "published" ? new Date() : null },
  });
  return count;
}

export async function deletePosts(tx: Tx, orgId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await tx.post.deleteMany({ where: { orgId, id: { in: ids } } });
  return count;
}

export interface BulkCandidate {
  id: string;
  ownerId: string | null;
  title: string;
  slug: string;
  status: PostStatus;
}

/**
 * The posts among `ids` the actor may see (in the org), for a bulk action to check one by one. On
 * PostgreSQL they are locked first, in id order: two bulk actions over the same posts then take
 * their row locks in the same order and queue instead of deadlocking, and each sees the other's
 * result (a post the other just published is not published again).
 */
export async function findBulkCandidates(tx: Tx, reader: PostReader, ids: string[]): Promise<BulkCandidate[]> {
  await lockPosts(tx, reader.orgId, ids);
  const rows = await tx.post.findMany({
    where: { AND: [visibleWhere(reader), { id: { in: ids } }] },
    select: { id: true, authorId: true, title: true, slug: true, status: true },
  });
  return rows.map(({ authorId, ...row }) => ({ ...row, ownerId: authorId }));
}

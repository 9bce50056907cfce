import { FileText, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { postControls } from "@/features/posts/access";
import { PaginationNav } from "@/features/posts/components/pagination-nav";
import { PostsTable, type ManagedPost } from "@/features/posts/components/posts-table";
import { countLabel } from "@/features/posts/format";
import { managePosts } from "@/features/posts/operations";
import { POST_SORTS, postList, type PostListQuery, type PostSort } from "@/features/posts/schemas";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Manage posts" };

const SELECT_CLASS =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring dark:bg-input/30";

export default async function ManagePostsPage({ params, searchParams }: PageProps<"/dashboard/[org]/posts/manage">) {
  // Editors and admins; editors see every published post and their own drafts, admins every post.
  const {
    ctx,
    input: query,
    data: { rows, total, totalCapped, pageSize, authors, drafts },
  } = await loadOrgPage(managePosts, { route: "/dashboard/[org]/posts/manage", params, searchParams });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const base = `/dashboard/${ctx.org.slug}/posts`;
  const href = (changes: Partial<PostListQuery>) => postList.href(`${base}/manage`, { ...query, ...changes });
  const filtered = Boolean(query.q || query.status || query.author);

  const managed: ManagedPost[] = rows.map((post) => {
    const controls = postControls(ctx, post.author.id);
    return {
      id: post.id,
      slug: post.slug,
      title: post.title,
      status: post.status,
      authorName: post.author.id === ctx.user.id ? `${post.author.name} (you)` : post.author.name,
      updatedAt: post.updatedAt.toISOString(),
      publishedAt: post.publishedAt?.toISOString() ?? null,
      canEdit: controls.edit,
      canManage: controls.publish && controls.delete,
    };
  });
  const sortHref = Object.fromEntries(
    POST_SORTS.map((sort) => [sort, { asc: href({ sort, dir: "asc", page: 1 }), desc: href({ sort, dir: "desc", page: 1 }) }]),
  ) as Record<PostSort, Record<"asc" | "desc", string>>;
  // The member is always an option, even before their first post.
  const authorOptions = authors.some((author) => author.id === ctx.user.id) ? authors : [{ id: ctx.user.id, name: ctx.user.name ?? "Me" }, ...authors];

  return (
    <>
      <PageHeader
        title="Manage posts"
        description={drafts === "all" ? "Every post of the organization, drafts included." : "Published posts and your drafts. You can change your own posts."}
        actions={
          <Button asChild>
            <Link href={`${base}/new`}>
              <Plus aria-hidden /> New post
            </Link>
          </Button>
        }
      />
      <Card className="mb-4 py-4">
        <CardContent>
          <form method="get" action={`${base}/manage`} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end">
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
            <div className="grid gap-2">
              <Label htmlFor="q">Title contains</Label>
              <Input id="q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} placeholder="Words in the title" />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="status">Status</Label>
              <select id="status" name="status" defaultValue={query.status ?? ""} className={SELECT_CLASS}>
                <option value="">Any status</option>
                <option value="published">Published</option>
                <option value="draft">Draft</option>
              </select>
            </div>
            <div className="grid gap-2">
              <Label htmlFor="author">Author</Label>
              <select id="author" name="author" defaultValue={query.author ?? ""} className={SELECT_CLASS}>
                <option value="">Anyone</option>
                {authorOptions.map((author) => (
                  <option key={author.id} value={author.id}>
                    {author.id === ctx.user.id ? `${author.name} (you)` : author.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="flex gap-2">
              <Button type="submit">Filter</Button>
              {filtered ? (
                <Button variant="ghost" asChild>
                  <Link href={`${base}/manage`}>Clear</Link>
                </Button>
              ) : null}
            </div>
          </form>
        </CardContent>
      </Card>

      {managed.length === 0 ? (
        <Card>
          <CardContent className="grid justify-items-center gap-3 py-12 text-center">
            <FileText className="size-8 text-muted-foreground" aria-hidden />
            {filtered ? (
              <>
                <p className="font-medium">No posts match these filters.</p>
                <Button variant="outline" asChild>
                  <Link href={`${base}/manage`}>Clear the filters</Link>
                </Button>
              </>
            ) : (
              <>
                <p className="font-medium">No posts yet.</p>
                <p className="text-sm text-muted-foreground">Drafts stay private until you publish them.</p>
                <Button asChild>
                  <Link href={`${base}/new`}>
                    <Plus aria-hidden /> Write your first post
                  </Link>
                </Button>
              </>
            )}
          </CardContent>
        </Card>
      ) : (
        // Keyed by the URL: a new page, sort or filter starts with nothing selected.
        <PostsTable key={href({})} org={ctx.org.slug} rows={managed} sort={query.sort} dir={query.dir} sortHref={sortHref} />
      )}
      {total > 0 ? (
        <PaginationNav
          page={query.page}
          pages={pages}
          summary={`${countLabel(total, totalCapped, "post")} · page ${query.page} of ${pages}`}
          href={(page) => href({ page })}
        />
      ) : null}
    </>
  );
}

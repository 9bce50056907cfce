import { FileText, Plus, Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PaginationNav } from "@/features/posts/components/pagination-nav";
import { countLabel, formatPostDate } from "@/features/posts/format";
import { browsePublishedPosts } from "@/features/posts/operations";
import { POSTS_PAGE_SIZE, publishedPostList } from "@/features/posts/schemas";
import { can } from "@/server/authz/guard";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Posts" };

export default async function PostsPage({ params, searchParams }: PageProps<"/dashboard/[org]/posts">) {
  const {
    ctx,
    input: query,
    data: { rows, total, totalCapped },
  } = await loadOrgPage(browsePublishedPosts, { route: "/dashboard/[org]/posts", params, searchParams });
  const pages = Math.max(1, Math.ceil(total / POSTS_PAGE_SIZE));
  const base = `/dashboard/${ctx.org.slug}/posts`;
  const canWrite = can(ctx, "posts.create");

  return (
    <>
      <PageHeader
        title="Posts"
        description={`What ${ctx.org.name} has published.`}
        actions={
          canWrite ? (
            <>
              <Button variant="outline" asChild>
                <Link href={`${base}/manage`}>Manage posts</Link>
              </Button>
              <Button asChild>
                <Link href={`${base}/new`}>
                  <Plus aria-hidden /> New post
                </Link>
              </Button>
            </>
          ) : null
        }
      />
      <form method="get" action={base} role="search" className="mb-6 flex max-w-xl gap-2">
        <label htmlFor="q" className="sr-only">
          Search titles
        </label>
        <Input id="q" name="q" type="search" placeholder="Search titles" defaultValue={query.q ?? ""} maxLength={100} />
        <Button type="submit" variant="secondary">
          <Search aria-hidden /> Search
        </Button>
      </form>

      {rows.length === 0 ? (
        <EmptyState searched={query.q} clearHref={base} newHref={canWrite ? `${base}/new` : null} />
      ) : (
        <ul className="grid gap-3" aria-label="Published posts">
          {rows.map((post) => (
            <li key={post.id}>
              <Card className="gap-2 py-5 transition-colors hover:bg-muted/40">
                <CardContent className="grid gap-1.5">
                  <h2 className="text-base leading-snug font-semibold">
                    <Link
                      href={`${base}/${post.slug}`}
                      className="rounded-sm hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                    >
                      {post.title}
                    </Link>
                  </h2>
                  {post.excerpt ? <p className="line-clamp-2 text-sm text-muted-foreground">{post.excerpt}</p> : null}
                  <p className="text-xs text-muted-foreground">
                    {post.author.name}
                    {post.publishedAt ? (
                      <>
                        {" · "}
                        <time dateTime={post.publishedAt.toISOString()}>{formatPostDate(post.publishedAt)}</time>
                      </>
                    ) : null}
                  </p>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}

      {total > 0 ? (
        <PaginationNav
          page={query.page}
          pages={pages}
          summary={`${countLabel(total, totalCapped, "post")} · page ${query.page} of ${pages}`}
          href={(page) => publishedPostList.href(base, { q: query.q, page })}
        />
      ) : null}
    </>
  );
}

function EmptyState({ searched, clearHref, newHref }: { searched?: string; clearHref: string; newHref: string | null }) {
  return (
    <Card>
      <CardContent className="grid justify-items-center gap-3 py-12 text-center">
        <FileText className="size-8 text-muted-foreground" aria-hidden />
        {searched ? (
          <>
            <p className="font-medium">No published post has “{searched}” in its title.</p>
            <Button variant="outline" asChild>
              <Link href={clearHref}>Clear the search</Link>
            </Button>
          </>
        ) : (
          <>
            <p className="font-medium">Nothing has been published yet.</p>
            {newHref ? (
              <>
                <p className="text-sm text-muted-foreground">Posts you publish appear here for every member.</p>
                <Button asChild>
                  <Link href={newHref}>
                    <Plus aria-hidden /> Write your first post
                  </Link>
                </Button>
              </>
            ) : (
              <p className="text-sm text-muted-foreground">When editors publish posts, they appear here.</p>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}

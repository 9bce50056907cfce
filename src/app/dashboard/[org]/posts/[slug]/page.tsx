import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { Badge } from "@/components/ui/badge";
import { postControls } from "@/features/posts/access";
import { MarkdownContent } from "@/features/posts/components/markdown-content";
import { PostActions } from "@/features/posts/components/post-actions";
import { formatPostDate, formatPostDateTime } from "@/features/posts/format";
import { readPostBySlug } from "@/features/posts/operations";
import { loadOrgPage } from "@/server/authz/page";

/**
 * The page and its metadata share one authorization and one query per request. A draft the reader
 * may not see is indistinguishable from a missing post (a 404).
 */
const loadPost = cache((org: string, slug: string) =>
  loadOrgPage(readPostBySlug, { route: "/dashboard/[org]/posts/[slug]", params: { org, slug }, target: "slug" }),
);

export async function generateMetadata({ params }: PageProps<"/dashboard/[org]/posts/[slug]">): Promise<Metadata> {
  const { org, slug } = await params;
  const { data: post } = await loadPost(org, slug);
  return { title: post.title };
}

export default async function PostPage({ params }: PageProps<"/dashboard/[org]/posts/[slug]">) {
  const { org, slug } = await params;
  const { ctx, data: post } = await loadPost(org, slug);
  const controls = postControls(ctx, post.author.id);

  return (
    <article className="mx-auto grid max-w-3xl gap-6">
      <div className="grid gap-4">
        <Link
          href={`/dashboard/${ctx.org.slug}/posts`}
          className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        >
          <ArrowLeft className="size-4" aria-hidden /> All posts
        </Link>
        <header className="grid gap-3">
          {post.status === "draft" ? (
            <Badge variant="secondary" className="tracking-wide uppercase">
              Draft · only {controls.edit && post.author.id === ctx.user.id ? "you and admins" : "its author and admins"} can see it
            </Badge>
          ) : null}
          <h1 className="text-3xl font-semibold tracking-tight text-balance">{post.title}</h1>
          <p className="text-sm text-muted-foreground">
            By {post.author.name}
            {post.publishedAt ? (
              <>
                {" · "}
                <time dateTime={post.publishedAt.toISOString()}>{formatPostDate(post.publishedAt)}</time>
              </>
            ) : null}
            {" · "}
            <span>updated {formatPostDateTime(post.updatedAt)}</span>
          </p>
          {controls.edit || controls.publish || controls.delete ? (
            <div className="flex flex-wrap gap-2">
              <PostActions org={ctx.org.slug} post={{ id: post.id, slug: post.slug, title: post.title, status: post.status }} controls={controls} />
            </div>
          ) : null}
        </header>
      </div>
      <MarkdownContent html={post.html} />
    </article>
  );
}

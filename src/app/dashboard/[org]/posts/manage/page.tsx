import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { postControls } from "@/features/posts/access";
import { PostsTable, type ManagedPost } from "@/features/posts/components/posts-table";
import { managePosts } from "@/features/posts/operations";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Manage posts" };

export default async function ManagePostsPage({ params, searchParams }: PageProps<"/dashboard/[org]/posts/manage">) {
  // Editors and admins; editors see every published post and their own drafts, admins every post.
  const {
    ctx,
    data: { rows, total, totalCapped, pageSize, authors, drafts },
  } = await loadOrgPage(managePosts, { route: "/dashboard/[org]/posts/manage", params, searchParams });
  const base = `/dashboard/${ctx.org.slug}/posts`;

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
      <PostsTable
        org={ctx.org.slug}
        rows={managed}
        total={total}
        totalCapped={totalCapped}
        pageSize={pageSize}
        authors={authorOptions.map((author) => ({ id: author.id, label: author.id === ctx.user.id ? `${author.name} (you)` : author.name }))}
        emptyHint={
          <>
            <p className="text-sm text-muted-foreground">Drafts stay private until you publish them.</p>
            <Button asChild>
              <Link href={`${base}/new`}>
                <Plus aria-hidden /> Write your first post
              </Link>
            </Button>
          </>
        }
      />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { readerOf } from "@/features/posts/access";
import { PostEditor } from "@/features/posts/components/post-editor";
import { explicitExcerpt } from "@/features/posts/operations";
import { findPostBySlug } from "@/features/posts/queries";
import { authorizeOrgPage, can } from "@/server/authz/guard";

export const metadata: Metadata = { title: "Edit post" };

export default async function EditPostPage({ params }: PageProps<"/dashboard/[org]/posts/[slug]/edit">) {
  const { org, slug } = await params;
  const ctx = await authorizeOrgPage(org, "posts.update", `/dashboard/${org}/posts/${slug}/edit`);
  const post = await findPostBySlug(readerOf(ctx), slug);
  if (!post) notFound();
  // Someone else's post, for an editor: nothing to edit here (saving would be refused anyway).
  if (!can(ctx, "posts.update", post.author.id)) redirect("/unauthorized");

  return (
    <>
      <PageHeader
        title="Edit post"
        description={post.status === "draft" ? "A draft: only its author and admins see it." : "Published: changes show as soon as you save."}
        actions={
          <Button variant="outline" asChild>
            <Link href={`/dashboard/${ctx.org.slug}/posts/${post.slug}`}>View post</Link>
          </Button>
        }
      />
      <Card>
        {/* Less side padding on phones: the editor needs the width more than the frame does. */}
        <CardContent className="px-4 sm:px-6">
          <PostEditor
            key={post.id}
            org={ctx.org.slug}
            post={{ id: post.id, slug: post.slug, title: post.title, body: post.body, excerpt: explicitExcerpt(post), version: post.version }}
          />
        </CardContent>
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { PostEditor } from "@/features/posts/components/post-editor";
import { editPostPage } from "@/features/posts/operations";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "Edit post" };

export default async function EditPostPage({ params }: PageProps<"/dashboard/[org]/posts/[slug]/edit">) {
  // Someone else's post, for an editor: /unauthorized, by the same ownership rule as saving it.
  const { ctx, data: post } = await loadOrgPage(editPostPage, { route: "/dashboard/[org]/posts/[slug]/edit", params, target: "slug" });

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
            post={{ id: post.id, slug: post.slug, title: post.title, body: post.body, excerpt: post.excerpt, version: post.version }}
          />
        </CardContent>
      </Card>
    </>
  );
}

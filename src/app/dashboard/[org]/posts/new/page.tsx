import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { PostEditor } from "@/features/posts/components/post-editor";
import { newPostPage } from "@/features/posts/operations";
import { loadOrgPage } from "@/server/authz/page";

export const metadata: Metadata = { title: "New post" };

export default async function NewPostPage({ params }: PageProps<"/dashboard/[org]/posts/new">) {
  const { ctx } = await loadOrgPage(newPostPage, { route: "/dashboard/[org]/posts/new", params });
  return (
    <>
      <PageHeader title="New post" description="It is saved as a draft: only you and admins see it until you publish it." />
      <Card>
        {/* Less side padding on phones: the editor needs the width more than the frame does. */}
        <CardContent className="px-4 sm:px-6">
          <PostEditor org={ctx.org.slug} />
        </CardContent>
      </Card>
    </>
  );
}

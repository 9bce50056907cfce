"use client";

import { Pencil, Send, Undo2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { PostControls } from "../access";
import { deletePost, publishPost, unpublishPost } from "../actions";
import type { PostStatus } from "../schemas";
import { DeletePostDialog } from "./delete-post-dialog";

/** Edit, publish or unpublish, and delete: each shown only to who may do it (the actions check again). */
export function PostActions({
  org,
  post,
  controls,
}: {
  org: string;
  post: { id: string; slug: string; title: string; status: PostStatus };
  controls: PostControls;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const base = `/dashboard/${org}/posts`;

  const setStatus = (status: PostStatus) =>
    startTransition(async () => {
      const action = status === "published" ? publishPost : unpublishPost;
      const result = await action({ org, target: post.id });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      toast.success(status === "published" ? "Published: every member can read it now." : "Unpublished: back to drafts.");
      router.refresh();
    });

  const remove = () =>
    startTransition(async () => {
      const result = await deletePost({ org, target: post.id });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      toast.success(`“${post.title}” was deleted.`);
      router.replace(base);
    });

  return (
    <>
      {controls.edit ? (
        <Button variant="outline" asChild>
          <Link href={`${base}/${post.slug}/edit`}>
            <Pencil aria-hidden /> Edit
          </Link>
        </Button>
      ) : null}
      {controls.publish ? (
        post.status === "draft" ? (
          <Button onClick={() => setStatus("published")} disabled={pending}>
            <Send aria-hidden /> {pending ? "Publishing…" : "Publish"}
          </Button>
        ) : (
          <Button variant="outline" onClick={() => setStatus("draft")} disabled={pending}>
            <Undo2 aria-hidden /> {pending ? "Unpublishing…" : "Unpublish"}
          </Button>
        )
      ) : null}
      {controls.delete ? (
        <DeletePostDialog
          title={`Delete “${post.title}”?`}
          description="The post and its link disappear for every member. This cannot be undone; the audit log keeps a record."
          pending={pending}
          onConfirm={remove}
        />
      ) : null}
    </>
  );
}

"use client";

import { Trash2 } from "lucide-react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";

/** Asks before deleting: a post cannot be restored. */
export function DeletePostDialog({
  title,
  description,
  pending,
  onConfirm,
  trigger,
}: {
  title: string;
  description: string;
  pending: boolean;
  onConfirm: () => void;
  trigger?: React.ReactNode;
}) {
  return (
    <ConfirmDialog
      trigger={
        trigger ?? (
          <Button variant="outline" className="text-destructive hover:text-destructive">
            <Trash2 aria-hidden /> Delete
          </Button>
        )
      }
      title={title}
      description={description}
      confirmLabel="Delete permanently"
      pendingLabel="Deleting…"
      pending={pending}
      closeOnConfirm
      onConfirm={onConfirm}
    />
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { deleteOrganization } from "../actions";

/** Deleting asks the admin to type the URL name, so it cannot happen by a stray click. */
export function DeleteOrgDialog({ org }: { org: { slug: string; name: string } }) {
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const confirm = () =>
    startTransition(async () => {
      const result = await deleteOrganization({ org: org.slug, input: { confirmSlug: typed } });
      if (!result.ok) {
        setError(result.fieldErrors?.confirmSlug ?? result.error);
        return;
      }
      toast.success(`${org.name} was deleted.`);
      router.replace("/dashboard");
    });

  return (
    <ConfirmDialog
      trigger={<Button variant="destructive">Delete organization</Button>}
      onOpenChange={() => (setTyped(""), setError(null))}
      title={`Delete ${org.name}?`}
      description="This removes the organization, its memberships, invitations and posts. It cannot be undone. The audit log keeps a record of the deletion."
      confirmLabel="Delete permanently"
      pendingLabel="Deleting…"
      pending={pending}
      confirmDisabled={typed.trim() !== org.slug}
      onConfirm={confirm}
    >
      <div className="grid gap-2">
        <Label htmlFor="confirm-slug">
          Type <span className="font-mono font-semibold">{org.slug}</span> to confirm
        </Label>
        <Input
          id="confirm-slug"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "confirm-slug-error" : undefined}
        />
        {error ? (
          <p id="confirm-slug-error" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </ConfirmDialog>
  );
}

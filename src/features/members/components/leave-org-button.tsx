"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { leaveOrganization } from "../actions";

/** Any member can leave, except the last admin (the server refuses and says why). */
export function LeaveOrgButton({ org }: { org: { slug: string; name: string } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const leave = () =>
    startTransition(async () => {
      const result = await leaveOrganization({ org: org.slug, input: { confirm: true } });
      if (!result.ok) return setError(result.error);
      toast.success(`You left ${org.name}.`);
      router.replace("/dashboard");
    });

  return (
    <AlertDialog open={open} onOpenChange={(next) => (setOpen(next), setError(null))}>
      <AlertDialogTrigger asChild>
        <Button variant="outline">
          <LogOut className="size-4" aria-hidden /> Leave
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Leave {org.name}?</AlertDialogTitle>
          <AlertDialogDescription>You lose access at once. To come back, an admin has to invite you again.</AlertDialogDescription>
        </AlertDialogHeader>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" onClick={leave} disabled={pending}>
            {pending ? "Leaving…" : "Leave organization"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

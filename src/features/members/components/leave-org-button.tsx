"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { leaveOrganization } from "../actions";

/** Any member can leave, except the last admin (the server refuses and says why). */
export function LeaveOrgButton({ org }: { org: { slug: string; name: string } }) {
  const router = useRouter();
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
    <ConfirmDialog
      trigger={
        <Button variant="outline">
          <LogOut className="size-4" aria-hidden /> Leave
        </Button>
      }
      onOpenChange={() => setError(null)}
      title={`Leave ${org.name}?`}
      description="You lose access at once. To come back, an admin has to invite you again."
      error={error}
      confirmLabel="Leave organization"
      pendingLabel="Leaving…"
      pending={pending}
      onConfirm={leave}
    />
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { acceptInvitation } from "../actions";

export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const accept = () =>
    startTransition(async () => {
      setError(null);
      const result = await acceptInvitation({ token });
      if (!result.ok) return setError(result.error);
      toast.success(`Welcome to ${result.data.org.name}.`);
      router.replace(`/dashboard/${result.data.org.slug}`);
    });

  return (
    <div className="grid gap-4">
      {error ? (
        <Alert variant="destructive" aria-live="polite">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <Button onClick={accept} disabled={pending} className="w-full">
        {pending ? "Joining…" : `Accept and join ${orgName}`}
      </Button>
    </div>
  );
}

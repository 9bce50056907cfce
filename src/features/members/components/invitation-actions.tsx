"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { resendInvitation, revokeInvitation } from "../actions";

/** Resend (a new link, valid 7 more days; the old one stops working) and revoke. */
export function InvitationActions({ org, invitation }: { org: string; invitation: { id: string; email: string } }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);

  const resend = () =>
    startTransition(async () => {
      const result = await resendInvitation({ org, target: invitation.id });
      if (!result.ok) toast.error(result.error);
      else if (result.data.delivery === "failed") toast.error(`The email to ${invitation.email} could not be sent. Please try again later.`);
      else
        toast.success(result.data.delivery === "smtp" ? `A new link was sent to ${invitation.email}.` : `A new link for ${invitation.email} is in the outbox.`);
    });

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeInvitation({ org, target: invitation.id });
      setConfirming(false);
      if (result.ok) toast.success(`The invitation for ${invitation.email} was revoked.`);
      else toast.error(result.error);
    });

  return (
    <div className="flex justify-end gap-2">
      <Button variant="outline" size="sm" onClick={resend} disabled={pending} aria-label={`Resend the invitation to ${invitation.email}`}>
        Resend
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        trigger={
          <Button variant="ghost" size="sm" disabled={pending} aria-label={`Revoke the invitation to ${invitation.email}`}>
            Revoke
          </Button>
        }
        title={`Revoke the invitation to ${invitation.email}?`}
        description="The link in their email stops working. You can invite them again later."
        confirmLabel="Revoke invitation"
        pendingLabel="Revoking…"
        pending={pending}
        onConfirm={revoke}
      />
    </div>
  );
}

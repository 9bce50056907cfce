"use client";

import { MoreHorizontal, UserMinus } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { isRole, ROLE_LABELS, ROLES, type Role } from "@/lib/roles";
import { bulkRemoveMembers, bulkUpdateMemberRoles, removeMember, updateMemberRole } from "../actions";
import type { MemberRow } from "../queries";

// Admin controls of the directory. The server re-checks everything (role, self, last admin); these
// only offer what makes sense and report what the server answered.

const rolesHighestFirst = ROLES.slice().reverse();
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Removal asks first; opened from a menu item, so controlled. */
function ConfirmRemoval(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  return <ConfirmDialog {...props} confirmLabel="Remove" pendingLabel="Removing…" />;
}

/** The "…" menu of one member's row: change role, remove. */
export function MemberActions({ org, member }: { org: string; member: MemberRow }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const label = member.name ?? member.email ?? "this member";

  const changeRole = (role: Role) =>
    startTransition(async () => {
      const result = await updateMemberRole({ org, target: member.userId, input: { role } });
      if (result.ok) toast.success(`${label} is now ${ROLE_LABELS[role].toLowerCase()}.`);
      else toast.error(result.error);
    });

  const remove = () =>
    startTransition(async () => {
      const result = await removeMember({ org, target: member.userId });
      if (result.ok) {
        setConfirming(false);
        toast.success(`${label} was removed.`);
      } else toast.error(result.error);
    });

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${label}`} disabled={pending}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>Role</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={member.role} onValueChange={(value) => isRole(value) && value !== member.role && changeRole(value)}>
            {rolesHighestFirst.map((role) => (
              <DropdownMenuRadioItem key={role} value={role}>
                {ROLE_LABELS[role]}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirming(true)}>
            <UserMinus className="size-4" aria-hidden /> Remove from organization
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmRemoval
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${label}?`}
        description="They lose access to this organization at once. You can invite them again later."
        pending={pending}
        onConfirm={remove}
      />
    </>
  );
}

/** Shown while members are selected: change their role or remove them, all or nothing. */
export function BulkActions({ org, userIds, onDone }: { org: string; userIds: string[]; onDone: () => void }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const count = plural(userIds.length, "member");

  const changeRoles = (role: Role) =>
    startTransition(async () => {
      const result = await bulkUpdateMemberRoles({ org, input: { userIds, role } });
      if (!result.ok) return void toast.error(result.error);
      toast.success(
        result.data.length
          ? `${plural(result.data.length, "member")} now ${result.data.length === 1 ? "is" : "are"} ${ROLE_LABELS[role].toLowerCase()}.`
          : "Nothing to change.",
      );
      onDone();
    });

  const remove = () =>
    startTransition(async () => {
      const result = await bulkRemoveMembers({ org, input: { userIds } });
      if (!result.ok) return void toast.error(result.error);
      setConfirming(false);
      toast.success(`${plural(result.data.length, "member")} removed.`);
      onDone();
    });

  return (
    <div role="region" aria-label="Selected members" className="flex flex-wrap items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm">
      <span className="mr-auto font-medium">{count} selected</span>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" disabled={pending}>
            Change role
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {rolesHighestFirst.map((role) => (
            <DropdownMenuItem key={role} onSelect={() => changeRoles(role)}>
              Make {ROLE_LABELS[role].toLowerCase()}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <Button variant="destructive" size="sm" disabled={pending} onClick={() => setConfirming(true)}>
        Remove
      </Button>
      <Button variant="ghost" size="sm" disabled={pending} onClick={onDone}>
        Clear selection
      </Button>
      <ConfirmRemoval
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${count}?`}
        description="They lose access to this organization at once. You can invite them again later."
        pending={pending}
        onConfirm={remove}
      />
    </div>
  );
}

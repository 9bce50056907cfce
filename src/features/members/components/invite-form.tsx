"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormField, fieldAria } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { applyServerErrors } from "@/lib/form-errors";
import { ROLE_LABELS, type Role } from "@/lib/roles";
import { inviteMember } from "../actions";
import { inviteSchema, type InviteInput } from "../schemas";

const ROLE_HINTS: Record<Role, string> = {
  viewer: "Reads published posts and the member directory.",
  editor: "Also writes and publishes their own posts.",
  admin: "Manages members, invitations, settings and every post.",
};

/** Invite by email; `roles` are the ones the inviter may grant (never above their own). */
export function InviteForm({ org, roles }: { org: string; roles: Role[] }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<InviteInput>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "viewer" } });
  const { register, handleSubmit, formState, control } = form;
  const role = useWatch({ control, name: "role" });

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await inviteMember({ org, input: values });
      if (!result.ok) return setFormError(applyServerErrors(result, form.setError, ["email", "role"]));
      const { delivery, email } = result.data;
      if (delivery === "failed") toast.error(`The invitation for ${email} was saved, but its email could not be sent. Try “Resend” in the list below.`);
      else toast.success(delivery === "smtp" ? `Invitation sent to ${email}.` : `Invitation for ${email} is in the outbox below (email is not configured).`);
      form.reset({ email: "", role: values.role });
    });
  });

  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start" noValidate>
      {formError ? (
        <Alert variant="destructive" className="sm:col-span-3">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id="invite-email" label="Email address" error={formState.errors.email?.message}>
        <Input
          id="invite-email"
          type="email"
          autoComplete="off"
          placeholder="name@example.com"
          {...register("email")}
          {...fieldAria("invite-email", formState.errors.email?.message)}
        />
      </FormField>
      <FormField id="invite-role" label="Role" error={formState.errors.role?.message} hint={ROLE_HINTS[role]}>
        <Controller
          control={control}
          name="role"
          render={({ field }) => (
            <Select value={field.value} onValueChange={field.onChange}>
              <SelectTrigger id="invite-role" className="w-full" {...fieldAria("invite-role", formState.errors.role?.message, true)}>
                <SelectValue>{ROLE_LABELS[field.value]}</SelectValue>
              </SelectTrigger>
              <SelectContent>
                {roles.map((role) => (
                  <SelectItem key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        />
      </FormField>
      <Button type="submit" disabled={pending} className="sm:mt-[1.375rem]">
        {pending ? "Sending…" : "Send invitation"}
      </Button>
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormField, fieldAria } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/form-errors";
import { updateOrganization } from "../actions";
import { updateOrgSchema, type UpdateOrgInput } from "../schemas";

export function OrgSettingsForm({ org }: { org: { slug: string; name: string } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<UpdateOrgInput>({ resolver: zodResolver(updateOrgSchema), defaultValues: { name: org.name, slug: org.slug } });
  const { register, handleSubmit, formState } = form;

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await updateOrganization({ org: org.slug, input: values });
      if (!result.ok) {
        setFormError(applyServerErrors(result, form.setError, ["name", "slug"]));
        return;
      }
      toast.success("Organization updated.");
      form.reset(values);
      // A new URL name moves every page of the organization.
      if (result.data.slug !== org.slug) router.replace(`/dashboard/${result.data.slug}/settings`);
      else router.refresh();
    });
  });

  return (
    <form onSubmit={onSubmit} className="grid max-w-lg gap-4" noValidate>
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id="name" label="Name" error={formState.errors.name?.message}>
        <Input id="name" autoComplete="organization" {...register("name")} {...fieldAria("name", formState.errors.name?.message)} />
      </FormField>
      <FormField
        id="slug"
        label="URL name"
        error={formState.errors.slug?.message}
        hint="Changing it changes every link to this organization; old links stop working."
      >
        <Input id="slug" {...register("slug")} {...fieldAria("slug", formState.errors.slug?.message, true)} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending || !formState.isDirty}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

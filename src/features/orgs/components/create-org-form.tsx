"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormField, fieldAria } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/form-errors";
import { createOrganization } from "../actions";
import { createOrgSchema, suggestSlug, type CreateOrgInput } from "../schemas";

export function CreateOrgForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CreateOrgInput>({ resolver: zodResolver(createOrgSchema), defaultValues: { name: "", slug: "" } });
  const { register, handleSubmit, setValue, getFieldState, formState } = form;

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const result = await createOrganization(values);
      if (result.ok) router.push(`/dashboard/${result.data.slug}`);
      else setFormError(applyServerErrors(result, form.setError, ["name", "slug"]));
    });
  });

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id="name" label="Organization name" error={formState.errors.name?.message}>
        <Input
          id="name"
          autoComplete="organization"
          {...register("name", {
            // Suggest a URL name until the user edits it themselves.
            onChange: (event) => {
              if (!getFieldState("slug").isDirty) setValue("slug", suggestSlug(event.target.value));
            },
          })}
          {...fieldAria("name", formState.errors.name?.message)}
        />
      </FormField>
      <FormField id="slug" label="URL name" error={formState.errors.slug?.message} hint="Lowercase letters, digits and dashes. Appears in links.">
        <Input id="slug" {...register("slug")} {...fieldAria("slug", formState.errors.slug?.message, true)} />
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create organization"}
      </Button>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { register, type RegisterField, type RegisterState } from "../actions";
import { PASSWORD_HINT } from "../password-policy";

const FIELDS: { name: RegisterField; label: string; type: string; autoComplete: string; hint?: string }[] = [
  { name: "name", label: "Name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: PASSWORD_HINT },
  { name: "confirmPassword", label: "Confirm password", type: "password", autoComplete: "new-password" },
];

export function RegisterForm() {
  const [state, formAction, pending] = useActionState<RegisterState, FormData>(register, {});
  return (
    <form action={formAction} className="grid gap-4">
      {state.error ? (
        <Alert variant="destructive" aria-live="polite">
          <AlertDescription data-testid="form-error">{state.error}</AlertDescription>
        </Alert>
      ) : null}
      {FIELDS.map((field) => {
        const error = state.fieldErrors?.[field.name];
        const kept = field.name === "name" || field.name === "email" ? state.values?.[field.name] : undefined;
        const describedBy = [error && `${field.name}-error`, field.hint && `${field.name}-hint`].filter(Boolean).join(" ");
        return (
          <div key={field.name} className="grid gap-2">
            <Label htmlFor={field.name}>{field.label}</Label>
            <Input
              id={field.name}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              required
              defaultValue={kept}
              key={kept}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy || undefined}
            />
            {error ? (
              <p id={`${field.name}-error`} className="text-sm text-destructive">
                {error}
              </p>
            ) : field.hint ? (
              <p id={`${field.name}-hint`} className="text-sm text-muted-foreground">
                {field.hint}
              </p>
            ) : null}
          </div>
        );
      })}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}

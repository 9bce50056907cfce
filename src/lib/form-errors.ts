import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/** The failure half of a guarded action's result, as forms see it. */
export interface FailedResult {
  ok: false;
  error: string;
  fieldErrors?: Record<string, string>;
}

/**
 * Puts a server-side validation failure on the form's fields (the server runs the same zod schema,
 * plus checks only it can make, like "this URL name is taken"). Returns the message for the form
 * as a whole when no field took it.
 */
export function applyServerErrors<T extends FieldValues>(result: FailedResult, setError: UseFormSetError<T>, fields: readonly string[]): string | null {
  let placed = false;
  for (const [name, message] of Object.entries(result.fieldErrors ?? {})) {
    if (fields.includes(name)) {
      setError(name as Path<T>, { type: "server", message });
      placed = true;
    }
  }
  return placed ? null : result.error;
}

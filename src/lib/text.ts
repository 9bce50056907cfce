import { z } from "zod";

// Text from people and URLs, checked once for everything that stores or searches it. Control
// characters never belong in a name or a search, and PostgreSQL refuses NUL in text outright (a
// query with one fails instead of matching nothing).

const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_CHARACTERS = /\p{Cc}/gu;

export const CONTROL_CHARACTER_MESSAGE = "Remove the control characters (such as NUL) from this text.";

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/** A refinement for text that is stored: refused with a sentence, never a database error. */
export const withoutControlCharacters = [(text: string) => !hasControlCharacters(text), CONTROL_CHARACTER_MESSAGE] as const;

/**
 * A search box or a text filter (from a form or a URL): control characters dropped, trimmed and
 * bounded; empty means "no filter".
 */
export function searchTextSchema(max: number) {
  return z
    .string()
    .max(max, `Use at most ${max} characters.`)
    .optional()
    .transform((value) => value?.replace(CONTROL_CHARACTERS, "").trim() || undefined);
}

import type { z } from "zod";

// A page's URL state is parsed by the same zod object as the API's query string, but leniently: a
// hand-edited or stale URL shows the closest valid view instead of an error. Each field is parsed on
// its own, so one bad value falls back to that field's default (its schema's answer to "absent")
// and the rest of the filter still applies. The API stays strict: a bad value is a 400 naming it.

export type SearchParams = Record<string, string | string[] | undefined>;

export function parseSearchParams<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, params: SearchParams): z.output<z.ZodObject<Shape>> {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const raw = params[key];
    const parsed = field.safeParse(Array.isArray(raw) ? raw[0] : raw);
    if (parsed.success) result[key] = parsed.data;
    else {
      const fallback = field.safeParse(undefined);
      result[key] = fallback.success ? fallback.data : undefined;
    }
  }
  return result as z.output<z.ZodObject<Shape>>;
}

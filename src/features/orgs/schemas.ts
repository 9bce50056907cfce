import { z } from "zod";
import { slugify } from "@/lib/slug";
import { withoutControlCharacters } from "@/lib/text";

// Shared by the organization forms and the server actions.

/** Slugs that would collide with routes under /dashboard. */
export const RESERVED_SLUGS = new Set(["new", "settings", "api", "admin", "login", "register", "unauthorized"]);

export const orgNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(80, "Use at most 80 characters.")
  .refine(...withoutControlCharacters);

export const orgSlugSchema = z
  .string({ error: "Enter a URL name." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes, starting and ending with a letter or digit.")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "This URL name is reserved. Choose another.");

export const createOrgSchema = z.object({ name: orgNameSchema, slug: orgSlugSchema });
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z.object({ name: orgNameSchema, slug: orgSlugSchema });
export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;

export const deleteOrgSchema = z.object({ confirmSlug: z.string({ error: "Type the organization's URL name." }).trim() });

/** "Acme Inc." → "acme-inc": a suggestion the user can edit. */
export function suggestSlug(name: string): string {
  return slugify(name, 48);
}

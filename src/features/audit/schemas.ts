import { z } from "zod";
import { defineListQuery } from "@/lib/list-query";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as a date input sends it (2026-02-30, 2026-13-45 and 0000-00-00 are not). */
export function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Empty means "no bound". */
const day = z
  .string()
  .optional()
  .transform((value) => value || undefined)
  .refine((value) => value === undefined || isCalendarDay(value), "Use a real date like 2026-01-31.");

/**
 * The audit log's one URL parser: `schema` is strict, for the export's query string (a bad value is
 * a 400 naming it); the page parses leniently with `parse` (a bad value is ignored).
 */
export const auditList = defineListQuery({
  /** A user id (members' and former members' ids are cuids). */
  actor: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || /^[\w-]{1,128}$/.test(value), "Choose someone from the list."),
  action: z
    .string()
    .max(64)
    .regex(/^[a-zA-Z.]*$/, "Unknown action.")
    .optional()
    .transform((value) => value || undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export const auditFilterSchema = auditList.schema;
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

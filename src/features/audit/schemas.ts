import { z } from "zod";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.")
  .optional()
  .or(z.literal("").transform(() => undefined));

/** The audit log's filter, from the URL (page) or the export's query string. */
export const auditFilterSchema = z.object({
  actor: z.string().max(64).optional().or(z.literal("").transform(() => undefined)),
  action: z
    .string()
    .max(64)
    .regex(/^[a-zA-Z.]*$/, "Unknown action.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

import { z } from "zod";
import { emailSchema } from "@/features/accounts/schemas";
import { ROLES, type Role } from "@/lib/roles";
import { defineListQuery, type SearchParams } from "@/lib/list-query";
import { searchTextSchema } from "@/lib/text";

// Shared by the members page (URL state), the JSON API, the forms and the server actions.

export const PAGE_SIZES = [10, 25, 50] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const MEMBER_SORTS = ["name", "email", "role", "joined"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** The directory's view: `?page=&size=&sort=&dir=&role=&q=`. */
export interface MemberQuery {
  page: number;
  size: PageSize;
  sort: MemberSort;
  dir: SortDirection;
  role?: Role;
  q?: string;
}

/** Newest members first: the (orgId, createdAt) index serves it directly, at any org size. */
export const DEFAULT_MEMBER_QUERY: MemberQuery = { page: 1, size: 25, sort: "joined", dir: "desc" };
/** Deep enough for 100,000 members at 10 a page, shallow enough to refuse absurd offsets. */
export const MAX_PAGE = 10_000;
export const MAX_SEARCH_LENGTH = 100;

/** The directory's one URL parser: strict `schema` for the API, lenient `parse` for the page, `href` for links. */
export const memberList = defineListQuery({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_MEMBER_QUERY.page),
  size: z.coerce
    .number()
    .refine((size): size is PageSize => (PAGE_SIZES as readonly number[]).includes(size), `Use one of ${PAGE_SIZES.join(", ")}.`)
    .default(DEFAULT_MEMBER_QUERY.size),
  sort: z.enum(MEMBER_SORTS).default(DEFAULT_MEMBER_QUERY.sort),
  dir: z.enum(["asc", "desc"]).default(DEFAULT_MEMBER_QUERY.dir),
  role: z.enum(ROLES).optional(),
  q: searchTextSchema(MAX_SEARCH_LENGTH),
});

/** Strict, for the JSON API: a malformed parameter is a 400, not silently something else. */
export const memberQuerySchema = memberList.schema satisfies z.ZodType<MemberQuery, unknown>;

/** Lenient, for the page: a hand-edited or stale URL shows the closest valid view instead of an error. */
export function memberQueryFromSearchParams(params: SearchParams): MemberQuery {
  return memberList.parse(params);
}

/** Emails are for admins: others can neither see, sort by nor search them (either would leak them). */
export function visibleQuery(query: MemberQuery, withEmails: boolean): MemberQuery {
  return withEmails || query.sort !== "email" ? query : { ...query, sort: DEFAULT_MEMBER_QUERY.sort, dir: DEFAULT_MEMBER_QUERY.dir };
}

// ---------------------------------------------------------------- changes

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });

export const updateRoleSchema = z.object({ role: roleSchema });
export type UpdateRoleInput = z.infer<typeof updateRoleSchema>;

const userIds = z
  .array(z.string().min(1).max(128), { error: "Select members." })
  .min(1, "Select at least one member.")
  .max(100, "Select at most 100 members at a time.")
  .transform((ids) => [...new Set(ids)]);

export const bulkRoleSchema = z.object({ userIds, role: roleSchema });
export type BulkRoleInput = z.infer<typeof bulkRoleSchema>;

export const bulkRemoveSchema = z.object({ userIds });
export type BulkRemoveInput = z.infer<typeof bulkRemoveSchema>;

/** Leaving is explicit: a bare or replayed call with an empty payload changes nothing. */
export const leaveSchema = z.object({ confirm: z.literal(true, { error: "Confirm that you want to leave." }) });

// ---------------------------------------------------------------- invitations

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

/** 32 random bytes, base64url: 43 characters. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid.");

export const acceptInvitationSchema = z.object({ token: invitationTokenSchema });

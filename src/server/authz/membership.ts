import "server-only";
import { cache } from "react";
import type { Role } from "@/lib/roles";
import { db } from "@/server/db";

export interface OrgMembership {
  org: { id: string; slug: string; name: string };
  role: Role;
}

/**
 * The user's membership of an organization, read from the database on every request (never from
 * the session token), so a role change or removal applies at the next request. Cached for the
 * duration of one request: a page and its components share one query.
 */
export const findMembership = cache(async (userId: string, orgSlug: string): Promise<OrgMembership | null> => {
  // Only what a slug can be (a NUL or other junk from a URL must not reach the database).
  if (typeof orgSlug !== "string" || !/^[a-z0-9-]{1,64}$/.test(orgSlug)) return null;
  const membership = await db.membership.findFirst({
    where: { userId, org: { slug: orgSlug } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  return membership;
});

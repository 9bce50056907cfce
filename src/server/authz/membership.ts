import "server-only";
import { cache } from "react";
import { isRole, type Role } from "@/lib/roles";
import { db } from "@/server/db";

export interface OrgMembership {
  org: { id: string; slug: string; name: string };
  role: Role;
}

/**
 * Every organization the user belongs to, with the role in each, by name: read from the database
 * on every request (never from the session token), so a role change or removal applies at the
 * next request. One joined query, cached for the request: the guard's membership check and the
 * shell's org switcher share it. (Prisma would fetch the organizations in a second query.)
 */
export const userMemberships = cache(async (userId: string): Promise<OrgMembership[]> => {
  const rows = await db.$queryRaw<{ id: string; slug: string; name: string; role: unknown }[]>`
    SELECT o."id", o."slug", o."name", m."role"
    FROM "Membership" m JOIN "Organization" o ON o."id" = m."orgId"
    WHERE m."userId" = ${userId}
    ORDER BY o."name", o."id"`;
  // PostgreSQL returns the enum as text; a value that is not a role grants nothing.
  return rows.flatMap(({ id, slug, name, role }) => (isRole(String(role)) ? [{ org: { id, slug, name }, role: String(role) as Role }] : []));
});

/** The user's membership of one organization, or null (also for anything that is not a slug). */
export async function findMembership(userId: string, orgSlug: string): Promise<OrgMembership | null> {
  // Only what a slug can be: junk from a URL (a NUL, a path) never needs a lookup.
  if (typeof orgSlug !== "string" || !/^[a-z0-9-]{1,64}$/.test(orgSlug)) return null;
  return (await userMemberships(userId)).find((membership) => membership.org.slug === orgSlug) ?? null;
}

/**
 * The user's role in an organization as the database has it now, bypassing the request's cached
 * memberships: for work that outlasts its first check (a long export re-checks as it goes).
 */
export async function currentRole(userId: string, orgId: string): Promise<Role | null> {
  const membership = await db.membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: { role: true } });
  return membership && isRole(membership.role) ? membership.role : null;
}

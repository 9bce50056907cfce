import "server-only";
import type { Role } from "@/lib/roles";
import { userMemberships } from "@/server/authz/membership";
import { isUniqueViolation } from "@/server/authz/errors";
import { db, type Tx } from "@/server/db";
import { ttlCache } from "@/server/ttl-cache";

export type { Role };

export interface OrganizationMembership {
  slug: string;
  name: string;
  role: Role;
}

/** The organizations a user belongs to, with their role in each, by name (shares the guard's per-request query). */
export async function listUserOrganizations(userId: string): Promise<OrganizationMembership[]> {
  return (await userMemberships(userId)).map(({ org, role }) => ({ slug: org.slug, name: org.name, role }));
}

export async function isSlugTaken(tx: Tx, slug: string, exceptOrgId?: string): Promise<boolean> {
  const existing = await tx.organization.findUnique({ where: { slug }, select: { id: true } });
  return existing !== null && existing.id !== exceptOrgId;
}

/**
 * Null when the slug is taken: the unique index decides between concurrent creations (or renames)
 * that both passed isSlugTaken. On PostgreSQL the loser's transaction is aborted: the caller refuses.
 */
async function unlessSlugTaken<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function createOrganizationWithAdmin(tx: Tx, input: { name: string; slug: string; userId: string }) {
  return unlessSlugTaken(
    tx.organization.create({
      data: { name: input.name, slug: input.slug, memberships: { create: { userId: input.userId, role: "admin" } } },
      select: { id: true, slug: true, name: true },
    }),
  );
}

export async function updateOrganization(tx: Tx, orgId: string, input: { name: string; slug: string }) {
  return unlessSlugTaken(tx.organization.update({ where: { id: orgId }, data: input, select: { id: true, slug: true, name: true } }));
}

export async function deleteOrganization(tx: Tx, orgId: string): Promise<void> {
  await tx.organization.delete({ where: { id: orgId } });
}

export interface OrgOverview {
  membersByRole: Record<Role, number>;
  posts: { published: number; draft: number };
  pendingInvitations: number;
}

/**
 * Counts for the overview cards: three grouped, indexed queries, whose cost grows with the org
 * (about 200 ms at 100k members and 200k posts on SQLite). Cached per org for a few seconds: the
 * overview tolerates counts that are seconds old, and busy orgs stop paying for them per request.
 */
export const orgOverview = ttlCache(5_000, loadOrgOverview);

async function loadOrgOverview(orgId: string): Promise<OrgOverview> {
  const [roles, statuses, pendingInvitations] = await Promise.all([
    db.membership.groupBy({ by: ["role"], where: { orgId }, _count: { _all: true } }),
    db.post.groupBy({ by: ["status"], where: { orgId }, _count: { _all: true } }),
    db.invitation.count({ where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  const membersByRole: Record<Role, number> = { admin: 0, editor: 0, viewer: 0 };
  for (const row of roles) membersByRole[row.role] = row._count._all;
  const posts = { published: 0, draft: 0 };
  for (const row of statuses) posts[row.status] = row._count._all;
  return { membersByRole, posts, pendingInvitations };
}

export const ACTIVITY_WEEKS = 12;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface WeeklyCount {
  /** First day of the week (UTC). */
  weekStart: Date;
  count: number;
}

export interface OrgActivity {
  postsPublished: WeeklyCount[];
  membersJoined: WeeklyCount[];
}

/** The last ACTIVITY_WEEKS weeks, oldest first, the last one ending at the next UTC midnight (so labels stay put all day). */
export function activityWeeks(now = new Date()): { start: Date; end: Date }[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Array.from({ length: ACTIVITY_WEEKS }, (_, index) => {
    const weeksBack = ACTIVITY_WEEKS - index;
    return { start: new Date(end - weeksBack * WEEK_MS), end: new Date(end - (weeksBack - 1) * WEEK_MS) };
  });
}

/**
 * Weekly counts for the overview's charts: one indexed range count per week and series
 * ([orgId, status, publishedAt] and [orgId, createdAt]), sent as one batch, so the cost is the
 * same whatever the org's size or history. Cached a minute per org: a week's bar does not need
 * to move by the second.
 */
export const orgActivity = ttlCache(60_000, loadOrgActivity);

async function loadOrgActivity(orgId: string): Promise<OrgActivity> {
  const weeks = activityWeeks();
  const counts = await db.$transaction([
    ...weeks.map(({ start, end }) => db.post.count({ where: { orgId, status: "published", publishedAt: { gte: start, lt: end } } })),
    ...weeks.map(({ start, end }) => db.membership.count({ where: { orgId, createdAt: { gte: start, lt: end } } })),
  ]);
  const series = (offset: number) => weeks.map(({ start }, index) => ({ weekStart: start, count: counts[offset + index]! }));
  return { postsPublished: series(0), membersJoined: series(weeks.length) };
}

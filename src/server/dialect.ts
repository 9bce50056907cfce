import "server-only";
import { provider, type Tx } from "@/server/db";

// The few places where SQLite and PostgreSQL differ, in one file. Everything else is Prisma's.

/**
 * A case-insensitive "contains" filter. SQLite's LIKE already ignores case (for ASCII);
 * PostgreSQL's needs it asked for (ILIKE). The shared client type is SQLite's, which has no `mode`.
 */
export function containsIgnoringCase(text: string): { contains: string } {
  return (provider === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}

// Row locks held to the end of the transaction. SQLite needs none: it runs one write transaction
// at a time. FOR NO KEY UPDATE does not block the key-share locks of inserts that reference the
// row (posts, memberships, audit events under an org; accounts under a user). Rows are locked in
// id order, so two transactions over the same rows queue instead of deadlocking.

/** The organizations' rows (the admin lock, src/server/authz/admins.ts). */
export async function lockOrganizations(tx: Tx, orgIds: string[]): Promise<void> {
  if (provider !== "postgresql") return;
  for (const orgId of [...new Set(orgIds)].sort()) {
    await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${orgId} FOR NO KEY UPDATE`;
  }
}

/** The user's row (the sign-in methods lock). */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  if (provider === "postgresql") await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR NO KEY UPDATE`;
}

/** The org's posts among `ids`, for a bulk change (FOR UPDATE: the change may rewrite them whole). */
export async function lockPosts(tx: Tx, orgId: string, ids: string[]): Promise<void> {
  if (provider !== "postgresql" || ids.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "Post" WHERE "orgId" = ${orgId} AND "id" = ANY(${ids}) ORDER BY "id" FOR UPDATE`;
}

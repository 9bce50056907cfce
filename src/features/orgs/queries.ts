import "server-only";
import { db } from "@/server/db";

export type Role = "admin" | "editor" | "viewer";

export interface OrganizationMembership {
  slug: string;
  name: string;
  role: Role;
}

/** The organizations a user belongs to, with their role in each, by name. */
export async function listUserOrganizations(userId: string): Promise<OrganizationMembership[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, org: { select: { slug: true, name: true } } },
    orderBy: { org: { name: "asc" } },
  });
  return rows.map((row) => ({ slug: row.org.slug, name: row.org.name, role: row.role }));
}

// Test data built through the app's own tables: organizations with members of each role.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/roles";
import { db } from "@/server/db";
import type { SessionUser } from "@/server/session";

export async function createUser(name = "Test User"): Promise<SessionUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomUUID().slice(0, 8)}@example.test`;
  const user = await db.user.create({ data: { name, email }, select: { id: true, name: true, email: true, image: true } });
  return user;
}

export interface TestOrg {
  id: string;
  slug: string;
  admin: SessionUser;
  editor: SessionUser;
  viewer: SessionUser;
}

/** A fresh organization with one admin, one editor and one viewer. */
export async function createOrg(label = "org"): Promise<TestOrg> {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const org = await db.organization.create({ data: { name: `Org ${slug}`, slug }, select: { id: true, slug: true } });
  const members = {} as Record<Role, SessionUser>;
  for (const role of ["admin", "editor", "viewer"] as const) {
    members[role] = await createUser(`${label} ${role}`);
    await db.membership.create({ data: { orgId: org.id, userId: members[role].id, role } });
  }
  return { ...org, ...members };
}

export async function addMember(orgId: string, role: Role, name = `extra ${role}`): Promise<SessionUser> {
  const user = await createUser(name);
  await db.membership.create({ data: { orgId, userId: user.id, role } });
  return user;
}

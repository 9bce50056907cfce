import "server-only";
import { db } from "@/server/db";

// Account reads and writes. Returns only what callers need: the password hash leaves this module
// only inside the credentials check.

export async function findPasswordIdentity(email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true },
  });
}

export type CreatedUser = { id: string; email: string };

/** Creates a password user; null when the email is taken (the caller must not reveal which). */
export async function createPasswordUser(input: { name: string; email: string; passwordHash: string }): Promise<CreatedUser | null> {
  try {
    const user = await db.user.create({
      data: { name: input.name, email: input.email, passwordHash: input.passwordHash },
      select: { id: true, email: true },
    });
    return { id: user.id, email: user.email! };
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

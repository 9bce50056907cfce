// Integration tests call server actions and route handlers directly. Outside a Next.js request
// there is no cookie to read and no cache to revalidate, so this file (a vitest setup file of the
// sqlite and postgresql projects) replaces exactly those edges: who is signed in (set with
// `actAs`), the request headers, and revalidation. Membership, roles, ownership, validation and the
// database are all real.
import { vi } from "vitest";
import type { SessionUser } from "@/server/session";

type TestGlobals = typeof globalThis & { __orgdeskTestUser?: SessionUser | null };
const globals = globalThis as TestGlobals;

/** Signs a user in for the following calls (null: anonymous). */
export function actAs(user: SessionUser | null): void {
  globals.__orgdeskTestUser = user;
}

vi.mock("@/server/session", () => {
  const user = () => (globalThis as TestGlobals).__orgdeskTestUser ?? null;
  return {
    currentUser: async () => user(),
    pageUser: async () => user(),
    currentSession: async () => (user() ? { user: user(), expires: new Date(Date.now() + 3_600_000).toISOString() } : null),
    requireUser: async () => {
      const current = user();
      if (!current) throw new Error("NEXT_REDIRECT: /login");
      return current;
    },
  };
});

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }),
  // A request without cookies; what the code sets (e.g. the known-device cookie at sign-in) is dropped.
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), updateTag: vi.fn() }));

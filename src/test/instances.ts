// Two app instances in one test process, as far as the database can tell. A test file routes the
// data-access layer's client through `routedDb` (see the vi.mock below), then runs a call "on the
// other instance" with `onInstance(other, call)`: every query of that call, its transactions
// included, goes through a second Prisma client with its own connection pool, exactly as a second
// `next start` would. Each call also carries its own signed-in user (`as(user, call)`).
//
//   vi.mock("@/server/db", async (importOriginal) => (await import("@/test/instances")).routedDbModule(await importOriginal()));
//   vi.mock("@/server/session", async () => (await import("@/test/instances")).sessionModule());
//
// On SQLite the "other instance" is the same client: SQLite serves one app process (a second
// connection's busy wait would block this process's event loop, not model a second server).
import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "@/server/db";
import type { SessionUser } from "@/server/session";

type DbModule = typeof import("@/server/db");

const instance = new AsyncLocalStorage<Db>();
const actor = new AsyncLocalStorage<SessionUser>();
let primaryDb: Db | undefined;

/** The db module with `db` replaced by a client that forwards to the current call's instance. */
export function routedDbModule(actual: DbModule): DbModule {
  primaryDb = actual.db;
  const routed = new Proxy(actual.db, {
    get(primary, property) {
      const current = instance.getStore() ?? primary;
      const value = Reflect.get(current, property, current) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  return { ...actual, db: routed };
}

/** A session module whose user is the current call's (`as`), or else the one set with actAs. */
export function sessionModule() {
  const user = () => actor.getStore() ?? (globalThis as { __orgdeskTestUser?: SessionUser | null }).__orgdeskTestUser ?? null;
  return {
    currentUser: async () => user(),
    currentSession: async () => (user() ? { user: user(), expires: new Date(Date.now() + 3_600_000).toISOString() } : null),
    requireUser: async () => user() ?? Promise.reject(new Error("NEXT_REDIRECT: /login")),
  };
}

/** A second instance's client (PostgreSQL: its own pool); `closeInstance` it after the tests. */
export async function otherInstance(): Promise<Db> {
  const { createDb, provider } = await import("@/server/db");
  if (!primaryDb) throw new Error("Route @/server/db through routedDbModule first (see the top of src/test/instances.ts).");
  return provider === "postgresql" ? createDb(process.env.DATABASE_URL!) : primaryDb;
}

export async function closeInstance(client: Db): Promise<void> {
  if (client !== primaryDb) await client.$disconnect();
}

export const onInstance = <T>(client: Db, call: () => Promise<T>): Promise<T> => instance.run(client, call);
export const as = <T>(user: SessionUser, call: () => Promise<T>): Promise<T> => actor.run(user, call);

/**
 * Makes a race certain instead of likely: `hold` runs in a transaction on the primary instance and
 * takes locks; the calls start while they are held, and run until they block on them; then the
 * transaction ends and they go on together. On SQLite the open transaction alone holds every other
 * write transaction back.
 */
export async function raceWhileHolding<T>(
  hold: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => Promise<unknown>,
  calls: (() => Promise<T>)[],
): Promise<T[]> {
  const { db } = await import("@/server/db");
  let release!: () => void;
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  const blocker = db.$transaction(
    async (tx) => {
      await hold(tx);
      held();
      await new Promise<void>((resolve) => (release = resolve));
    },
    { timeout: 20_000 },
  );
  await holding;
  const results = Promise.all(calls.map((call) => call()));
  await new Promise((resolve) => setTimeout(resolve, 500)); // every call has reached the held locks
  release();
  await blocker;
  return results;
}

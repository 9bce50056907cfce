import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, type Prisma } from "@/generated/prisma/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/prisma/postgresql/client";
import { databaseProvider, sqliteFilePath, type DatabaseProvider } from "./database-url";
import { env } from "./env";

// The data-access layer's one Prisma client. Only src/server and the feature query/action modules
// import it (enforced by lint); everything else goes through those functions.
//
// Both generated clients come from the same models (prisma/models.prisma), so their model APIs
// match; the SQLite client's type stands for both.
export type Db = SqliteClient;
/**
 * The client inside db.$transaction(async (tx) => ...). One convention for the data layer: a
 * function that must run in the caller's transaction (a write, a lock) takes `tx: Tx` first; a read
 * that may run in one or on its own takes `tx: Tx = db` last. No twins (`find…` and `find…Tx`).
 */
export type Tx = Prisma.TransactionClient;
export type JsonValue = Prisma.InputJsonValue;
export type { DatabaseProvider };

// A process may install one Prisma client extension before the app loads: the bench counts queries
// with it (src/bench/query-counter.mjs, loaded with node --import). Nothing installs one otherwise,
// and the client is then the plain one.
const INSTALLED_EXTENSION = Symbol.for("orgdesk.db.extension");

function withInstalledExtension(client: Db): Db {
  const extend = (globalThis as Record<symbol, unknown>)[INSTALLED_EXTENSION];
  return typeof extend === "function" ? (extend(client) as Db) : client;
}

export function createDb(url: string): Db {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // busy timeout: wait for a concurrent writer instead of failing with SQLITE_BUSY.
    return withInstalledExtension(new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 5_000 }) }));
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: env.DATABASE_POOL_SIZE,
    // Fail fast while the database is unreachable rather than queueing requests for ever.
    connectionTimeoutMillis: 3_000,
  });
  return withInstalledExtension(new PostgresClient({ adapter }) as unknown as Db);
}

const globalForDb = globalThis as typeof globalThis & { orgdeskDb?: Db };

/** The process-wide client (reused across hot reloads in development). */
export const db: Db = (globalForDb.orgdeskDb ??= createDb(env.DATABASE_URL));

export const provider: DatabaseProvider = databaseProvider(env.DATABASE_URL);

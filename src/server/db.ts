import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, type Prisma } from "@/generated/prisma/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/prisma/postgresql/client";
import { databaseProvider, databaseUrl, sqliteFilePath, type DatabaseProvider } from "./database-url";

// The data-access layer's one Prisma client. Only src/server and the feature query/action modules
// import it (enforced by lint); everything else goes through those functions.
//
// Both generated clients come from the same models (prisma/models.prisma), so their model APIs
// match; the SQLite client's type stands for both.
export type Db = SqliteClient;
/** The client inside db.$transaction(async (tx) => ...). */
export type Tx = Prisma.TransactionClient;
export type JsonValue = Prisma.InputJsonValue;
export type { DatabaseProvider };

export function createDb(url: string): Db {
  if (databaseProvider(url) === "sqlite") {
    const file = sqliteFilePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // busy timeout: wait for a concurrent writer instead of failing with SQLITE_BUSY.
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 5_000 }) });
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // Fail fast while the database is unreachable rather than queueing requests for ever.
    connectionTimeoutMillis: 3_000,
  });
  return new PostgresClient({ adapter }) as unknown as Db;
}

const globalForDb = globalThis as typeof globalThis & { orgdeskDb?: Db };

/** The process-wide client (reused across hot reloads in development). */
export const db: Db = (globalForDb.orgdeskDb ??= createDb(databaseUrl()));

export const provider: DatabaseProvider = databaseProvider(databaseUrl());

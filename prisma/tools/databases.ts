// The databases the migration tool talks to, from a DATABASE_URL-style URL: driver adapters for the
// schema engine (better-sqlite3 for file: URLs, node-postgres for postgres:// URLs) and the few
// things done outside the engine (creating databases, SQLite's journal mode).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseProvider, sqliteFilePath, type DatabaseProvider } from "../../src/server/database-url";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface RowDescription {
  fields: { dataTypeID: number }[];
}

/**
 * @prisma/adapter-pg 7.10 has no mapping for PostgreSQL's internal "char" type (OID 18), which the
 * engine's catalog queries return (pg_class.relkind...): "Column type 'char' could not be
 * deserialized from the database". Describe such columns as text before the adapter sees them;
 * pg parses both as plain strings.
 */
class CharAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.connection.prependListener("rowDescription", (message: RowDescription) => {
      for (const field of message.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    });
  }
}

/** Driver adapters for the schema engine. */
export function adapterFactory(url: string): SqlDriverAdapterFactory {
  if (databaseProvider(url) === "sqlite") {
    // Wait for a running app's write to finish rather than failing with SQLITE_BUSY.
    return new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 5_000 });
  }
  return new WholeScriptPg({ connectionString: url, Client: CharAsTextClient });
}

/**
 * @prisma/adapter-pg 7.10 runs a migration script by splitting it on every ";", which breaks
 * dollar-quoted function bodies (triggers) and runs the statements one by one, so a failure halfway
 * leaves half a migration applied. Send the script whole instead, as the Prisma CLI does: one
 * simple-protocol query, which PostgreSQL runs as one implicit transaction (all or nothing).
 */
class WholeScriptPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    // The adapter's pool and its error mapping (to DriverAdapterError, which the engine reports).
    const internals = adapter as unknown as { client: pg.Pool; onError(error: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (error) {
        internals.onError(error);
      }
    };
    return adapter;
  }
}

/** Whether the database exists, without creating it (opening a SQLite file would). */
export async function databaseExists(url: string): Promise<boolean> {
  if (databaseProvider(url) === "sqlite") return existsSync(sqliteFilePath(url));
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return false; // invalid_catalog_name
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the database if missing: the SQLite file's folder, or the PostgreSQL database. */
export async function ensureDatabase(url: string): Promise<void> {
  if (databaseProvider(url) === "sqlite") {
    mkdirSync(path.dirname(path.resolve(sqliteFilePath(url))), { recursive: true });
    return; // better-sqlite3 creates the file itself
  }
  if (await databaseExists(url)) return;
  await createPostgresDatabase(withDatabaseName(url, "postgres"), postgresDatabaseName(url));
}

/**
 * Write-ahead logging lets the app's readers work while a request writes. The mode is stored in
 * the database file, so setting it once after migrating is enough.
 */
export function enableWriteAheadLog(url: string): void {
  const db = new Database(sqliteFilePath(url));
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * Runs `work` on an empty database that is deleted afterwards: an in-memory SQLite database, or a
 * new database on the PostgreSQL server of `postgresServerUrl` (whose own database is only used to
 * create and drop it).
 */
export async function withThrowawayDatabase<T>(provider: DatabaseProvider, postgresServerUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  if (provider === "sqlite") {
    // A file, not :memory:, so that the tool can read its catalog too (see sqliteTriggers).
    const dir = mkdtempSync(path.join(os.tmpdir(), "orgdesk-migrate-"));
    try {
      return await work(`file:${path.join(dir, "shadow.db")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `orgdesk_migrate_tmp_${randomBytes(6).toString("hex")}`;
  await createPostgresDatabase(postgresServerUrl, name);
  try {
    return await work(withDatabaseName(postgresServerUrl, name));
  } finally {
    await runAdminStatement(postgresServerUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  }
}

function createPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  return runAdminStatement(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
}

async function runAdminStatement(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

function postgresDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error("The PostgreSQL URL names no database (postgres://user@host:5432/<database>).");
  return name;
}

function withDatabaseName(url: string, name: string): string {
  const result = new URL(url);
  result.pathname = `/${encodeURIComponent(name)}`;
  return result.toString();
}

/** Where the URL points, for messages: no credentials. */
export function describeDatabase(url: string): string {
  if (databaseProvider(url) === "sqlite") return `SQLite database ${sqliteFilePath(url)}`;
  const { hostname, port, pathname } = new URL(url);
  return `PostgreSQL database ${decodeURIComponent(pathname.slice(1))} on ${hostname}:${port || 5432}`;
}

export interface SqliteTrigger {
  name: string;
  /** The table it fires on. */
  table: string;
  sql: string;
}

/** The triggers of a SQLite database, as created. */
export function sqliteTriggers(url: string): SqliteTrigger[] {
  const db = new Database(sqliteFilePath(url), { readonly: true });
  try {
    return db.prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as SqliteTrigger[];
  } finally {
    db.close();
  }
}

// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a
// driver adapter. It stands in for the native schema-engine binary, which the Prisma CLI downloads
// from Prisma's own host and which this project cannot rely on (only the npm registry is reachable).
//
// The Prisma internals prisma/tools relies on (none is a public, documented API; check each when
// Prisma is upgraded, together with `npm run db:migrate` and prisma/tools/migrate.test.ts):
// - @prisma/schema-engine-wasm (pinned to the engine build of the Prisma release in package.json):
//   the wasm-bindgen glue `schema_engine_bg` (its `__wbg_set_wasm` and `__wbindgen_start` exports,
//   and the `./schema_engine_bg.js` import namespace the .wasm file expects), the file
//   `schema_engine_bg.wasm` beside it, and `SchemaEngine.new(...)`, `applyMigrations`, `diff` and
//   `free` with the request shapes MigrationList, SchemaContainer and SchemaFilter (this file,
//   migrate.ts);
// - @prisma/driver-adapter-utils: `bindMigrationAwareSqlAdapterFactory`, its `errorRegistry` and
//   the "External error id#N" message it stands for (this file), `isDriverAdapterError` and the
//   "TableDoesNotExist" error kind (migration-history.ts);
// - the _prisma_migrations table's columns (migration_name, checksum, started_at, finished_at,
//   rolled_back_at) and the checksum rule of schema-engine/connectors/schema-connector/src/checksum.rs
//   (migration-history.ts, migrate.ts);
// - the migrations folder layout, migration_lock.toml included (this file, migrate.ts);
// - the CLI: `prisma/build/index.js generate` skipping the engine download when
//   PRISMA_SCHEMA_ENGINE_BINARY names any existing file (generate.mjs).
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as wasmGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaContainer, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory, type ErrorRegistry, type SqlDriverAdapter, type SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type { MigrationList, SchemaContainer } from "@prisma/schema-engine-wasm/schema_engine_bg";
export type SchemaEngine = wasmGlue.SchemaEngine;

/** No externally managed tables or enums (prisma.config.ts declares none). */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

let wasmLoaded: Promise<void> | undefined;

// Node cannot import a .wasm file as a module: instantiate it by hand and hand it to the JS glue.
function loadWasm(): Promise<void> {
  wasmLoaded ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": wasmGlue });
    wasmGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmLoaded;
}

/**
 * Runs `work` with an engine connected through `adapters`, then frees the engine and closes every
 * connection it opened (the engine does not close them itself).
 *
 * The engine gets no shadow database: its Wasm build cannot obtain one for `createMigration` or a
 * diff from migrations. migrate.ts replays migrations on its own throwaway database instead, which
 * also avoids the engine's shadow-database replay (whole scripts through executeRaw, which
 * better-sqlite3 rejects) and adapter-pg's shadow-database handling (drops the database while its
 * pool is still open).
 */
export async function withSchemaEngine<T>(
  adapters: SqlDriverAdapterFactory,
  schema: SchemaContainer[],
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const connections: SqlDriverAdapter[] = [];
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: adapters.provider,
    adapterName: adapters.adapterName,
    connect: async () => {
      const connection = await adapters.connect();
      connections.push(connection);
      return connection;
    },
    connectToShadowDb: () => Promise.reject(new Error("prisma/tools does not give the schema engine a shadow database.")),
  });
  let engine: SchemaEngine | undefined;
  try {
    engine = await wasmGlue.SchemaEngine.new({ datamodels: schema.map((file) => [file.path, file.content]) }, engineLog, factory);
    return await work(engine);
  } catch (error) {
    throw withAdapterErrors(error, factory.errorRegistry);
  } finally {
    engine?.free();
    await Promise.all(connections.map((connection) => connection.dispose()));
  }
}

// The engine logs JSON lines; show them only when debugging (DEBUG=1 npm run db:migrate).
function engineLog(line: string): void {
  if (process.env.DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
}

/**
 * Driver errors reach the engine as "External error id#N"; the original error (a locked SQLite file,
 * a refused PostgreSQL connection...) waits in the adapter's registry. Put it into the message.
 */
function withAdapterErrors(error: unknown, registry: ErrorRegistry): unknown {
  if (!(error instanceof Error)) return error;
  const causes = [...error.message.matchAll(/External error id#(\d+)/g)]
    .map((match) => registry.consumeError(Number(match[1]))?.error)
    .filter((cause) => cause !== undefined)
    .map((cause) => (cause instanceof Error ? cause.message : JSON.stringify(cause)));
  if (causes.length > 0) error.message += `\nCaused by: ${causes.join("\n")}`;
  return error;
}

/** The .prisma files of a schema folder (symlinks included: the shared models are one). */
export async function readSchemaFolder(folder: string): Promise<SchemaContainer[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".prisma")).sort();
  return Promise.all(names.map(async (name) => ({ path: path.join(folder, name), content: await readFile(path.join(folder, name), "utf8") })));
}

export const LOCKFILE_NAME = "migration_lock.toml";

/** A migrations folder in the shape the engine expects: what the Prisma CLI sends it. */
export async function readMigrationsFolder(folder: string): Promise<MigrationList> {
  const lockfile = await readFile(path.join(folder, LOCKFILE_NAME), "utf8").catch(() => null);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: folder,
    lockfile: { path: LOCKFILE_NAME, content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          // A missing or unreadable file is reported by the engine, naming the migration.
          content: await readFile(path.join(folder, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** The content Prisma writes to migration_lock.toml. */
export function lockfileContent(provider: string): string {
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

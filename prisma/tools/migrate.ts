// Prisma Migrate for this project, run through the WebAssembly schema engine (schema-engine.ts)
// because Prisma's native engine cannot be downloaded here. The models live in prisma/models.prisma;
// each provider has a folder (schema.prisma + a models.prisma symlink) with its own migrations, kept in
// step: `new` writes a migration with the same folder name for each provider. The migrations and the
// _prisma_migrations table are Prisma's own, so the Prisma CLI stays usable wherever it can run.
//
//   npm run db:migrate                  apply pending migrations to DATABASE_URL (prisma migrate deploy)
//   npm run db:migrate:new -- <name>    write a migration for the changes in models.prisma
//   npm run db:migrate:status           list applied and pending migrations of DATABASE_URL
//
// Tests and the test harness import the functions below and call them in-process.
import { realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { databaseProvider, databaseUrl, type DatabaseProvider } from "../../src/server/database-url";
import {
  adapterFactory,
  databaseExists,
  describeDatabase,
  enableWriteAheadLog,
  ensureDatabase,
  sqliteTriggers,
  withThrowawayDatabase,
  type SqliteTrigger,
} from "./databases";
import { matchesChecksum, readMigrationRecords, type MigrationRecord } from "./migration-history";
import {
  LOCKFILE_NAME,
  NO_FILTER,
  lockfileContent,
  readMigrationsFolder,
  readSchemaFolder,
  withSchemaEngine,
  type MigrationList,
  type SchemaContainer,
} from "./schema-engine";

export const PROVIDERS: readonly DatabaseProvider[] = ["sqlite", "postgresql"];
const PRISMA_DIR = path.resolve(import.meta.dirname, "..");
const DEFAULT_POSTGRES_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const MIGRATION_NAME = /^[a-z0-9_]+$/;

export interface FolderOptions {
  /** The folder holding models.prisma and one folder per provider. Default: this project's prisma/. */
  prismaDir?: string;
}

interface ProviderFolder {
  schemaDir: string;
  schema: SchemaContainer[];
  migrations: MigrationList;
}

async function readProviderFolder(provider: DatabaseProvider, prismaDir = PRISMA_DIR): Promise<ProviderFolder> {
  const schemaDir = path.join(prismaDir, provider);
  return {
    schemaDir,
    schema: await readSchemaFolder(schemaDir),
    migrations: await readMigrationsFolder(path.join(schemaDir, "migrations")),
  };
}

// ------------------------------------------------------------------------------------------ deploy

export interface DeployResult {
  /** Folder names of the migrations just applied, in order. */
  applied: string[];
}

/**
 * `prisma migrate deploy`: creates the database if needed, then applies the pending migrations in
 * order, each recorded in _prisma_migrations. Refuses to run if an applied migration was edited.
 */
export async function applyMigrations(url: string, options: FolderOptions = {}): Promise<DeployResult> {
  const provider = databaseProvider(url);
  const { schema, migrations } = await readProviderFolder(provider, options.prismaDir);
  await ensureDatabase(url);
  refuseEditedMigrations(await readMigrationRecords(url), migrations);
  const { appliedMigrationNames } = await withSchemaEngine(adapterFactory(url), schema, (engine) =>
    engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTER }),
  );
  if (provider === "sqlite") enableWriteAheadLog(url);
  return { applied: appliedMigrationNames };
}

/**
 * The engine skips every migration recorded in _prisma_migrations without reading its file again,
 * so an edit to an applied migration would silently split this database from fresh ones.
 */
function refuseEditedMigrations(records: MigrationRecord[], migrations: MigrationList): void {
  const scripts = migrationScripts(migrations);
  const edited = records.filter((record) => isEdited(record, scripts)).map((record) => record.name);
  if (edited.length === 0) return;
  const files = edited.map((name) => path.relative(process.cwd(), path.join(migrations.baseDir, name, "migration.sql")));
  throw new Error(
    `Refusing to migrate: applied migration ${edited.join(", ")} was modified after it was applied ` +
      `(its checksum no longer matches _prisma_migrations).\nRestore ${files.join(", ")} and put the change ` +
      "in a new migration (npm run db:migrate:new -- <name>).",
  );
}

function isEdited(record: MigrationRecord, scripts: Map<string, string>): boolean {
  const script = scripts.get(record.name);
  return script !== undefined && !matchesChecksum(script, record.checksum);
}

/** migration.sql of each migration folder, by folder name (unreadable ones left out). */
function migrationScripts(migrations: MigrationList): Map<string, string> {
  const scripts = new Map<string, string>();
  for (const { path: name, migrationFile } of migrations.migrationDirectories) {
    if (migrationFile.content.tag === "ok") scripts.set(name, migrationFile.content.value);
  }
  return scripts;
}

// ------------------------------------------------------------------------------------------ status

/**
 * applied, pending; edited: applied, then its migration.sql changed; failed: started and failed (fix
 * the database by hand first); unknown: recorded in the database, missing from the folder.
 */
export type MigrationState = "applied" | "pending" | "edited" | "failed" | "unknown";

export interface MigrationStatus {
  databaseExists: boolean;
  migrations: { name: string; state: MigrationState }[];
}

/** `prisma migrate status`: the state of each migration in the database of `url`; changes nothing. */
export async function migrationStatus(url: string, options: FolderOptions = {}): Promise<MigrationStatus> {
  const { migrations } = await readProviderFolder(databaseProvider(url), options.prismaDir);
  const exists = await databaseExists(url);
  const records = new Map((exists ? await readMigrationRecords(url) : []).map((record) => [record.name, record]));
  const scripts = migrationScripts(migrations);
  const stateOf = (name: string): MigrationState => {
    const record = records.get(name);
    if (record === undefined) return "pending";
    if (!record.finished) return "failed";
    return isEdited(record, scripts) ? "edited" : "applied";
  };
  const local = migrations.migrationDirectories.map((directory) => directory.path);
  return {
    databaseExists: exists,
    migrations: [
      ...local.map((name) => ({ name, state: stateOf(name) })),
      ...[...records.keys()].filter((name) => !local.includes(name)).map((name) => ({ name, state: "unknown" as const })),
    ],
  };
}

// ------------------------------------------------------------------------------------------ new

export interface CreateOptions extends FolderOptions {
  /** Default: every provider. */
  providers?: readonly DatabaseProvider[];
  /**
   * A PostgreSQL server URL on which to create (and drop) the throwaway database. Default:
   * POSTGRES_SHADOW_URL, else postgres://postgres@127.0.0.1:5432/postgres.
   */
  postgresServerUrl?: string;
}

export interface CreateResult {
  /** The migration's folder name, the same for every provider: YYYYMMDDHHMMSS_name (UTC). */
  name: string;
  /** The migration.sql files written; none when the schema has no changes. */
  files: string[];
  /** Providers whose migrations already match the schema. */
  unchanged: DatabaseProvider[];
}

/**
 * `prisma migrate dev --create-only` for each provider: the SQL that takes a database from the last
 * migration to prisma/models.prisma, written to <provider>/migrations/<timestamp>_<name>/migration.sql.
 * Works on throwaway databases only; the database of DATABASE_URL is never touched.
 */
export async function createMigration(name: string, options: CreateOptions = {}): Promise<CreateResult> {
  if (!MIGRATION_NAME.test(name)) {
    throw new Error(`Invalid migration name "${name}": use lowercase letters, digits and underscores (e.g. add_post_tags).`);
  }
  const prismaDir = options.prismaDir ?? PRISMA_DIR;
  const serverUrl = options.postgresServerUrl ?? process.env.POSTGRES_SHADOW_URL ?? DEFAULT_POSTGRES_SERVER_URL;
  const folderName = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${name}`;

  // Diff every provider before writing anything, so that a failure leaves no half-made migration.
  const changes: { provider: DatabaseProvider; script: string | null }[] = [];
  for (const provider of options.providers ?? PROVIDERS) {
    changes.push({ provider, script: await pendingChanges(provider, prismaDir, serverUrl) });
  }
  const files: string[] = [];
  for (const { provider, script } of changes) {
    if (script !== null) files.push(await writeMigration(path.join(prismaDir, provider, "migrations"), folderName, provider, script));
  }
  return { name: folderName, files, unchanged: changes.filter((change) => change.script === null).map((change) => change.provider) };
}

/**
 * The SQL from the state the migrations build to the schema, or null if they match. The migrations
 * are replayed on an empty throwaway database (the "shadow database" of `prisma migrate dev`),
 * which is then diffed with the schema.
 */
async function pendingChanges(provider: DatabaseProvider, prismaDir: string, serverUrl: string): Promise<string | null> {
  const { schemaDir, schema, migrations } = await readProviderFolder(provider, prismaDir);
  return withThrowawayDatabase(provider, serverUrl, async (url) => {
    const script = await withSchemaEngine(adapterFactory(url), schema, async (engine) => {
      await engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTER });
      const diff = await engine.diff({
        from: { tag: "schemaDatasource", files: schema, configDir: schemaDir }, // the connected database
        to: { tag: "schemaDatamodel", files: schema },
        script: true,
        exitCode: true, // 2 when there are changes, as with `prisma migrate diff --exit-code`
        filters: NO_FILTER,
      });
      return diff.exitCode === 2 ? diff.stdout : null;
    });
    // Read once the engine has let go of the database (it holds a lock while open).
    if (script === null || provider !== "sqlite") return script;
    return keepTriggersOfRebuiltTables(script, sqliteTriggers(url));
  });
}

/**
 * Prisma changes a SQLite table by rebuilding it: create new_X, copy, DROP TABLE X, rename. That
 * loses X's own triggers, and the rename fails outright ("error in trigger …: no such table") when
 * a trigger on another table refers to X (e.g. the User trigger that keeps Membership.sortName).
 * So: drop every trigger on or into a rebuilt table first, and create them again at the end.
 */
export function keepTriggersOfRebuiltTables(script: string, triggers: SqliteTrigger[]): string {
  const rebuilt = [...script.matchAll(/^DROP TABLE "([^"]+)";$/gm)].map((match) => match[1]!);
  const affected = triggers.filter(({ table, sql }) => rebuilt.some((name) => table === name || sql.includes(`"${name}"`)));
  if (affected.length === 0) return script;
  return [
    `-- Triggers on or into rebuilt tables (${rebuilt.join(", ")}): dropped before the rebuild, created again after it.`,
    ...affected.map(({ name }) => `DROP TRIGGER IF EXISTS "${name}";`),
    "",
    script.trimEnd(),
    "",
    ...affected.map(({ sql }) => `${sql};`),
    "",
  ].join("\n");
}

/** Writes the migration (never over an existing one) and the lockfile, as the Prisma CLI does. */
async function writeMigration(migrationsDir: string, folderName: string, provider: DatabaseProvider, script: string): Promise<string> {
  const file = path.join(migrationsDir, folderName, "migration.sql");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, script, { flag: "wx" });
  await writeFile(path.join(migrationsDir, LOCKFILE_NAME), lockfileContent(provider));
  return file;
}

// ------------------------------------------------------------------------------------------ CLI

const USAGE = `Usage: tsx prisma/tools/migrate.ts <command>
  deploy                                       apply pending migrations to DATABASE_URL
  status                                       list applied and pending migrations of DATABASE_URL
  new <name> [--provider sqlite|postgresql]    write a migration for the changes in prisma/models.prisma`;

async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { provider: { type: "string" } } });
  const [command, name, ...extra] = positionals;
  if (extra.length > 0 || (command !== "new" && (name !== undefined || values.provider !== undefined))) {
    throw new Error(USAGE);
  }
  const url = databaseUrl(process.env);
  switch (command) {
    case "deploy": {
      console.log(`${describeDatabase(url)}:`);
      const { applied } = await applyMigrations(url);
      console.log(applied.length > 0 ? applied.map((migration) => `  applied ${migration}`).join("\n") : "No pending migrations.");
      return;
    }
    case "status":
      console.log(`${describeDatabase(url)}:`);
      printStatus(await migrationStatus(url));
      return;
    case "new": {
      if (name === undefined) throw new Error(`Missing migration name.\n${USAGE}`);
      const result = await createMigration(name, { providers: parseProviders(values.provider) });
      for (const file of result.files) console.log(`Created ${path.relative(process.cwd(), file)}`);
      for (const provider of result.unchanged) console.log(`No changes for ${provider}: its migrations match the schema.`);
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

function parseProviders(option: string | undefined): readonly DatabaseProvider[] {
  if (option === undefined) return PROVIDERS;
  const provider = PROVIDERS.find((candidate) => candidate === option);
  if (!provider) throw new Error(`Unknown provider "${option}": use ${PROVIDERS.join(" or ")}.`);
  return [provider];
}

function printStatus({ databaseExists, migrations }: MigrationStatus): void {
  if (!databaseExists) console.log("  (the database does not exist yet)");
  if (migrations.length === 0) console.log("  No migrations.");
  for (const { name, state } of migrations) console.log(`  ${state.padEnd(8)} ${name}`);
  const count = (state: MigrationState) => migrations.filter((migration) => migration.state === state).length;
  if (count("edited") > 0) console.log("npm run db:migrate refuses to run until the edited migrations are restored.");
  else if (count("failed") > 0) console.log("npm run db:migrate refuses to run until the failed migration is resolved.");
  else if (count("pending") > 0) console.log(`${count("pending")} pending: run npm run db:migrate.`);
  else console.log("Database is up to date.");
}

// Run as a script, not when imported. Exit explicitly: the Wasm engine leaves a timer behind.
if (isMainModule()) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(process.env.DEBUG || !(error instanceof Error) ? error : error.message);
      process.exit(1);
    },
  );
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // Node runs the main module from its real path, symlinks resolved.
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

// Integration tests of the migration tool on real databases: a new SQLite file, and a new PostgreSQL
// database on the local server (dropped afterwards). Without a reachable PostgreSQL server its tests
// are skipped with a warning, except in CI (CI=true), where they fail.
import { createHash, randomBytes } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseProvider } from "../../src/server/database-url";
import { applyMigrations, createMigration, migrationStatus } from "./migrate";

const PRISMA_DIR = path.resolve(import.meta.dirname, "..");
const POSTGRES_SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCHEMA_TABLES = ["User", "Account", "Session", "VerificationToken", "Organization", "Membership", "Invitation", "Post", "AuditEvent"];

// An extra model for the schema-change tests.
const PROBE_MODEL = `
model MigrationProbe {
  id    Int    @id @default(autoincrement())
  label String
}
`;

type Row = Record<string, unknown>;

interface TestDatabase {
  /** Names a database that does not exist yet: deploy has to create it. */
  url: string;
  query(sql: string): Promise<Row[]>;
}

interface ProviderUnderTest {
  provider: DatabaseProvider;
  newDatabase(): TestDatabase;
  tables(db: TestDatabase): Promise<string[]>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "orgdesk-migrate-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const sqlite: ProviderUnderTest = {
  provider: "sqlite",
  newDatabase() {
    // In a folder that does not exist yet: deploy creates it.
    const file = path.join(os.tmpdir(), `orgdesk-migrate-test-${randomBytes(6).toString("hex")}`, "test.db");
    cleanups.push(() => rm(path.dirname(file), { recursive: true, force: true }));
    return {
      url: `file:${file}`,
      async query(sql) {
        const db = new Database(file);
        try {
          return db.prepare(sql).all() as Row[];
        } finally {
          db.close();
        }
      },
    };
  },
  async tables(db) {
    const rows = await db.query("SELECT name FROM sqlite_master WHERE type = 'table'");
    return rows.map((row) => String(row.name));
  },
};

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresql: ProviderUnderTest = {
  provider: "postgresql",
  newDatabase() {
    const name = `orgdesk_migrate_test_${randomBytes(6).toString("hex")}`;
    const url = new URL(POSTGRES_SERVER_URL);
    url.pathname = `/${name}`;
    cleanups.push(() => withPostgres(POSTGRES_SERVER_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}));
    return {
      url: url.toString(),
      query: (sql) => withPostgres(url.toString(), async (client) => (await client.query(sql)).rows as Row[]),
    };
  },
  async tables(db) {
    const rows = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    return rows.map((row) => String(row.table_name));
  },
};

/** A copy of prisma/ (models, provider folders, migrations) that a test may change. */
async function copyPrismaFolder(): Promise<string> {
  const dir = await temporaryDirectory();
  for (const entry of ["models.prisma", "sqlite", "postgresql"]) {
    // verbatimSymlinks: each models.prisma symlink keeps pointing at the copy's ../models.prisma.
    await cp(path.join(PRISMA_DIR, entry), path.join(dir, entry), { recursive: true, verbatimSymlinks: true });
  }
  return dir;
}

async function migrationNames(prismaDir: string, provider: DatabaseProvider): Promise<string[]> {
  const entries = await readdir(path.join(prismaDir, provider, "migrations"), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function postgresProblem(): Promise<string | null> {
  try {
    await withPostgres(POSTGRES_SERVER_URL, (client) => client.query("SELECT 1"));
    return null;
  } catch (error) {
    return `PostgreSQL is unreachable at ${POSTGRES_SERVER_URL} (${(error as Error).message})`;
  }
}

const postgresUnavailable = await postgresProblem();

/** describe() for tests that need PostgreSQL: skipped, visibly, when it is unreachable; failed in CI. */
function describeWithPostgres(title: string, body: () => void): void {
  const skip = postgresUnavailable !== null && process.env.CI !== "true";
  if (skip) console.warn(`\n[prisma/tools] "${title}" SKIPPED: ${postgresUnavailable}.\n`);
  describe.skipIf(skip)(skip ? `${title} (SKIPPED: ${postgresUnavailable})` : title, () => {
    beforeAll(() => {
      if (postgresUnavailable) throw new Error(`${postgresUnavailable}; CI requires PostgreSQL.`);
    });
    body();
  });
}

function describeProvider(target: ProviderUnderTest): void {
  const { provider } = target;
  (provider === "postgresql" ? describeWithPostgres : describe)(provider, () => {
    it("migrates a new database to every table of the schema, recording Prisma's checksums", async () => {
      const db = target.newDatabase();
      expect((await migrationStatus(db.url)).databaseExists).toBe(false);

      const { applied } = await applyMigrations(db.url);

      expect(applied).toEqual(await migrationNames(PRISMA_DIR, provider));
      expect(await target.tables(db)).toEqual(expect.arrayContaining([...SCHEMA_TABLES, "_prisma_migrations"]));
      // Prisma records the hex SHA-256 of each migration.sql: what deploy's edit check relies on.
      const records = await db.query('SELECT migration_name, checksum FROM "_prisma_migrations"');
      for (const { migration_name, checksum } of records) {
        const script = await readFile(path.join(PRISMA_DIR, provider, "migrations", String(migration_name), "migration.sql"));
        expect(checksum).toBe(createHash("sha256").update(script).digest("hex"));
      }
      if (provider === "sqlite") expect(await db.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    });

    it("does nothing when the database is up to date", async () => {
      const db = target.newDatabase();
      await applyMigrations(db.url);

      expect(await applyMigrations(db.url)).toEqual({ applied: [] });
      const status = await migrationStatus(db.url);
      expect(status.migrations.every((migration) => migration.state === "applied")).toBe(true);
    });

    it("refuses to migrate, before applying anything, when an applied migration was edited", async () => {
      const prismaDir = await copyPrismaFolder();
      const db = target.newDatabase();
      await applyMigrations(db.url, { prismaDir });
      const [first] = await migrationNames(prismaDir, provider);
      const migrationsDir = path.join(prismaDir, provider, "migrations");
      await appendFile(path.join(migrationsDir, first!, "migration.sql"), '\nCREATE TABLE "Sneaky" ("id" INTEGER);\n');
      await mkdir(path.join(migrationsDir, "29991231000000_later"));
      await writeFile(path.join(migrationsDir, "29991231000000_later", "migration.sql"), 'CREATE TABLE "Later" ("id" INTEGER);\n');

      await expect(applyMigrations(db.url, { prismaDir })).rejects.toThrow(new RegExp(`migration ${first} was modified`));
      expect(await target.tables(db)).not.toContain("Later");
      const { migrations } = await migrationStatus(db.url, { prismaDir });
      expect(migrations[0]).toEqual({ name: first, state: "edited" });
      expect(migrations.slice(1, -1).every((migration) => migration.state === "applied")).toBe(true);
      expect(migrations.at(-1)).toEqual({ name: "29991231000000_later", state: "pending" });
    });

    it("creates no migration when the schema has not changed", async () => {
      const prismaDir = await copyPrismaFolder();
      const before = await migrationNames(prismaDir, provider);

      const result = await createMigration("nothing", { prismaDir, providers: [provider], postgresServerUrl: POSTGRES_SERVER_URL });

      expect(result.files).toEqual([]);
      expect(result.unchanged).toEqual([provider]);
      expect(await migrationNames(prismaDir, provider)).toEqual(before);
    });

    it("creates a migration for a schema change, which then applies", async () => {
      const prismaDir = await copyPrismaFolder();
      await appendFile(path.join(prismaDir, "models.prisma"), PROBE_MODEL);
      const options = { prismaDir, providers: [provider], postgresServerUrl: POSTGRES_SERVER_URL };

      const result = await createMigration("add_probe", options);

      expect(result.name).toMatch(/^\d{14}_add_probe$/);
      expect(result.files).toEqual([path.join(prismaDir, provider, "migrations", result.name, "migration.sql")]);
      expect(await readFile(result.files[0]!, "utf8")).toContain('CREATE TABLE "MigrationProbe"');
      const db = target.newDatabase();
      expect((await applyMigrations(db.url, { prismaDir })).applied).toContain(result.name);
      expect(await target.tables(db)).toContain("MigrationProbe");
      // The new migration is part of the history now: nothing left to create.
      expect((await createMigration("again", options)).files).toEqual([]);
    });
  });
}

describeProvider(sqlite);
describeProvider(postgresql);

describe("sqlite table rebuilds", () => {
  it("keep the triggers on and into the rebuilt table (Membership.sortName keeps following User.name)", async () => {
    const prismaDir = await copyPrismaFolder();
    // A column that SQLite can only add by rebuilding the table (the index change forces it).
    const models = await readFile(path.join(prismaDir, "models.prisma"), "utf8");
    const changed = models
      .replace('  sortName  String   @default("")\n', '  sortName  String   @default("")\n  probe     Int      @default(0)\n')
      .replace("  @@index([orgId, createdAt, id])\n}", "  @@index([orgId, createdAt, id])\n  @@index([orgId, probe])\n}");
    expect(changed).not.toBe(models);
    await writeFile(path.join(prismaDir, "models.prisma"), changed);

    const result = await createMigration("rebuild_membership", { prismaDir, providers: ["sqlite"] });
    const script = await readFile(result.files[0]!, "utf8");
    expect(script).toContain('DROP TABLE "Membership";');
    expect(script).toMatch(/DROP TRIGGER IF EXISTS "User_name_to_Membership_sortName";[\s\S]*CREATE TRIGGER "User_name_to_Membership_sortName"/);

    const db = sqlite.newDatabase();
    expect((await applyMigrations(db.url, { prismaDir })).applied).toContain(result.name);
    const triggers = await db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    expect(triggers.map((row) => row.name)).toEqual(["Membership_sortName_on_insert", "User_name_to_Membership_sortName"]);
    await db.query(`INSERT INTO "User" ("id", "name", "email", "updatedAt") VALUES ('u1', 'Ada Lovelace', 'ada@example.test', 0) RETURNING "id"`);
    await db.query(`INSERT INTO "Organization" ("id", "name", "slug") VALUES ('o1', 'Org', 'org') RETURNING "id"`);
    await db.query(`INSERT INTO "Membership" ("id", "userId", "orgId", "role") VALUES ('m1', 'u1', 'o1', 'viewer') RETURNING "id"`);
    await db.query(`UPDATE "User" SET "name" = 'Grace Hopper' WHERE "id" = 'u1' RETURNING "id"`);
    expect(await db.query(`SELECT "sortName" FROM "Membership" WHERE "id" = 'm1'`)).toEqual([{ sortName: "grace hopper" }]);
  });
});

describeWithPostgres("postgresql scripts", () => {
  async function withLaterMigration(sql: string) {
    const prismaDir = await copyPrismaFolder();
    const dir = path.join(prismaDir, "postgresql", "migrations", "29991231000000_later");
    await mkdir(dir);
    await writeFile(path.join(dir, "migration.sql"), sql);
    return prismaDir;
  }

  it("applies a trigger function whose dollar-quoted body holds semicolons", async () => {
    const prismaDir = await withLaterMigration(`CREATE FUNCTION "probe"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."name" := 'x; y';
    RETURN NEW;
END
$$;
`);
    const db = postgresql.newDatabase();
    expect((await applyMigrations(db.url, { prismaDir })).applied).toContain("29991231000000_later");
    expect(await db.query(`SELECT proname FROM pg_proc WHERE proname = 'probe'`)).toEqual([{ proname: "probe" }]);
  });

  it("applies a migration all or nothing: a failing statement leaves none of its statements behind", async () => {
    const prismaDir = await withLaterMigration(`CREATE TABLE "Half" ("id" INTEGER);\nCREATE TABLE "Broken" ("id" NOT_A_TYPE);\n`);
    const db = postgresql.newDatabase();
    await expect(applyMigrations(db.url, { prismaDir })).rejects.toThrow(/NOT_A_TYPE|does not exist/);
    expect(await postgresql.tables(db)).not.toContain("Half");
  });
});

describe("new", () => {
  it("rejects a name that is not lowercase letters, digits and underscores", async () => {
    await expect(createMigration("Add-Probe")).rejects.toThrow(/Invalid migration name/);
  });
});

describeWithPostgres("new, for both providers", () => {
  it("writes the same migration folder and a lockfile for each provider", async () => {
    const prismaDir = await copyPrismaFolder();
    await appendFile(path.join(prismaDir, "models.prisma"), PROBE_MODEL);

    const { name, files } = await createMigration("add_probe", { prismaDir, postgresServerUrl: POSTGRES_SERVER_URL });

    expect(files).toEqual(["sqlite", "postgresql"].map((provider) => path.join(prismaDir, provider, "migrations", name, "migration.sql")));
    for (const provider of ["sqlite", "postgresql"]) {
      const lockfile = await readFile(path.join(prismaDir, provider, "migrations", "migration_lock.toml"), "utf8");
      expect(lockfile).toContain(`provider = "${provider}"`);
    }
  });
});

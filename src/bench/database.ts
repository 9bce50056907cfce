// One database per provider for the benchmark: a scratch SQLite file under data/, or a fresh
// PostgreSQL database `orgdesk_bench` on the local server; migrated and seeded with the project's
// own scripts (npm run db:migrate, npm run db:seed -- --large ...), and timed.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { runCommand } from "./processes";
import type { Provider, SeedStats } from "./report";

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const POSTGRES_BENCH_DATABASE = "orgdesk_bench";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export interface BenchDatabase {
  provider: Provider;
  url: string;
  /** Where it is, for the report (no credentials). */
  label: string;
  drop(): Promise<void>;
}

function assertLoopback(url: URL): void {
  if (!LOOPBACK.has(url.hostname)) throw new Error(`The benchmark only talks to a local database; ${url.hostname} is not loopback.`);
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(POSTGRES_ADMIN_URL);
  assertLoopback(url);
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000, statement_timeout: 60_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is unreachable at ${url.host} (${(error as Error).message}); start it or set BENCH_POSTGRES_URL.`);
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PrepareOptions {
  root: string;
  /** Keep an existing database as it is (migrate and seed are idempotent and resumable). */
  reuse: boolean;
}

export async function createBenchDatabase(provider: Provider, { root, reuse }: PrepareOptions): Promise<BenchDatabase> {
  if (provider === "sqlite") {
    const file = path.join(root, "data", "bench-sqlite.db");
    const remove = () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
    if (!reuse) remove();
    return { provider, url: `file:${file}`, label: path.relative(root, file), drop: async () => remove() };
  }
  const drop = () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${POSTGRES_BENCH_DATABASE}" WITH (FORCE)`));
  const exists = await withAdmin(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [POSTGRES_BENCH_DATABASE]);
    return (rowCount ?? 0) > 0;
  });
  if (!reuse || !exists) {
    await drop();
    await withAdmin((client) => client.query(`CREATE DATABASE "${POSTGRES_BENCH_DATABASE}"`));
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${POSTGRES_BENCH_DATABASE}`;
  return {
    provider,
    url: url.toString(),
    label: `${url.host}/${POSTGRES_BENCH_DATABASE}`,
    drop: async () => {
      await drop();
    },
  };
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Migrates and seeds the database with bigco at the given size; returns the timings. */
export async function migrateAndSeed(database: BenchDatabase, { root, members, posts }: { root: string; members: number; posts: number }): Promise<SeedStats> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
  const migrated = await runCommand(npm, ["run", "--silent", "db:migrate"], { cwd: root, env, timeoutMs: 5 * 60_000 });
  const seeded = await runCommand(npm, ["run", "--silent", "db:seed", "--", "--large", "--members", String(members), "--posts", String(posts)], {
    cwd: root,
    env,
    timeoutMs: 40 * 60_000,
    echo: true,
  });
  const match = /Seeded bigco: .* in ([\d.]+) s/.exec(seeded.stdout);
  // A deployed PostgreSQL has autovacuum on, which analyzes (planner statistics) and vacuums
  // (visibility map: index-only scans) a freshly loaded table within minutes. The test server
  // here runs with autovacuum off, so the bench does it once, as autovacuum would.
  let analyzeSeconds: number | null = null;
  if (database.provider === "postgresql") {
    const started = performance.now();
    const client = new pg.Client({ connectionString: database.url, connectionTimeoutMillis: 3_000, statement_timeout: 10 * 60_000 });
    await client.connect();
    try {
      await client.query("VACUUM (ANALYZE)");
    } finally {
      await client.end().catch(() => {});
    }
    analyzeSeconds = (performance.now() - started) / 1000;
  }
  return {
    members,
    posts,
    seconds: seeded.seconds,
    largeSeconds: match ? Number(match[1]) : null,
    migrateSeconds: migrated.seconds,
    analyzeSeconds,
  };
}

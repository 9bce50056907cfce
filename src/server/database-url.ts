// Which database a URL names. Shared by the app's client and the scripts (migrate, seed, tests),
// so every entry point reads DATABASE_URL the same way.

export type DatabaseProvider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/orgdesk.db";

/** The scripts pass process.env; the app reads env.DATABASE_URL (src/server/env.ts), which has the same default. */
export function databaseUrl(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function databaseProvider(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`Unsupported DATABASE_URL "${url.split("@").pop()}": use file:./path/to.db (SQLite) or postgres://user@host:5432/db (PostgreSQL).`);
}

/** Filesystem path of a SQLite URL (`file:./data/x.db` → `./data/x.db`). */
export function sqliteFilePath(url: string): string {
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}

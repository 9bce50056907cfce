import "server-only";
import { db, provider } from "./db";

export type HealthReport = { ok: true; db: typeof provider } | { ok: false; db: typeof provider; error: string };

const DB_CHECK_TIMEOUT_MS = 2_000;

/** Answers whether the database takes a query now; never waits longer than the timeout. */
export async function checkHealth(): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), DB_CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return { ok: true, db: provider };
  } catch {
    return { ok: false, db: provider, error: "The database is unreachable." };
  } finally {
    clearTimeout(timer);
  }
}

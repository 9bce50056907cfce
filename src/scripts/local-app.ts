// The production build served for a local script (Lighthouse, screenshots): builds when there is no
// build yet, then `next start` on a free port over a fresh, seeded SQLite file under data/.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort, startApp, type AppInstance } from "../test/cluster";
import { createSqliteDatabase, migrate, seed } from "../test/databases";

const root = path.resolve(import.meta.dirname, "../..");

export async function startLocalApp(name: string, from = 3300): Promise<AppInstance> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("No production build yet: running next build…");
    execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
  }
  const database = createSqliteDatabase(path.join(root, "data", `${name}.db`));
  migrate(database.url);
  seed(database.url);
  return startApp({ port: await freePort(from), databaseUrl: database.url, redisUrl: null });
}

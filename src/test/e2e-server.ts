// Serves the production build for Playwright: a fresh, migrated and seeded SQLite database,
// `next build` (skipped with E2E_SKIP_BUILD=1 when .next is current), then `next start`.
// Started by playwright.config.ts; all traffic stays on localhost.
import { spawn, execFileSync } from "node:child_process";
import path from "node:path";
import { createSqliteDatabase, migrate, seed } from "./databases";

const root = path.resolve(import.meta.dirname, "../..");
const port = process.env.PORT ?? "3000";
const database = createSqliteDatabase(path.join(root, "data", `e2e-${port}.db`));
process.env.DATABASE_URL = database.url;

migrate(database.url);
seed(database.url);

const nextBin = path.join(root, "node_modules/next/dist/bin/next");
if (process.env.E2E_SKIP_BUILD !== "1") {
  execFileSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
}

const server = spawn(process.execPath, [nextBin, "start", "-p", port], { cwd: root, stdio: "inherit", env: process.env });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));

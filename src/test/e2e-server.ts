// Serves the production build for Playwright: a fresh, migrated and seeded SQLite database per port
// (data/e2e-<port>.db), then src/serve.mjs (what `npm start` runs). It never builds: `npm run test:e2e`
// runs `next build` once before Playwright, so both e2e projects (and `npx playwright test` alone) reuse `.next`.
// Started by playwright.config.ts; all traffic stays on localhost.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createSqliteDatabase, migrate, seed } from "./databases";

const root = path.resolve(import.meta.dirname, "../..");
const port = process.env.PORT ?? "3000";

if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("e2e: no production build in .next. Run `npm run test:e2e` (it builds first) or `npx next build`.");
  process.exit(1);
}

const database = createSqliteDatabase(path.join(root, "data", `e2e-${port}.db`));
process.env.DATABASE_URL = database.url;

migrate(database.url);
seed(database.url);

const server = spawn(process.execPath, [path.join(root, "src/serve.mjs"), "-p", port], { cwd: root, stdio: "inherit", env: process.env });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));

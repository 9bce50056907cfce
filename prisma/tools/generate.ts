// Generates the Prisma client of each provider (src/generated/prisma/<provider>): the app picks one at
// run time from DATABASE_URL. Runs on `npm install` (postinstall) and `npm run db:generate`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

// Every Prisma CLI command first downloads the native schema engine, which cannot be reached here.
// `generate` never runs it: pointing the CLI at any existing file skips the download.
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };

for (const provider of ["sqlite", "postgresql"]) {
  // --schema takes precedence over the folder prisma.config.ts derives from DATABASE_URL.
  const { status, error } = spawnSync(process.execPath, [prismaCli, "generate", "--schema", `prisma/${provider}`], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (status !== 0) {
    console.error(`prisma generate failed for prisma/${provider}${error ? `: ${error.message}` : ""}`);
    process.exit(status || 1);
  }
}

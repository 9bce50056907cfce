// Generates the Prisma client of each provider (src/generated/prisma/<provider>): the app picks one at
// run time from DATABASE_URL. Runs on `npm install` (postinstall) and `npm run db:generate`.
//
// Plain JavaScript, so that it runs without tsx (a devDependency, absent after `npm ci --omit=dev`).
// Such an install still has the Prisma CLI (npm installs it as @prisma/client's peer), so the clients
// are generated there too. Without the CLI it says so and skips: a build made with the dev
// dependencies (`npm ci && npm run build`) already carries the generated client.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

let prismaCli;
try {
  prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
} catch {
  console.warn(
    "[db:generate] The Prisma CLI (a devDependency) is not installed: the Prisma clients were not generated.\n" +
      "A production install without dev dependencies runs a build made with them (`npm ci && npm run build`), which already\n" +
      "contains the generated client. To generate here, install the dev dependencies and run `npm run db:generate`.",
  );
  process.exit(0);
}

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

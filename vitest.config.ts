import path from "node:path";
import { defineConfig } from "vitest/config";
import { isCI, postgresReachable } from "./src/test/databases.ts";

const root = import.meta.dirname;

// Three projects:
// - node: unit tests and self-contained integration tests (*.test.ts);
// - sqlite and postgresql: the same data-layer integration tests (*.int.test.ts), each project on a
//   freshly migrated database of its kind (src/test/database-setup.ts).
const shared = {
  resolve: {
    alias: {
      "@/auth": path.join(root, "auth.ts"),
      "@": path.join(root, "src"),
      // Tests run outside React's server environment; the marker module would throw there.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
};

const integration = (provider: "sqlite" | "postgresql") => ({
  ...shared,
  test: {
    name: provider,
    include: ["src/**/*.int.test.ts", "prisma/**/*.int.test.ts"],
    environment: "node",
    // The render budget is tested on its own (pool.test.ts); here a busy machine must not turn a
    // hostile body's "too deep" into "too slow".
    env: { BCRYPT_COST: "10", MARKDOWN_RENDER_BUDGET_MS: "20000" },
    globalSetup: ["src/test/database-setup.ts"],
    // next-auth imports "next/server" the way bundlers resolve it; let Vite resolve it too.
    server: { deps: { inline: ["next-auth"] } },
    setupFiles: ["src/test/use-database.ts", "src/test/request-context.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig(async () => {
  // Without PostgreSQL a developer may still run the SQLite half, with a warning; CI may not.
  const withPostgres = isCI || (await postgresReachable());
  if (!withPostgres) console.warn("\n[vitest] PostgreSQL is unreachable: its integration project is SKIPPED (CI fails instead).\n");
  return {
    test: {
      projects: [
        {
          ...shared,
          test: {
            name: "node",
            include: ["src/**/*.test.ts", "prisma/**/*.test.ts"],
            exclude: ["**/*.int.test.ts", "src/e2e/**", "node_modules/**"],
            environment: "node",
            // next-auth imports "next/server" the way bundlers resolve it; let Vite resolve it too.
            server: { deps: { inline: ["next-auth"] } },
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        integration("sqlite"),
        ...(withPostgres ? [integration("postgresql")] : []),
      ],
    },
  };
});

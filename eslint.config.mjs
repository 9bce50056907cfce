import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Rule 3 of the architecture: only the data-access layer reaches the database.
const databaseImports = {
  patterns: [
    { group: ["@/generated/*", "**/generated/prisma/*"], message: "Use the client from @/server/db." },
    {
      group: ["@/server/db", "**/server/db"],
      allowTypeImports: true,
      message: "Only the data-access layer (src/server, features' queries.ts) imports the database client.",
    },
  ],
};

// The app reads its environment through src/server/env.ts (typed, validated at start-up).
const processEnv = {
  object: "process",
  property: "env",
  message: "Read the environment through `env` from @/server/env (typed and validated at start-up).",
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "src/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  { rules: { "no-restricted-imports": ["error", databaseImports] } },
  {
    files: ["src/server/**", "src/features/*/queries.ts", "prisma/**", "src/test/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [databaseImports.patterns[0]] }] },
  },
  { files: ["src/server/db.ts"], rules: { "no-restricted-imports": "off" } },
  { files: ["**/*.{ts,tsx}"], rules: { "no-restricted-properties": ["error", processEnv] } },
  {
    // env.ts itself; NEXT_RUNTIME, which Next inlines at build time; tooling, tests and scripts,
    // which configure the app's processes rather than being the app.
    files: [
      "src/server/env.ts",
      "src/instrumentation.ts",
      "src/server/worker-pool.ts",
      "src/scripts/**",
      "src/bench/**",
      "src/test/**",
      "src/e2e/**",
      "prisma/**",
      "**/*.test.ts",
      "*.config.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;

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

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "src/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  { rules: { "no-restricted-imports": ["error", databaseImports] } },
  {
    files: ["src/server/**", "src/features/*/queries.ts", "prisma/**", "src/test/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [databaseImports.patterns[0]] }] },
  },
  { files: ["src/server/db.ts"], rules: { "no-restricted-imports": "off" } },
];

export default config;

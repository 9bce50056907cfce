import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_OIDC } from "./src/test/oidc-provider";

// e2e runs against a production build in Debian's Chromium (Playwright's own browser download
// cannot work on machines that reach only the npm registry).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).`);
}

// The whole suite runs once per session strategy, each against its own `next start` (same build:
// `npm run test:e2e` builds once, the servers never build) and its own SQLite file. One local
// OpenID Provider (src/test/oidc-provider.ts) serves both.
const apps = [
  { name: "jwt", port: 3000, strategy: "jwt" },
  { name: "database", port: 3001, strategy: "database" },
] as const;

const reuseExistingServer = !process.env.CI;

const appServer = ({ port, strategy }: (typeof apps)[number]) => ({
  command: "npx tsx src/test/e2e-server.ts",
  url: `http://localhost:${port}/api/health`,
  timeout: 120_000,
  reuseExistingServer,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  env: {
    PORT: String(port),
    NODE_ENV: "production",
    AUTH_URL: `http://localhost:${port}`,
    AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
    AUTH_TRUST_HOST: "true",
    AUTH_SESSION_STRATEGY: strategy,
    AUTH_OIDC_ISSUER: E2E_OIDC.issuer,
    AUTH_OIDC_ID: E2E_OIDC.clientId,
    AUTH_OIDC_SECRET: E2E_OIDC.clientSecret,
    AUTH_OIDC_NAME: E2E_OIDC.name,
    BCRYPT_COST: "10",
    // Every e2e request comes from ::1; the per-address budgets are tested in integration.
    SIGNIN_IP_LIMIT: "10000",
    REGISTER_IP_LIMIT: "10000",
  },
});

export default defineConfig({
  testDir: "src/e2e",
  // Tests of one project run one at a time (workers: 1 per project); the two projects, which share
  // nothing but the OpenID Provider, run side by side.
  fullyParallel: false,
  workers: apps.length,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The longest flows (two people registering, inviting, signing in with a provider, an axe scan
  // of every page) take 20–35 s on two cores shared by two app servers, the OpenID Provider and
  // two browsers; a hang still fails, at 60 s.
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    },
  },
  projects: [
    ...apps.map(({ name, port }) => ({
      name,
      workers: 1,
      testIgnore: /cluster\//,
      // Behaviour that exists in one session strategy only is tagged and runs only there.
      grepInvert: name === "jwt" ? undefined : /@jwt-only/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://localhost:${port}` },
    })),
    {
      // Scale-out and database-outage specs start their own instances on PostgreSQL + Redis
      // (src/test/cluster.ts): after the others, so they do not compete for the two cores.
      name: "cluster",
      workers: 1,
      testMatch: /cluster\/.*\.spec\.ts$/,
      dependencies: apps.map(({ name }) => name),
      timeout: 120_000,
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  webServer: [
    {
      command: "npx tsx src/test/oidc-provider.ts",
      url: `${E2E_OIDC.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer,
      stdout: "pipe",
      stderr: "pipe",
    },
    ...apps.map(appServer),
  ],
});

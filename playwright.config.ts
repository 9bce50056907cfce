import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// e2e runs against a production build in Debian's Chromium (Playwright's own browser download
// cannot work on machines that reach only the npm registry).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).`);
}

const PORT = 3000;
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "src/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx src/test/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      NODE_ENV: "production",
      AUTH_URL: baseURL,
      AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      BCRYPT_COST: "10",
      // Every e2e request comes from ::1; the per-address budget is tested in integration.
      SIGNIN_IP_LIMIT: "10000",
    },
  },
});

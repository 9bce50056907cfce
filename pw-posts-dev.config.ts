import { defineConfig } from "@playwright/test";
export default defineConfig({
  testDir: "src/e2e", testMatch: "posts.spec.ts", workers: 1, timeout: 60_000, reporter: [["list"]],
  use: { baseURL: "http://localhost:3107", launchOptions: { executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] } },
});

// `npm run lighthouse`: Lighthouse (npm) driving Debian's Chromium against the production build, on
// /login and a signed-in organization overview. Prints the scores, writes the full reports under
// bench-results/lighthouse/ (git-ignored) and exits non-zero when a score is under its target.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import lighthouse from "lighthouse";
import { freePort } from "../test/cluster";
import { startLocalApp } from "./local-app";

const TARGETS = { performance: 90, accessibility: 95, "best-practices": 95 } as const;
type Category = keyof typeof TARGETS;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const outDir = path.resolve(import.meta.dirname, "../../bench-results/lighthouse");

const app = await startLocalApp("lighthouse");
// One Chromium profile for both tools: Playwright signs in through the login form (a real session
// cookie in the profile), Lighthouse drives the same browser over its debugging port.
const debuggingPort = await freePort(9300);
const profile = mkdtempSync(path.join(os.tmpdir(), "orgdesk-lighthouse-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  args: [
    `--remote-debugging-port=${debuggingPort}`,
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
  ],
});

async function signIn() {
  const page = await browser.newPage();
  await page.goto(`${app.origin}/login`);
  if (new URL(page.url()).pathname === "/login") {
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("demo-password-1");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/dashboard\/acme$/);
  }
  await page.close();
}

let failed = false;
try {
  const pages = [
    { name: "login", url: `${app.origin}/login`, signedIn: false },
    { name: "overview", url: `${app.origin}/dashboard/acme`, signedIn: true },
  ];
  mkdirSync(outDir, { recursive: true });
  const rows: string[] = [];
  for (const formFactor of ["mobile", "desktop"] as const) {
    for (const page of pages) {
      if (page.signedIn) await signIn();
      else await browser.clearCookies();
      const result = await lighthouse(
        page.url,
        // Keep the profile's cookies: the overview needs the session.
        { port: debuggingPort, output: "html", logLevel: "error", onlyCategories: Object.keys(TARGETS), disableStorageReset: true },
        formFactor === "desktop"
          ? {
              extends: "lighthouse:default",
              settings: {
                formFactor: "desktop",
                screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
                throttlingMethod: "simulate",
                throttling: {
                  rttMs: 40,
                  throughputKbps: 10240,
                  cpuSlowdownMultiplier: 1,
                  requestLatencyMs: 0,
                  downloadThroughputKbps: 0,
                  uploadThroughputKbps: 0,
                },
              },
            }
          : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.url}`);
      const { lhr, report } = result;
      if (lhr.finalDisplayedUrl !== page.url) throw new Error(`${page.url} ended at ${lhr.finalDisplayedUrl} (signed out?)`);
      writeFileSync(path.join(outDir, `${page.name}-${formFactor}.html`), Array.isArray(report) ? report[0]! : report);
      const cells = (Object.keys(TARGETS) as Category[]).map((category) => {
        const score = Math.round((lhr.categories[category]?.score ?? 0) * 100);
        const ok = score >= TARGETS[category];
        if (!ok) failed = true;
        return `${score}${ok ? "" : ` (< ${TARGETS[category]})`}`;
      });
      rows.push(`| ${page.name} | ${formFactor} | ${cells.join(" | ")} |`);
    }
  }
  const table = [
    `Lighthouse ${new Date().toISOString().slice(0, 10)}, ${CHROMIUM}, production build on SQLite`,
    "",
    "| page | form factor | performance | accessibility | best practices |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  console.log(`\n${table}\n\nFull reports: ${path.relative(process.cwd(), outDir)}/`);
  writeFileSync(path.join(outDir, "summary.md"), `${table}\n`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  await app.stop();
}
if (failed) {
  console.error("A score is under its target (see above).");
  process.exitCode = 1;
}

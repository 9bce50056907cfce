// `npm run screenshots`: the main pages in light and dark (and the overview at phone width),
// captured with Playwright in Debian's Chromium from the production build and the demo data, into
// public/screenshots/ (shown in the README). Small on purpose: 1200×750 at 1×.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { startLocalApp } from "./local-app";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const outDir = path.resolve(import.meta.dirname, "../../public/screenshots");

const PAGES = [
  { name: "overview", path: "/dashboard/acme" },
  { name: "members", path: "/dashboard/acme/members" },
  { name: "posts", path: "/dashboard/acme/posts" },
  { name: "post-editor", path: "/dashboard/acme/posts/new" },
  { name: "audit", path: "/dashboard/acme/audit" },
  { name: "account", path: "/settings/account" },
];

async function signIn(page: Page, origin: string) {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/dashboard\/acme$/);
}

const app = await startLocalApp("screenshots");
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});
try {
  mkdirSync(outDir, { recursive: true });
  const shots: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 750 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${app.origin}/login`);
    await page.screenshot({ path: path.join(outDir, `login-${colorScheme}.png`) });
    shots.push(`login-${colorScheme}.png`);
    await signIn(page, app.origin);
    for (const { name, path: pagePath } of PAGES) {
      await page.goto(`${app.origin}${pagePath}`);
      await page.waitForLoadState("networkidle");
      const file = `${name}-${colorScheme}.png`;
      await page.screenshot({ path: path.join(outDir, file) });
      shots.push(file);
    }
    await page.setViewportSize({ width: 375, height: 760 });
    await page.goto(`${app.origin}/dashboard/acme`);
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("dialog").getByRole("link", { name: "Members" }).waitFor();
    await page.waitForTimeout(500); // let the sheet finish sliding in
    await page.screenshot({ path: path.join(outDir, `mobile-nav-${colorScheme}.png`) });
    shots.push(`mobile-nav-${colorScheme}.png`);
    await context.close();
  }
  console.log(`${shots.length} screenshots in ${path.relative(process.cwd(), outDir)}/:\n${shots.join("\n")}`);
} finally {
  await browser.close();
  await app.stop();
}

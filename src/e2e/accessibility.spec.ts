// Accessibility: axe-core on every main page in light and dark (0 serious or critical violations),
// and the dashboard used with a keyboard alone, the theme choice kept, the phone-sized navigation.
// Pages and markup are the same under both session strategies: runs in the jwt project only.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support";

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}

const SIGNED_OUT_PAGES = [
  { name: "login", path: "/login", heading: "Sign in" },
  { name: "register", path: "/register", heading: "Create your account" },
];

const SIGNED_IN_PAGES = [
  { name: "overview", path: "/dashboard/acme", heading: "Acme Inc." },
  { name: "members", path: "/dashboard/acme/members", heading: "Members" },
  { name: "posts list", path: "/dashboard/acme/posts", heading: "Posts" },
  { name: "post editor", path: "/dashboard/acme/posts/new", heading: "New post" },
  { name: "account settings", path: "/settings/account", heading: "Account settings" },
  { name: "audit log", path: "/dashboard/acme/audit", heading: "Audit log" },
  { name: "organization settings", path: "/dashboard/acme/settings", heading: "Settings" },
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`axe, ${scheme} theme @jwt-only`, () => {
    test.use({ colorScheme: scheme });

    test("signed-out pages", async ({ page }) => {
      for (const { name, path, heading } of SIGNED_OUT_PAGES) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
        await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
        expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
      }
    });

    test("signed-in pages", async ({ page }) => {
      await signIn(page, "admin@acme.test");
      for (const { name, path, heading } of SIGNED_IN_PAGES) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
        expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
      }
    });
  });
}

/** Presses Tab until the element is focused (at most `limit` times), as a keyboard user would. */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>, limit = 40) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`not reached with ${limit} Tab presses: ${target.toString()}`);
}

test.describe("keyboard, theme and small screens @jwt-only", () => {
  test("signs in, switches organization and opens members and posts with the keyboard alone", async ({ page }) => {
    await page.goto("/login");
    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type("multi@demo.test");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/acme$/);

    // The first Tab reaches the skip link.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

    const switcher = page.getByRole("button", { name: /^Switch organization/ });
    await tabTo(page, switcher);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menu")).toBeVisible();
    await expect(async () => {
      await page.keyboard.press("ArrowDown");
      await expect(page.getByRole("menuitem", { name: /Globex/ })).toBeFocused({ timeout: 500 });
    }).toPass({ timeout: 5_000 });
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/globex$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Globex Corporation");

    const members = page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Members" });
    await tabTo(page, members);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/globex\/members$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");

    const posts = page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Posts" });
    await tabTo(page, posts);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard\/globex\/posts$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Posts");
  });

  test("the chosen theme is kept across reloads and visits", async ({ page }) => {
    await signIn(page, "viewer@acme.test");
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
    await page.getByRole("button", { name: "Open user menu" }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);

    // No flash of the light theme: when the page's content enters the DOM, <html> is already dark
    // (the inline script runs before it; React has not hydrated yet).
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector("main")) return;
        (window as unknown as { themeAtFirstContent: string }).themeAtFirstContent = document.documentElement.className;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => (window as unknown as { themeAtFirstContent?: string }).themeAtFirstContent)).toMatch(/\bdark\b/);

    await page.goto("/dashboard/acme/posts");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.getByRole("button", { name: "Open user menu" }).click();
    await page.getByRole("menuitemradio", { name: "System" }).click();
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  });

  test("at 375 px the navigation is a sheet, and nothing scrolls sideways", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await signIn(page, "admin@acme.test");
    const sidebarNav = page.getByRole("navigation", { name: "Organization" });
    await expect(sidebarNav).toBeHidden();

    await page.getByRole("button", { name: "Open navigation" }).click();
    const sheet = page.getByRole("dialog");
    await expect(sheet).toBeVisible();
    await sheet.getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(/\/dashboard\/acme\/members$/);
    await expect(sheet).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");

    for (const path of ["/dashboard/acme", "/dashboard/acme/members", "/dashboard/acme/posts", "/settings/account"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    }
  });
});

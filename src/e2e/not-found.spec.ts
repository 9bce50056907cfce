import { expect, test, type Page } from "@playwright/test";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard\//);
}

// What must not be seen answers a real 404 status (not a 200 page that merely looks like one).
test("a viewer gets a 404 for a draft's URL", async ({ page }) => {
  await signIn(page, "viewer@acme.test");
  const response = await page.goto("/dashboard/acme/posts/draft-onboarding-checklist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /not found|couldn.t find/i })).toBeVisible();
});

test("a non-member gets a 404 for another organization, without learning it exists", async ({ page }) => {
  await signIn(page, "admin@globex.test");
  const existing = await page.goto("/dashboard/acme");
  const missing = await page.goto("/dashboard/no-such-org-here");
  expect(existing?.status()).toBe(404);
  expect(missing?.status()).toBe(404);
  expect(await page.request.get("/api/orgs/acme/posts").then((r) => r.status())).toBe(404);
});

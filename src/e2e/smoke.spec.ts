import { expect, test } from "@playwright/test";

test("the health route reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, db: "sqlite" });
});

test("the landing page leads to sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Orgdesk/);
  await expect(page.getByRole("link", { name: /sign in/i }).first()).toBeVisible();
});

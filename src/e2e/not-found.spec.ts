import { expect, test } from "@playwright/test";
import { signIn } from "./support";

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

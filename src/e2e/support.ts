// Shared by the e2e specs.
import { expect, type Page } from "@playwright/test";
import { E2E_OIDC } from "../test/oidc-provider";

/** The seed's password for every demo user. */
export const DEMO_PASSWORD = "demo-password-1";

/**
 * Signs in through the login form and waits for the dashboard. `origin` defaults to the project's
 * baseURL (the cluster specs pass an instance's).
 */
export async function signIn(page: Page, email: string, { password = DEMO_PASSWORD, origin = "" }: { password?: string; origin?: string } = {}) {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${origin ? origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "http://[^/]+"}/dashboard/`));
}

/** Creates an account through the registration form (at `origin`, default the baseURL); lands on "create your first organization". */
export async function register(page: Page, email: string, password: string, { name = "E2E Tester", origin = "" }: { name?: string; origin?: string } = {}) {
  await page.goto(`${origin}/register`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/new$/);
}

/** At the local OpenID Provider's login screen (src/test/oidc-provider.ts accepts any login name): sign in as `login`. */
export async function providerSignIn(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${E2E_OIDC.issuer}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("the provider ignores this");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** From the app's login page through the provider's login form and back to the app. */
export async function signInWithOidc(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${E2E_OIDC.name}` }).click();
  await providerSignIn(page, login);
}

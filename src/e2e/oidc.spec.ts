// Sign-in through a real OpenID Provider (src/test/oidc-provider.ts, started by playwright.config.ts
// on http://127.0.0.1:4000): its development login form accepts any login name, which becomes the
// account id, and it answers with the email <login>@oidc.test. Runs in both projects (jwt, database).
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { E2E_OIDC, type OidcGrantEvent } from "../test/oidc-provider";
import { signInWithOidc } from "./support";

/** A login name no earlier run (locally the servers and their databases may be reused) has used. */
function uniqueLogin(prefix: string, testInfo: TestInfo) {
  return `${prefix}-${testInfo.project.name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A user without an organization lands on "create your first organization": create one, return its path. */
async function createFirstOrganization(page: Page, name: string): Promise<string> {
  await expect(page).toHaveURL(/\/dashboard\/new$/);
  await expect(page.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
  // The form needs JavaScript. Typed before hydration, the name would not suggest a URL name and
  // the submit would fail validation: type until the suggestion appears (then the form is live).
  const nameField = page.getByLabel("Organization name");
  await expect(async () => {
    await nameField.fill("");
    await nameField.fill(name);
    await expect(page.getByLabel("URL name")).not.toHaveValue("", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/dashboard\/(?!new$)[a-z0-9-]+$/, { timeout: 10_000 });
  return new URL(page.url()).pathname;
}

/** This path on the app, nothing after it. */
const exactPath = (path: string) => new RegExp(`^http://localhost:\\d+${path}$`);

async function grantEvents(page: Page, login: string): Promise<OidcGrantEvent[]> {
  const response = await page.request.get(`${E2E_OIDC.issuer}/e2e/events?account=${encodeURIComponent(login)}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as OidcGrantEvent[];
}

async function freshPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options);
  return { page: await context.newPage(), close: () => context.close() };
}

test.describe("OpenID Connect sign-in", () => {
  test("the login page offers the configured provider", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Continue with Local OIDC" })).toBeVisible();
  });

  test("the first sign-in creates a user, the next one finds the same user", async ({ page, browser }, testInfo) => {
    const login = uniqueLogin("ada", testInfo);
    await signInWithOidc(page, login);
    const orgPath = await createFirstOrganization(page, `Org of ${login}`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login}@oidc.test`);

    // A new browser: signed out of the app and of the provider, so the provider asks again.
    // Landing straight in the organization created above shows it is the same user: a new user
    // would have none (and could not exist anyway: emails are unique).
    const second = await freshPage(browser);
    await signInWithOidc(second.page, login);
    await expect(second.page).toHaveURL(exactPath(orgPath));
    await expect(second.page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login}@oidc.test`);
    await second.close();
  });

  test("works with JavaScript disabled", async ({ page, browser }, testInfo) => {
    // A new user, without JavaScript from start to end: plain form posts and redirects.
    const noJs = await freshPage(browser, { javaScriptEnabled: false });
    const newcomer = uniqueLogin("nojs-new", testInfo);
    await signInWithOidc(noJs.page, newcomer);
    await expect(noJs.page).toHaveURL(/\/dashboard\/new$/);
    await expect(noJs.page.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
    await noJs.close();

    // A returning user (whose organization was created with JavaScript: that form needs it).
    const login = uniqueLogin("nojs", testInfo);
    await signInWithOidc(page, login);
    const orgPath = await createFirstOrganization(page, `Org of ${login}`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login}@oidc.test`);

    const again = await freshPage(browser, { javaScriptEnabled: false });
    await signInWithOidc(again.page, login);
    await expect(again.page).toHaveURL(exactPath(orgPath));
    await expect(again.page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${login}@oidc.test`);
    await again.close();
  });

  test("does not join a provider account to a password account with the same email", async ({ page, browser }, testInfo) => {
    const login = uniqueLogin("collide", testInfo);
    await page.goto("/register");
    await page.getByLabel("Name").fill("Collide Password");
    await page.getByLabel("Email").fill(`${login}@oidc.test`);
    await page.getByLabel("Password", { exact: true }).fill("a perfectly fine passphrase");
    await page.getByLabel("Confirm password").fill("a perfectly fine passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/dashboard\/new$/);

    // Signed out (a new browser): while signed in, Auth.js would link the provider account to the
    // current user instead, which is the deliberate way to connect it.
    const signedOut = await freshPage(browser);
    await signInWithOidc(signedOut.page, login);
    // Auth.js sends this error to the sign-in page, not the error page: OAuthAccountNotLinked is a
    // SignInError (kind "signIn"), and @auth/core redirects to pages[error.kind].
    await expect(signedOut.page).toHaveURL(/\/login\?error=OAuthAccountNotLinked$/);
    // (Next's route announcer is an empty role="alert" too.)
    const explanation = signedOut.page.getByRole("alert").filter({ hasText: "already uses the email address" });
    await expect(explanation).toContainText(
      "An Orgdesk account already uses the email address of the account you signed in with. For your safety we do not join accounts by email alone.",
    );
    // ...with the way out: link the provider from settings after signing in the usual way.
    await expect(explanation).toContainText("open Settings → Account and connect this provider there");
    // ...and no session was created.
    await signedOut.page.goto("/dashboard");
    await expect(signedOut.page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
    await signedOut.close();
  });
});

test.describe("provider tokens", () => {
  test("after the provider's access token expires, pages make no refresh grant and the user stays signed in", async ({ page }, testInfo) => {
    // Orgdesk never calls the provider's API, so it keeps no provider token and refreshes none
    // (it used to refresh on every request, unable to save the result).
    test.setTimeout(60_000);

    const login = uniqueLogin("refresh", testInfo);
    await signInWithOidc(page, login);
    await expect(page).toHaveURL(/\/dashboard\/new$/);
    const signedInAt = Date.now();
    expect((await grantEvents(page, login)).map((e) => `${e.event} ${e.grantType}`)).toEqual(["grant.success authorization_code"]);

    // Past the access token's lifetime.
    await page.waitForTimeout(Math.max(0, signedInAt + (E2E_OIDC.accessTokenTtlS + 1) * 1000 - Date.now()));
    for (let load = 0; load < 3; load++) {
      await page.reload();
      await expect(page.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
    }
    const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
    expect(session.user?.email).toBe(`${login}@oidc.test`);
    expect((await grantEvents(page, login)).map((e) => `${e.event} ${e.grantType}`)).toEqual(["grant.success authorization_code"]);
  });
});

// Account settings (/settings/account): sessions across browsers, password change, sign-in methods.
// Runs in both projects (jwt on :3000, database on :3001). Each test registers its own user.
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { E2E_OIDC } from "../test/oidc-provider";
import { providerSignIn, register as registerAccount, signInWithOidc } from "./support";

const PASSWORD = "a perfectly fine passphrase";

function uniqueEmail(prefix: string, testInfo: TestInfo) {
  return `${prefix}-${testInfo.project.name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

function register(page: Page, email: string) {
  return registerAccount(page, email, PASSWORD, { name: "Account Tester" });
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

async function secondBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

/** Clicks once the page is hydrated (a click before that would do nothing). */
async function clickUntil(page: Page, name: string, done: () => Promise<void>) {
  await expect(async () => {
    await page.getByRole("button", { name, exact: true }).click();
    await done();
  }).toPass({ timeout: 15_000 });
}

test.describe("account settings", () => {
  test("a session records the connection's address, never one the browser claims", async ({ browser }, testInfo) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "6.6.6.6", "X-Real-IP": "7.7.7.7" } });
    const page = await context.newPage();
    await register(page, uniqueEmail("address", testInfo));
    await page.goto("/settings/account");
    const session = page.getByTestId("session");
    await expect(session).toHaveCount(1);
    await expect(session).toContainText(/(::1|127\.0\.0\.1) · signed in/);
    await expect(session).not.toContainText(/6\.6\.6\.6|7\.7\.7\.7/);
    await context.close();
  });

  test("sign out of all other devices ends the other browser's session on its next request", async ({ page, browser }, testInfo) => {
    const email = uniqueEmail("devices", testInfo);
    await register(page, email);
    const other = await secondBrowser(browser);
    await signIn(other.page, email);

    await page.goto("/settings/account");
    await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
    await expect(page.getByTestId("session")).toHaveCount(2);
    await expect(page.getByTestId("session").filter({ hasText: "This device" })).toHaveCount(1);
    // Playwright's "Desktop Chrome" device sends a Windows user agent.
    await expect(page.getByTestId("session").first()).toContainText(/Chrome on (Windows|Linux|macOS)/);

    await clickUntil(page, "Sign out of all other devices", () =>
      expect(page.getByTestId("form-notice")).toHaveText("Signed out of all other devices.", { timeout: 3_000 }),
    );
    await expect(page.getByTestId("session")).toHaveCount(1);

    // The other browser: its next request finds the session over, and it lands on the sign-in page.
    await other.page.goto("/settings/account");
    await expect(other.page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Faccount/);
    await expect(other.page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await other.page.goto("/dashboard");
    await expect(other.page).toHaveURL(/\/login/);
    // This browser is still signed in.
    await page.goto("/settings/account");
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await other.close();
  });

  test("changing the password needs the current one and signs out the other sessions", async ({ page, browser }, testInfo) => {
    const email = uniqueEmail("password", testInfo);
    await register(page, email);
    const other = await secondBrowser(browser);
    await signIn(other.page, email);

    await page.goto("/settings/account");
    await page.getByLabel("Current password").fill("not the password");
    await page.getByLabel("New password", { exact: true }).fill("an entirely new passphrase");
    await page.getByLabel("Confirm new password").fill("an entirely new passphrase");
    await clickUntil(page, "Change password", () => expect(page.getByText("The current password is not correct.")).toBeVisible({ timeout: 3_000 }));

    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("form-notice")).toHaveText("Password changed. 1 other session was signed out.");

    await other.page.goto("/settings/account");
    await expect(other.page).toHaveURL(/\/login/);
    await other.page.getByLabel("Email").fill(email);
    await other.page.getByLabel("Password").fill(PASSWORD);
    await other.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(other.page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    await signIn(other.page, email, "an entirely new passphrase");
    await other.close();
  });

  test("a password user connects an OpenID account, signs in with it, then disconnects it", async ({ page, browser }, testInfo) => {
    const email = uniqueEmail("connect", testInfo);
    // The provider answers with <login>@oidc.test: not the account's email, and linking still works
    // because it is started by the signed-in user, never by an email match.
    const login = `connect-${testInfo.project.name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await register(page, email);

    await page.goto("/settings/account");
    await expect(page.getByTestId("linked-account")).toHaveCount(0);
    await clickUntil(page, `Connect ${E2E_OIDC.name}`, () => expect(page).toHaveURL(new RegExp(`^${E2E_OIDC.issuer}/interaction/`), { timeout: 5_000 }));
    await providerSignIn(page, login);
    await expect(page).toHaveURL(/\/settings\/account/);
    await expect(page.getByTestId("linked-account")).toHaveCount(1);
    await expect(page.getByTestId("linked-account")).toContainText(E2E_OIDC.name);

    // Sign out, then in again through the provider (in a new browser, so the provider asks for the
    // login again): the same account, not a new user.
    await page.getByRole("button", { name: "Open user menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const again = await secondBrowser(browser);
    await signInWithOidc(again.page, login);
    await expect(again.page).toHaveURL(/\/dashboard/);
    await again.page.goto("/settings/account");
    await expect(again.page.getByTestId("account-email")).toHaveText(email);
    await expect(again.page.getByTestId("sign-in-methods")).not.toContainText("Not set");

    // Someone else cannot take the same provider account: the flow is refused with an explanation.
    const other = await secondBrowser(browser);
    await register(other.page, uniqueEmail("thief", testInfo));
    await other.page.goto("/settings/account");
    await clickUntil(other.page, `Connect ${E2E_OIDC.name}`, () =>
      expect(other.page).toHaveURL(new RegExp(`^${E2E_OIDC.issuer}/interaction/`), { timeout: 5_000 }),
    );
    await providerSignIn(other.page, login);
    await expect(other.page).toHaveURL(/error=OAuthAccountNotLinked/);
    await expect(other.page.getByRole("heading", { name: "This sign-in belongs to another account" })).toBeVisible();
    await other.page.getByRole("link", { name: "Back to account settings" }).click();
    await expect(other.page).toHaveURL(/\/settings\/account$/);
    await expect(other.page.getByTestId("linked-account")).toHaveCount(0);
    await other.close();

    // A password remains, so disconnecting the provider is allowed.
    await clickUntil(again.page, `Disconnect ${E2E_OIDC.name}`, () => expect(again.page.getByTestId("linked-account")).toHaveCount(0, { timeout: 3_000 }));
    await expect(again.page.getByRole("button", { name: `Connect ${E2E_OIDC.name}` })).toBeVisible();
    await again.close();
  });

  test("refuses to disconnect the only sign-in method, allows it once a password is set", async ({ page }, testInfo) => {
    const login = `link-${testInfo.project.name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await signInWithOidc(page, login);
    await expect(page).toHaveURL(/\/dashboard/);

    await page.goto("/settings/account");
    await expect(page.getByTestId("sign-in-methods")).toContainText("Not set");
    await expect(page.getByTestId("linked-account")).toHaveCount(1);
    await clickUntil(page, `Disconnect ${E2E_OIDC.name}`, () =>
      expect(page.getByTestId("form-error")).toContainText("This is your only way to sign in", { timeout: 3_000 }),
    );

    await page.getByLabel("New password", { exact: true }).fill("my first real passphrase");
    await page.getByLabel("Confirm new password").fill("my first real passphrase");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByTestId("form-notice")).toContainText("Password set.");
    await page.getByRole("button", { name: `Disconnect ${E2E_OIDC.name}` }).click();
    await expect(page.getByTestId("linked-account")).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Connect ${E2E_OIDC.name}` })).toBeVisible();
  });
});

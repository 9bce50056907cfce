import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "demo-password-1";

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.describe("password sign-in", () => {
  test("signs in and out", async ({ page }) => {
    await page.goto("/login");
    await signIn(page, "admin@acme.test");
    await expect(page).toHaveURL(/\/dashboard\/acme$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as admin@acme.test");

    await page.getByRole("button", { name: "Open user menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  });

  test("works with JavaScript disabled", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/login");
    await signIn(page, "viewer@acme.test");
    await expect(page).toHaveURL(/\/dashboard\/acme$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as viewer@acme.test");

    await page.goto("/login");
    await expect(page).toHaveURL(/\/dashboard\/acme$/); // signed-in users skip the login page
    await context.close();
  });

  test("shows one message for a wrong password and for an unknown email", async ({ page }) => {
    await page.goto("/login");
    await signIn(page, "editor@acme.test", "not-the-password");
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    await expect(page.getByLabel("Email")).toHaveValue("editor@acme.test");

    await page.goto("/login");
    await signIn(page, "nobody-here@acme.test", "not-the-password");
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
  });

  test("refuses the 6th attempt from one address after 5 failures, even with the right password", async ({ page, request }) => {
    // A fresh account so the limit does not lock out the demo users for other tests.
    const email = `ratelimit-${Date.now()}@example.test`;
    await page.goto("/register");
    await page.getByLabel("Name").fill("Rate Limited");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("a perfectly fine passphrase");
    await page.getByLabel("Confirm password").fill("a perfectly fine passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    // A new account has no organization yet: it lands on "create your first organization".
    await expect(page).toHaveURL(/\/dashboard\/new$/);
    await page.context().clearCookies();

    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.goto("/login");
      await signIn(page, email, `wrong ${attempt}`);
      await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    }
    await page.goto("/login");
    await signIn(page, email, "a perfectly fine passphrase");
    await expect(page.getByTestId("form-error")).toHaveText(/^Too many attempts, try again in 1[45] minutes\.$/);
    await expect(page).toHaveURL(/\/login/);

    // An API-style client (its own source: the limit counts per account and address) gets a 429
    // after its own 5 failures.
    const csrf = await (await request.get("/api/auth/csrf")).json();
    const post = (password: string) =>
      request.post("/api/auth/callback/credentials", { form: { email, password, csrfToken: csrf.csrfToken }, maxRedirects: 0 });
    for (let attempt = 1; attempt <= 5; attempt++) await post(`api guess ${attempt}`);
    const response = await post("a perfectly fine passphrase");
    expect(response.status()).toBe(429);
    expect(response.headers()["retry-after"]).toMatch(/^\d+$/);
  });
});

test.describe("redirects", () => {
  test("a protected page sends you to sign in and back", async ({ page }) => {
    await page.goto("/dashboard?tab=orgs");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ftab%3Dorgs$/);
    await signIn(page, "multi@demo.test");
    await expect(page).toHaveURL(/\/dashboard\/acme\?tab=orgs$/);
  });

  test("/dashboard returns to the organization used last", async ({ page }) => {
    // Max Multi belongs to Acme (first by name) and Globex; the last one opened wins.
    await page.goto("/login");
    await signIn(page, "multi@demo.test");
    await expect(page).toHaveURL(/\/dashboard\/acme$/);
    const remembered = async () => (await page.context().cookies()).find((cookie) => cookie.name === "orgdesk-last-org")?.value;
    await page.goto("/dashboard/globex/posts");
    await expect.poll(remembered).toBe("globex");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/dashboard\/globex$/);
    await page.goto("/dashboard/acme/posts");
    await expect.poll(remembered).toBe("acme");
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/dashboard\/acme$/);
  });

  for (const payload of [
    "//evil.example",
    "https://evil.example/steal",
    "/\\evil.example",
    "javascript:alert(document.domain)",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "%252F%252Fevil.example",
  ]) {
    test(`ignores the callbackUrl ${payload}`, async ({ page, baseURL }) => {
      await page.goto(`/login?callbackUrl=${encodeURIComponent(payload)}`);
      await signIn(page, "viewer@acme.test");
      // Landed on this app (the dashboard sends the viewer on to their organization), not elsewhere.
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      await expect(page).toHaveURL(/\/dashboard\/acme$/);
    });
  }
});

test.describe("registration", () => {
  test("validates on the server and keeps what was typed", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Name").fill("Pat Weak");
    await page.getByLabel("Email").fill("pat@example.test");
    await page.getByLabel("Password", { exact: true }).fill("password");
    await page.getByLabel("Confirm password").fill("password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#password-error")).toHaveText(/^This password is too easy to guess\./);
    await expect(page.getByLabel("Email")).toHaveValue("pat@example.test");
  });

  test("does not reveal that an email is taken", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("Name").fill("Someone");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password", { exact: true }).fill("another fine passphrase");
    await page.getByLabel("Confirm password").fill("another fine passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("form-error")).toHaveText(/could not create an account with these details/);
  });
});

test.describe("cookies and headers", () => {
  test("the session cookie is httpOnly and SameSite=Lax", async ({ page, context }) => {
    await page.goto("/login");
    await signIn(page, "admin@globex.test");
    await expect(page).toHaveURL(/\/dashboard\/globex$/);
    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  });

  test("pages carry a nonce-based CSP and run under it", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto("/login");
    const csp = response!.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(response!.headers()["permissions-policy"]).toContain("camera=()");

    // Every script Next emitted carries this response's nonce, and hydration works (the form is interactive).
    const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    await signIn(page, "editor@acme.test", "wrong");
    await expect(page.getByTestId("form-error")).toHaveText("Invalid email or password.");
    expect(violations).toEqual([]);
  });
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./support";

// Member management end to end, on the seeded demo org "acme". Every person this spec invites is
// new (unique email), so it can run again on the same database and in both projects.

const NEW_PASSWORD = "a perfectly fine passphrase";

function newPerson(label: string) {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${label} ${stamp}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${stamp}@example.test` };
}

/** As a signed-in admin: invites someone and returns the link's path, read from the outbox. */
async function invite(page: Page, email: string, role: "Viewer" | "Editor" | "Admin"): Promise<string> {
  await page.goto("/dashboard/acme/members/invitations");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").click();
  await page.getByRole("option", { name: role, exact: true }).click();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toBeVisible();
  const href = await page
    .getByRole("listitem", { name: `Email to ${email}` })
    .getByRole("link")
    .getAttribute("href");
  // The link is absolute (AUTH_URL); the path is what matters, whichever port this project runs on.
  return new URL(href!).pathname;
}

/** A new visitor registers with the invited address and accepts; returns their signed-in page. */
async function registerAndAccept(browser: Browser, person: { name: string; email: string }, invitePath: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(invitePath);
  await expect(page.getByRole("heading", { name: "Join Acme Inc." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to accept" })).toHaveAttribute("href", `/login?callbackUrl=${encodeURIComponent(invitePath)}`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard\/new$/); // registration always lands on the dashboard
  await page.goto(invitePath);
  await page.getByRole("button", { name: "Accept and join Acme Inc." }).click();
  await expect(page).toHaveURL(/\/dashboard\/acme$/);
  return { context, page };
}

/** The directory row of one person, found through the debounced search box. */
async function findRow(page: Page, name: string) {
  await page.goto("/dashboard/acme/members");
  await page.getByLabel("Search members").fill(name);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(name).replace(/%20/g, "(\\+|%20)")}`));
  return page.getByRole("row").filter({ hasText: name });
}

test.describe("members", () => {
  test("an admin invites an editor, who registers, accepts and appears with that role", async ({ page, browser }) => {
    const person = newPerson("Invited Editor");
    await signIn(page, "admin@acme.test");
    const invitePath = await invite(page, person.email, "Editor");
    expect(invitePath).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);

    const invitee = await registerAndAccept(browser, person, invitePath);
    await expect(invitee.page.getByRole("link", { name: "Members" })).toBeVisible();
    // The link worked once.
    await invitee.page.goto(invitePath);
    await expect(invitee.page.getByRole("heading", { name: "Invitation already used" })).toBeVisible();
    await invitee.context.close();

    const row = await findRow(page, person.name);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell").filter({ hasText: person.email })).toBeVisible();
    await expect(row.getByText("Editor", { exact: true })).toBeVisible();
    // The view is in the URL: reloading keeps it.
    await page.reload();
    await expect(page.getByLabel("Search members")).toHaveValue(person.name);
    await expect(page.getByRole("row").filter({ hasText: person.name })).toHaveCount(1);
  });

  test("an admin changes a member's role and removes them; the removed member loses access", async ({ page, browser }) => {
    const person = newPerson("Short Stay");
    await signIn(page, "admin@acme.test");
    const member = await registerAndAccept(browser, person, await invite(page, person.email, "Viewer"));

    let row = await findRow(page, person.name);
    await expect(row.getByText("Viewer", { exact: true })).toBeVisible();
    await row.getByRole("button", { name: `Actions for ${person.name}` }).click();
    await page.getByRole("menuitemradio", { name: "Editor" }).click();
    await expect(page.getByText(`${person.name} is now editor.`)).toBeVisible();
    await expect(row.getByText("Editor", { exact: true })).toBeVisible();

    row = page.getByRole("row").filter({ hasText: person.name });
    await row.getByRole("button", { name: `Actions for ${person.name}` }).click();
    await page.getByRole("menuitem", { name: "Remove from organization" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText(`${person.name} was removed.`)).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: person.name })).toHaveCount(0);

    const gone = await member.page.goto("/dashboard/acme/members");
    expect(gone?.status()).toBe(404);
    await member.context.close();
  });

  for (const email of ["editor@acme.test", "viewer@acme.test"]) {
    test(`${email} sees the directory read-only and the API refuses their changes`, async ({ page }) => {
      await signIn(page, email);
      await page.goto("/dashboard/acme/members");
      await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: "Alice Admin" })).toBeVisible();
      await expect(page.getByRole("columnheader", { name: "Email" })).toHaveCount(0);
      await expect(page.getByRole("table")).not.toContainText("@acme.test");
      await expect(page.getByRole("checkbox")).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Invite member" })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

      const listed = await page.request.get("/api/orgs/acme/members?q=Alice");
      expect(listed.status()).toBe(200);
      const { data } = (await listed.json()) as { data: { members: { userId: string; email?: string }[] } };
      const alice = data.members[0]!;
      expect(alice.email).toBeUndefined();
      expect((await page.request.patch(`/api/orgs/acme/members/${alice.userId}`, { data: { role: "viewer" } })).status()).toBe(403);
      expect((await page.request.delete(`/api/orgs/acme/members/${alice.userId}`)).status()).toBe(403);
      expect((await page.request.get("/api/orgs/acme/members/export")).status()).toBe(403);

      await page.goto("/dashboard/acme/members/invitations");
      await expect(page).toHaveURL(/\/unauthorized$/);
    });
  }

  test("a non-member gets 404 for the page and the API", async ({ page }) => {
    await signIn(page, "admin@globex.test");
    const response = await page.goto("/dashboard/acme/members");
    expect(response?.status()).toBe(404);
    expect((await page.request.get("/api/orgs/acme/members")).status()).toBe(404);
  });
});

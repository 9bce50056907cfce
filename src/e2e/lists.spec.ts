// The list pattern: every view of a list is a URL. Back and forward walk through views, and a list
// pages, sorts and filters without JavaScript (server-rendered links and GET forms).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { register, signIn } from "./support";

const dataRows = (page: Page) => page.locator("tbody tr");

/** The page is at `path` with exactly these parameters (a GET form also sends its empty fields). */
async function expectView(page: Page, path: string, params: Record<string, string>) {
  await expect
    .poll(() => {
      const url = new URL(page.url());
      return { path: url.pathname, params: Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")) };
    })
    .toEqual({ path, params });
}

/** A new admin with a new organization of `posts` drafts (made over the JSON API): lists with several pages. */
async function orgWithPosts(page: Page, label: string, posts: number): Promise<string> {
  const id = `${label}-${Date.now().toString(36)}`;
  await register(page, `${id}@lists.test`, "a long and unusual passphrase 42", { name: `Lists ${label}` });
  const nameField = page.getByLabel("Organization name");
  // The form needs JavaScript: type until the URL-name suggestion shows it is live.
  await expect(async () => {
    await nameField.fill("");
    await nameField.fill(`Lists ${id}`);
    await expect(page.getByLabel("URL name")).not.toHaveValue("", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/dashboard\/(?!new$)[a-z0-9-]+$/, { timeout: 10_000 });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  for (let i = 1; i <= posts; i++) {
    const number = String(i).padStart(2, "0");
    const response = await page.request.post(`/api/orgs/${slug}/posts`, {
      data: { title: `Draft ${number}`, slug: `draft-${number}`, body: `Body ${number}` },
    });
    expect(response.status()).toBe(201);
  }
  return slug;
}

async function withoutJavaScript(browser: Browser, signedIn: Page) {
  const context = await browser.newContext({ storageState: await signedIn.context().storageState(), javaScriptEnabled: false });
  return { page: await context.newPage(), close: () => context.close() };
}

test.describe("lists", () => {
  test("members: sorting and filtering are URLs; back and forward walk through them", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    await page.goto("/dashboard/acme/members");
    const name = page.getByRole("columnheader", { name: /^Name/ });
    const joined = page.getByRole("columnheader", { name: /^Joined/ });
    await expect(joined).toHaveAttribute("aria-sort", "descending");

    await name.getByRole("link").click();
    await expect(page).toHaveURL(/\/members\?sort=name&dir=asc$/);
    await expect(name).toHaveAttribute("aria-sort", "ascending");
    // The header follows at once; the rows when the server's page arrives.
    await expect(dataRows(page).first()).toContainText("Alice Admin");
    await name.getByRole("link").click();
    // Descending is the default direction: left out of the URL.
    await expect(page).toHaveURL(/\/members\?sort=name$/);
    await expect(name).toHaveAttribute("aria-sort", "descending");
    await expect(dataRows(page).last()).toContainText("Alice Admin");

    await page.getByLabel("Filter by role").selectOption("viewer");
    await expect(page).toHaveURL(/\/members\?sort=name&role=viewer$/);
    await expect(dataRows(page).filter({ hasText: "Vera Viewer" })).toHaveCount(1);
    await expect(dataRows(page).filter({ hasText: "Alice Admin" })).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(/\/members\?sort=name$/);
    await expect(page.getByLabel("Filter by role")).toHaveValue("");
    await expect(dataRows(page).filter({ hasText: "Alice Admin" })).toHaveCount(1);
    await page.goBack();
    await expect(name).toHaveAttribute("aria-sort", "ascending");
    await expect(dataRows(page).first()).toContainText("Alice Admin");
    await page.goBack();
    await expect(page).toHaveURL(/\/members$/);
    await expect(joined).toHaveAttribute("aria-sort", "descending");
    await page.goForward();
    await expect(page).toHaveURL(/\/members\?sort=name&dir=asc$/);
    await expect(name).toHaveAttribute("aria-sort", "ascending");
  });

  test("members: hidden columns stay hidden after a reload", async ({ page }) => {
    await signIn(page, "admin@acme.test");
    await page.goto("/dashboard/acme/members");
    await expect(page.getByRole("columnheader", { name: /^Email/ })).toBeVisible();
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Email" }).click();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("columnheader", { name: /^Email/ })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("columnheader", { name: /^Role/ })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /^Email/ })).toHaveCount(0);
  });

  test("posts and the audit log page, sort and filter without JavaScript; back and forward with it", async ({ page, browser }) => {
    const slug = await orgWithPosts(page, "paging", 55);
    const manage = `/dashboard/${slug}/posts/manage`;

    // With JavaScript: a page, then back.
    await page.goto(manage);
    await expect(page.getByText("Page 1 of 3", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(new RegExp(`${manage}\\?page=2$`));
    await expect(page.getByText("Page 2 of 3", { exact: true })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`${manage}$`));
    await expect(page.getByText("Page 1 of 3", { exact: true })).toBeVisible();

    const noJs = await withoutJavaScript(browser, page);
    const { page: plain } = noJs;
    await plain.goto(manage);
    await expect(dataRows(plain)).toHaveCount(20);
    await plain.getByRole("link", { name: "Last page" }).click();
    await expect(plain).toHaveURL(new RegExp(`${manage}\\?page=3$`));
    await expect(dataRows(plain)).toHaveCount(15);
    await plain.getByRole("link", { name: "Previous page" }).click();
    await expect(plain).toHaveURL(new RegExp(`${manage}\\?page=2$`));

    await plain
      .getByRole("columnheader", { name: /^Title/ })
      .getByRole("link")
      .click();
    await expect(plain).toHaveURL(new RegExp(`${manage}\\?sort=title&dir=asc$`));
    await expect(dataRows(plain).first()).toContainText("Draft 01");

    await plain.getByLabel("Title contains").fill("Draft 07");
    await plain.getByRole("button", { name: "Filter" }).click();
    await expectView(plain, manage, { q: "Draft 07", sort: "title", dir: "asc" });
    await expect(dataRows(plain)).toHaveCount(1);
    await expect(plain.getByLabel("Title contains")).toHaveValue("Draft 07");

    // The audit log: the organization and 55 posts created, 50 events a page.
    await plain.goto(`/dashboard/${slug}/audit`);
    await expect(plain.getByText("Page 1 of 2", { exact: true })).toBeVisible();
    await plain.getByRole("link", { name: "Next page" }).click();
    await expect(plain).toHaveURL(new RegExp(`/audit\\?page=2$`));
    await expect(plain.getByText("Page 2 of 2", { exact: true })).toBeVisible();
    await plain.getByLabel("Action starts with").fill("orgs");
    await plain.getByRole("button", { name: "Filter" }).click();
    await expectView(plain, `/dashboard/${slug}/audit`, { action: "orgs" });
    await expect(dataRows(plain).filter({ hasText: "posts.create" })).toHaveCount(0);
    await noJs.close();
  });

  test("members: the search box and the role filter work without JavaScript", async ({ page, browser }) => {
    await signIn(page, "admin@acme.test");
    const noJs = await withoutJavaScript(browser, page);
    const { page: plain } = noJs;
    await plain.goto("/dashboard/acme/members");
    await plain.getByLabel("Search members").fill("vera");
    await plain.getByRole("button", { name: "Search" }).click();
    await expectView(plain, "/dashboard/acme/members", { q: "vera" });
    await expect(dataRows(plain)).toHaveCount(1);
    await expect(dataRows(plain).first()).toContainText("Vera Viewer");
    await noJs.close();
  });
});

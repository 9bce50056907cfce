import { expect, test, type Browser, type Page } from "@playwright/test";

// Posts end to end, on the demo data: Eddie Editor, Vera Viewer and Alice Admin of acme. Every test
// makes its own posts with unique titles, so tests are independent of each other and of re-runs.

const PASSWORD = "demo-password-1";
const EDITOR = "editor@acme.test";
const VIEWER = "viewer@acme.test";
const ADMIN = "admin@acme.test";
const POSTS = "/dashboard/acme/posts";

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard\/acme$/);
  return page;
}

/** A published post by the signed-in user, made through the JSON API (the UI flow has its own test). */
async function publishedPostVia(page: Page, title: string): Promise<{ id: string; slug: string }> {
  const created = await page.request.post(`/api/orgs/acme/posts`, { data: { title, slug: slugOf(title), body: `The body of ${title}.` } });
  expect(created.status()).toBe(201);
  const { data } = (await created.json()) as { data: { id: string; slug: string } };
  await page.goto(`${POSTS}/${data.slug}`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();
  return data;
}

async function postIdByTitle(page: Page, title: string): Promise<string> {
  const response = await page.request.get(`/api/orgs/acme/posts?q=${encodeURIComponent(title)}`);
  const { data } = (await response.json()) as { data: { posts: { id: string; title: string }[] } };
  const post = data.posts.find((candidate) => candidate.title === title);
  expect(post, `post "${title}"`).toBeDefined();
  return post!.id;
}

test("an editor writes a draft, previews and publishes it; a viewer reads it, never a draft", async ({ browser }) => {
  const title = unique("Launch notes");
  const editor = await signedIn(browser, EDITOR);
  await editor.goto(`${POSTS}/new`);
  await editor.getByLabel("Title", { exact: true }).fill(title);
  await expect(editor.getByLabel("URL name")).toHaveValue(slugOf(title));
  await editor.getByLabel("Body", { exact: true }).fill("## What shipped\n\nA **faster** dashboard.\n\n<img src=x onerror=alert(1)>");

  await editor.getByRole("tab", { name: "Preview" }).click();
  const preview = editor.getByTestId("post-preview");
  await expect(preview.getByRole("heading", { name: "What shipped" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("faster");
  await expect(preview.locator("[onerror]")).toHaveCount(0);

  await editor.getByRole("button", { name: "Save draft" }).click();
  await expect(editor).toHaveURL(`${POSTS}/${slugOf(title)}`);
  await expect(editor.getByText(/^Draft · only you and admins/)).toBeVisible();
  const draftUrl = new URL(editor.url()).pathname;

  const viewer = await signedIn(browser, VIEWER);
  await viewer.goto(draftUrl);
  await expect(viewer.getByRole("heading", { name: "Not found" })).toBeVisible();
  await viewer.goto(POSTS);
  await expect(viewer.getByRole("link", { name: title })).toHaveCount(0);

  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(editor.getByRole("button", { name: "Unpublish" })).toBeVisible();
  await expect(editor.getByText(/^Draft · /)).toHaveCount(0);

  await viewer.goto(POSTS);
  await viewer.getByRole("link", { name: title }).click();
  await expect(viewer.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(viewer.getByRole("heading", { name: "What shipped" })).toBeVisible();
  await expect(viewer.getByText("By Eddie Editor")).toBeVisible();
  for (const control of ["Edit", "Publish", "Unpublish", "Delete"]) await expect(viewer.getByRole("button", { name: control })).toHaveCount(0);

  // The seeded draft is no more visible than the new one was.
  await viewer.goto(`${POSTS}/draft-onboarding-checklist`);
  await expect(viewer.getByRole("heading", { name: "Not found" })).toBeVisible();
  await editor.context().close();
  await viewer.context().close();
});

test("an editor cannot change Alice's post, in the UI or the API; an admin can change the editor's", async ({ browser }) => {
  const editor = await signedIn(browser, EDITOR);
  await editor.goto(`${POSTS}/security-policy-update`);
  await expect(editor.getByRole("heading", { name: "Security policy update", level: 1 })).toBeVisible();
  await expect(editor.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(editor.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(editor.getByRole("button", { name: "Unpublish" })).toHaveCount(0);

  const alicesPost = await postIdByTitle(editor, "Security policy update");
  const patched = await editor.request.patch(`/api/orgs/acme/posts/${alicesPost}`, { data: { title: "Taken over", version: 1 } });
  expect(patched.status()).toBe(403);
  expect((await editor.request.delete(`/api/orgs/acme/posts/${alicesPost}`)).status()).toBe(403);
  await editor.goto(`${POSTS}/security-policy-update/edit`);
  await expect(editor).toHaveURL(/\/unauthorized$/);

  const title = unique("Editor's announcement");
  const { slug } = await publishedPostVia(editor, title);

  const admin = await signedIn(browser, ADMIN);
  await admin.goto(`${POSTS}/${slug}`);
  await admin.getByRole("link", { name: "Edit" }).click();
  await admin.getByLabel("Title", { exact: true }).fill(`${title} (edited by Alice)`);
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByText("Changes saved.")).toBeVisible();
  await admin.getByRole("link", { name: "View post" }).click();
  await expect(admin.getByRole("heading", { name: `${title} (edited by Alice)`, level: 1 })).toBeVisible();

  await admin.getByRole("button", { name: "Delete" }).click();
  await admin.getByRole("button", { name: "Delete permanently" }).click();
  await expect(admin).toHaveURL(POSTS);
  await admin.goto(`${POSTS}/${slug}`);
  await expect(admin.getByRole("heading", { name: "Not found" })).toBeVisible();
  await editor.context().close();
  await admin.context().close();
});

test("two people editing the same post: the second save shows the conflict with both texts", async ({ browser }) => {
  const title = unique("Shared plan");
  const first = await signedIn(browser, EDITOR);
  const { slug } = await publishedPostVia(first, title);
  const second = await signedIn(browser, ADMIN);
  await first.goto(`${POSTS}/${slug}/edit`);
  await second.goto(`${POSTS}/${slug}/edit`);

  await first.getByLabel("Title", { exact: true }).fill(`${title}, revised`);
  await first.getByRole("button", { name: "Save changes" }).click();
  await expect(first.getByText("Changes saved.")).toBeVisible();

  await second.getByLabel("Body", { exact: true }).fill("Alice's rewrite of the plan.");
  await second.getByRole("button", { name: "Save changes" }).click();
  const conflict = second.getByTestId("post-conflict");
  await expect(conflict.getByText("Someone changed this post since you opened it.")).toBeVisible();
  await expect(conflict.getByLabel("Their version (saved): body")).toHaveValue(`The body of ${title}.`);
  await expect(conflict.getByLabel("Your version (not saved): body")).toHaveValue("Alice's rewrite of the plan.");
  await expect(conflict.getByText(`${title}, revised`)).toBeVisible();

  // Leaving with unsaved changes asks first; declining stays in the editor.
  second.once("dialog", (dialog) => void dialog.dismiss());
  await second.getByRole("link", { name: "Cancel" }).click();
  await expect(second).toHaveURL(`${POSTS}/${slug}/edit`);

  await conflict.getByRole("button", { name: "Keep mine and overwrite" }).click();
  await expect(second.getByText("Changes saved.")).toBeVisible();
  await expect(conflict).toHaveCount(0);
  await second.goto(`${POSTS}/${slug}`);
  await expect(second.getByText("Alice's rewrite of the plan.")).toBeVisible();
  await first.context().close();
  await second.context().close();
});

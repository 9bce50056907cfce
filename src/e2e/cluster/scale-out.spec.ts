// Two app instances on one PostgreSQL database and one Redis: what a user or an attacker does
// through one instance holds on the other. (Cookies are per host, not per port, so one browser
// context is signed in to both instances at once, as behind a load balancer.)
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { freePort, seededPostgres, startApp, type AppInstance } from "../../test/cluster";
import type { TestDatabase } from "../../test/databases";
import { register, signIn } from "../support";

const PASSWORD = "a perfectly fine passphrase";

/** GET /api/me answers { data: Me }. */
type Me = { memberships: { org: { slug: string; name: string }; role: string }[] };

let database: TestDatabase;
let a: AppInstance;
let b: AppInstance;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await seededPostgres();
  const portA = await freePort(3210);
  a = await startApp({ port: portA, databaseUrl: database.url });
  b = await startApp({ port: await freePort(portA + 1), databaseUrl: database.url });
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

/** Posts the credentials form the way a script would; answers the status and where it redirects. */
async function postCredentials(request: APIRequestContext, origin: string, email: string, password: string) {
  const { csrfToken } = (await (await request.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await request.post(`${origin}/api/auth/callback/credentials`, {
    form: { email, password, csrfToken, callbackUrl: "/dashboard" },
    maxRedirects: 0,
  });
  return { status: response.status(), location: response.headers()["location"] ?? "" };
}

async function newBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("a sign-in on one instance is a sign-in on the other", async ({ browser }) => {
  const { context, page } = await newBrowser(browser);
  await signIn(page, "admin@acme.test", { origin: a.origin });

  await page.goto(`${b.origin}/dashboard/acme/members`);
  await expect(page).toHaveURL(`${b.origin}/dashboard/acme/members`);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as admin@acme.test");
  const { data: me } = (await (await context.request.get(`${b.origin}/api/me`)).json()) as { data: Me };
  expect(me.memberships).toContainEqual({ org: { slug: "acme", name: "Acme Inc." }, role: "admin" });
  await context.close();
});

test("the sign-in limit counts failures made on both instances", async ({ browser }) => {
  const { context, page } = await newBrowser(browser);
  // A user of this run only: the limit lives in the shared Redis for 15 minutes.
  const email = `limit-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
  await register(page, email, PASSWORD, { name: "Limit Tester", origin: a.origin });
  await context.clearCookies();

  // Five wrong passwords, alternating instances: each is an ordinary failure.
  for (let attempt = 1; attempt <= 5; attempt++) {
    const origin = attempt % 2 ? a.origin : b.origin;
    const failure = await postCredentials(context.request, origin, email, `wrong ${attempt}`);
    expect(failure.location, `attempt ${attempt} on ${origin}`).toContain("error=CredentialsSignin");
  }
  // The sixth, with the right password, is refused by both: neither counted alone to five.
  for (const origin of [a.origin, b.origin]) {
    const refused = await postCredentials(context.request, origin, email, PASSWORD);
    expect(refused.status, `right password on ${origin} after 5 failures`).toBe(429);
  }
  await context.close();
});

test("signing out of all other devices on one instance ends the session on the other", async ({ browser }) => {
  const here = await newBrowser(browser);
  const there = await newBrowser(browser);
  await signIn(here.page, "multi@demo.test", { origin: a.origin });
  await signIn(there.page, "multi@demo.test", { origin: b.origin });
  await there.page.goto(`${b.origin}/dashboard/globex`);
  await expect(there.page.getByTestId("signed-in-as")).toHaveText("Signed in as multi@demo.test");

  await here.page.goto(`${a.origin}/settings/account`);
  await expect(here.page.getByTestId("session")).toHaveCount(2);
  await expect(async () => {
    await here.page.getByRole("button", { name: "Sign out of all other devices" }).click();
    await expect(here.page.getByTestId("form-notice")).toHaveText("Signed out of all other devices.", { timeout: 3_000 });
  }).toPass({ timeout: 15_000 });

  // The very next request on the other instance: no 5-second cache window, the revocation is shared.
  await there.page.goto(`${b.origin}/dashboard/globex`);
  await expect(there.page).toHaveURL(new RegExp(`^${b.origin}/login`));
  expect((await there.context.request.get(`${b.origin}/api/me`)).status()).toBe(401);
  // The device that asked stays signed in, on both instances.
  expect((await here.context.request.get(`${b.origin}/api/me`)).status()).toBe(200);
  await Promise.all([here.context.close(), there.context.close()]);
});

test("a role change made through one instance applies on the other at the next request", async ({ browser }) => {
  const admin = await newBrowser(browser);
  const editor = await newBrowser(browser);
  await signIn(admin.page, "admin@acme.test", { origin: a.origin });
  await signIn(editor.page, "editor@acme.test", { origin: b.origin });
  const createPost = (n: number) =>
    editor.context.request.post(`${b.origin}/api/orgs/acme/posts`, {
      data: { title: `Scale-out post ${n}`, slug: `scale-out-post-${n}-${Date.now().toString(36)}`, body: "Written on instance B." },
    });
  expect((await createPost(1)).status()).toBe(201);

  const listing = await admin.context.request.get(`${a.origin}/api/orgs/acme/members?q=editor%40acme.test`);
  const { members } = ((await listing.json()) as { data: { members: { userId: string; email: string }[] } }).data;
  const editorId = members.find((member) => member.email === "editor@acme.test")!.userId;
  const demoted = await admin.context.request.patch(`${a.origin}/api/orgs/acme/members/${editorId}`, { data: { role: "viewer" } });
  expect(demoted.status()).toBe(200);

  const refused = await createPost(2);
  expect(refused.status()).toBe(403);
  const { data: me } = (await (await editor.context.request.get(`${b.origin}/api/me`)).json()) as { data: Me };
  expect(me.memberships.find((membership) => membership.org.slug === "acme")?.role).toBe("viewer");
  await editor.page.goto(`${b.origin}/dashboard/acme/posts/new`);
  await expect(editor.page).toHaveURL(new RegExp(`^${b.origin}/unauthorized`));
  await Promise.all([admin.context.close(), editor.context.close()]);
});

test("neither instance crashed", () => {
  for (const instance of [a, b]) expect(instance.process.exitCode, instance.output()).toBeNull();
});

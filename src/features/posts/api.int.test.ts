import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET as getPost, PATCH } from "@/app/api/orgs/[org]/posts/[id]/route";
import { GET as listPosts, POST as createPost } from "@/app/api/orgs/[org]/posts/route";
import { db } from "@/server/db";
import type { SessionUser } from "@/server/session";
import { createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";

// The JSON API, called as Next.js calls route handlers: a Request and a params promise.

const ORIGIN = "http://localhost:3000";

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Request {
  const mutating = !["GET", "HEAD"].includes(method);
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { host: "localhost:3000", ...(mutating ? { "content-type": "application/json", origin: ORIGIN } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

const collection = (org: string) => ({ params: Promise.resolve({ org }) });
const item = (org: string, id: string) => ({ params: Promise.resolve({ org, id }) });

// Response bodies are checked field by field with expect(); their static type adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(response: Promise<Response>): Promise<{ status: number; json: Json }> {
  const res = await response;
  return { status: res.status, json: await res.json() };
}

let seq = 0;
async function makePost(orgId: string, author: SessionUser, status: "draft" | "published", title = `Post ${++seq}`, publishedAt = new Date()) {
  return db.post.create({
    data: {
      orgId,
      authorId: author.id,
      title,
      slug: `api-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
      body: `# ${title}\n\nText.`,
      excerpt: "Text.",
      status,
      publishedAt: status === "published" ? publishedAt : null,
    },
    select: { id: true, slug: true, title: true, version: true },
  });
}

let acme: TestOrg;
let other: TestOrg;
let outsider: SessionUser;

beforeAll(async () => {
  acme = await createOrg("api");
  other = await createOrg("api-other");
  outsider = await createUser("Outsider");
});

describe("GET /api/orgs/{org}/posts", () => {
  it("lists published posts to every member and drafts only to their author and admins", async () => {
    const published = await makePost(acme.id, acme.admin, "published");
    const editorsDraft = await makePost(acme.id, acme.editor, "draft");
    const adminsDraft = await makePost(acme.id, acme.admin, "draft");
    const ids = (json: Json) => (json.data.posts as { id: string }[]).map((post) => post.id);

    actAs(acme.viewer);
    const asViewer = await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts`), collection(acme.slug)));
    expect(asViewer.status).toBe(200);
    expect(ids(asViewer.json)).toContain(published.id);
    expect(ids(asViewer.json)).not.toContain(editorsDraft.id);
    expect((await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts?status=draft`), collection(acme.slug)))).json.data.posts).toEqual([]);

    actAs(acme.editor);
    const editorsDrafts = ids((await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts?status=draft`), collection(acme.slug)))).json);
    expect(editorsDrafts).toEqual([editorsDraft.id]);

    actAs(acme.admin);
    const adminsDrafts = ids((await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts?status=draft`), collection(acme.slug)))).json);
    expect(adminsDrafts.sort()).toEqual([editorsDraft.id, adminsDraft.id].sort());
  });

  it("returns authors by id and name, never anyone's email", async () => {
    await makePost(acme.id, acme.admin, "published");
    actAs(acme.viewer);
    const { json } = await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts`), collection(acme.slug)));
    expect(json.data.posts[0].author).toEqual({ id: expect.any(String), name: expect.any(String) });
    expect(JSON.stringify(json)).not.toContain("@");
  });

  it("paginates by 20, newest first, and searches titles without case or wildcards", async () => {
    const org = await createOrg("api-pages");
    const start = Date.now() - 100 * 60_000;
    for (let i = 0; i < 25; i++) await makePost(org.id, org.editor, "published", `Page post ${i}`, new Date(start + i * 60_000));
    await makePost(org.id, org.editor, "published", "Quarterly ROADMAP review");
    await makePost(org.id, org.editor, "published", "100% done");
    actAs(org.viewer);
    const page = (query: string) => call(listPosts(request("GET", `/api/orgs/${org.slug}/posts${query}`), collection(org.slug)));

    const first = await page("?status=published&sort=published");
    expect(first.json.data).toMatchObject({ page: 1, pageSize: 20, total: 27, totalCapped: false });
    expect(first.json.data.posts).toHaveLength(20);
    const second = await page("?status=published&sort=published&page=2");
    expect(second.json.data.posts.map((post: { title: string }) => post.title).slice(-2)).toEqual(["Page post 1", "Page post 0"]);

    const titles = async (query: string) => (await page(query)).json.data.posts.map((post: { title: string }) => post.title);
    expect(await titles("?q=roadmap")).toEqual(["Quarterly ROADMAP review"]);
    expect(await titles("?q=roadmap%20quarterly")).toEqual(["Quarterly ROADMAP review"]);
    // LIKE's wildcards are not wildcards here: "100%" is the word "100"; "%" or "_" alone match nothing.
    expect(await titles("?q=100%25")).toEqual(["100% done"]);
    expect((await page("?q=%25")).json.data.total).toBe(0);
    expect((await page("?q=post_2")).json.data.posts.length).toBeGreaterThan(0);
    expect((await page("?q=_")).json.data.total).toBe(0);
  });

  it("sorts drafts after published posts by publication date, in either direction, on both databases", async () => {
    const org = await createOrg("api-sort");
    const old = await makePost(org.id, org.admin, "published", "Older", new Date(Date.now() - 86_400_000));
    const draft = await makePost(org.id, org.admin, "draft", "Unpublished");
    const recent = await makePost(org.id, org.admin, "published", "Recent");
    actAs(org.admin);
    const order = async (dir: string) =>
      (await call(listPosts(request("GET", `/api/orgs/${org.slug}/posts?sort=published&dir=${dir}`), collection(org.slug)))).json.data.posts.map(
        (post: { id: string }) => post.id,
      );
    expect(await order("desc")).toEqual([recent.id, old.id, draft.id]);
    expect(await order("asc")).toEqual([old.id, recent.id, draft.id]);
  });

  it("answers 401 to anonymous callers and 404 to non-members", async () => {
    actAs(null);
    expect((await listPosts(request("GET", `/api/orgs/${acme.slug}/posts`), collection(acme.slug))).status).toBe(401);
    actAs(outsider);
    expect((await listPosts(request("GET", `/api/orgs/${acme.slug}/posts`), collection(acme.slug))).status).toBe(404);
  });
});

describe("POST /api/orgs/{org}/posts", () => {
  const body = () => ({ title: "Posted over the API", slug: `api-created-${++seq}`, body: "Hello" });

  it("creates a draft for editors and admins (201)", async () => {
    actAs(acme.editor);
    const { status, json } = await call(createPost(request("POST", `/api/orgs/${acme.slug}/posts`, body()), collection(acme.slug)));
    expect(status).toBe(201);
    expect(json.data).toMatchObject({ title: "Posted over the API", status: "draft", version: 1, author: { id: acme.editor.id, name: acme.editor.name } });
  });

  it("answers 401, 404, 403 and 400 as the guard says", async () => {
    const post = () => createPost(request("POST", `/api/orgs/${acme.slug}/posts`, body()), collection(acme.slug));
    actAs(null);
    expect((await post()).status).toBe(401);
    actAs(outsider);
    expect((await post()).status).toBe(404);
    actAs(other.admin);
    expect((await post()).status).toBe(404);
    actAs(acme.viewer);
    expect((await post()).status).toBe(403);
    actAs(acme.editor);
    const invalid = await call(createPost(request("POST", `/api/orgs/${acme.slug}/posts`, { title: "x", slug: "Bad Slug", body: "" }), collection(acme.slug)));
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.json.error.fields).sort()).toEqual(["body", "slug", "title"]);
  });

  it("answers 400 naming a bad list parameter: the API is strict where the page falls back", async () => {
    actAs(acme.editor);
    const list = await call(listPosts(request("GET", `/api/orgs/${acme.slug}/posts?status=archived&sort=title&page=0`), collection(acme.slug)));
    expect(list.status).toBe(400);
    expect(Object.keys(list.json.error.fields).sort()).toEqual(["page", "status"]);
  });

  it("refuses a cross-site request (403) even from an editor", async () => {
    actAs(acme.editor);
    const response = await createPost(request("POST", `/api/orgs/${acme.slug}/posts`, body(), { origin: "https://evil.example" }), collection(acme.slug));
    expect(response.status).toBe(403);
    expect(await db.post.count({ where: { orgId: acme.id, title: "Posted over the API", slug: `api-created-${seq}` } })).toBe(0);
  });

  it("answers 400 with a field error for a slug already used in the org", async () => {
    const existing = await makePost(acme.id, acme.editor, "published");
    actAs(acme.editor);
    const { status, json } = await call(createPost(request("POST", `/api/orgs/${acme.slug}/posts`, { ...body(), slug: existing.slug }), collection(acme.slug)));
    expect(status).toBe(400);
    expect(json.error.fields).toEqual({ slug: "Another post in this organization already uses this URL name." });
  });
});

describe("GET|PATCH|DELETE /api/orgs/{org}/posts/{id}", () => {
  it("reads a published post with its sanitized HTML; a draft is 404 for a viewer", async () => {
    const published = await makePost(acme.id, acme.editor, "published", "Readable");
    const draft = await makePost(acme.id, acme.editor, "draft");
    actAs(acme.viewer);
    const read = await call(getPost(request("GET", `/api/orgs/${acme.slug}/posts/${published.id}`), item(acme.slug, published.id)));
    expect(read.status).toBe(200);
    expect(read.json.data).toMatchObject({ id: published.id, html: "<h1>Readable</h1>\n<p>Text.</p>\n", author: { id: acme.editor.id } });
    expect((await getPost(request("GET", `/api/orgs/${acme.slug}/posts/${draft.id}`), item(acme.slug, draft.id))).status).toBe(404);
    actAs(acme.editor);
    expect((await getPost(request("GET", `/api/orgs/${acme.slug}/posts/${draft.id}`), item(acme.slug, draft.id))).status).toBe(200);
    actAs(acme.admin);
    expect((await getPost(request("GET", `/api/orgs/${acme.slug}/posts/${draft.id}`), item(acme.slug, draft.id))).status).toBe(200);
    const elsewhere = await makePost(other.id, other.editor, "published");
    expect((await getPost(request("GET", `/api/orgs/${acme.slug}/posts/${elsewhere.id}`), item(acme.slug, elsewhere.id))).status).toBe(404);
  });

  it("PATCH: 403 on someone else's post, 400 without a version, 409 with both versions when stale, 200 otherwise", async () => {
    const post = await makePost(acme.id, acme.editor, "published", "Original");
    const patch = (patchBody: unknown) => call(PATCH(request("PATCH", `/api/orgs/${acme.slug}/posts/${post.id}`, patchBody), item(acme.slug, post.id)));

    const adminsPost = await makePost(acme.id, acme.admin, "published");
    actAs(acme.editor);
    expect(
      (await PATCH(request("PATCH", `/api/orgs/${acme.slug}/posts/${adminsPost.id}`, { title: "Mine now", version: 1 }), item(acme.slug, adminsPost.id)))
        .status,
    ).toBe(403);

    const missingVersion = await patch({ title: "No version" });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.json.error.fields).toHaveProperty("version");

    const first = await patch({ title: "Renamed once", version: post.version });
    expect(first.status).toBe(200);
    expect(first.json.data).toMatchObject({ title: "Renamed once", version: post.version + 1 });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id }, select: { body: true } })).toEqual({ body: "# Original\n\nText." });

    const stale = await patch({ title: "Renamed from a stale copy", version: post.version });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({
      code: "conflict",
      message: "Someone changed this post since you opened it.",
      current: { title: "Renamed once", version: post.version + 1 },
      yours: { title: "Renamed from a stale copy", version: post.version },
    });

    actAs(acme.admin);
    const bodyOnly = await patch({ body: "Admin edit", version: post.version + 1 });
    expect(bodyOnly.status).toBe(200);
    // "Text." is not what the old body would derive ("Original Text."): it was explicit, so it stays.
    expect(bodyOnly.json.data.excerpt).toBe("Text.");
  });

  it("PATCH without an excerpt: a derived excerpt follows the new body", async () => {
    actAs(acme.editor);
    const created = await call(
      createPost(request("POST", `/api/orgs/${acme.slug}/posts`, { title: "Derived", slug: `derived-${++seq}`, body: "First words." }), collection(acme.slug)),
    );
    expect(created.json.data.excerpt).toBe("First words.");
    const { id, version } = created.json.data;
    const patched = await call(PATCH(request("PATCH", `/api/orgs/${acme.slug}/posts/${id}`, { body: "Second words.", version }), item(acme.slug, id)));
    expect(patched.json.data.excerpt).toBe("Second words.");
  });

  it("DELETE: 403 for an editor on someone else's post, 200 for the author, then 404", async () => {
    const post = await makePost(acme.id, acme.editor, "published");
    const adminsPost = await makePost(acme.id, acme.admin, "published");
    actAs(acme.editor);
    expect((await DELETE(request("DELETE", `/api/orgs/${acme.slug}/posts/${adminsPost.id}`), item(acme.slug, adminsPost.id))).status).toBe(403);
    expect((await DELETE(request("DELETE", `/api/orgs/${acme.slug}/posts/${post.id}`), item(acme.slug, post.id))).status).toBe(200);
    expect((await getPost(request("GET", `/api/orgs/${acme.slug}/posts/${post.id}`), item(acme.slug, post.id))).status).toBe(404);
    expect((await DELETE(request("DELETE", `/api/orgs/${acme.slug}/posts/${post.id}`), item(acme.slug, post.id))).status).toBe(404);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { GET as getPost } from "@/app/api/orgs/[org]/posts/[id]/route";
import { POST as createPostRoute } from "@/app/api/orgs/[org]/posts/route";
import { db } from "@/server/db";
import { createOrg, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { createPost, previewPost, updatePost } from "./actions";
import { rendererKey } from "./markdown";
import { PATHOLOGICAL_BODIES, TOO_DEEP_BODIES } from "./markdown/pathological";

// Post bodies are rendered once, when written, off the event loop; reads serve the stored HTML.

const ORIGIN = "http://localhost:3000";
let acme: TestOrg;
let seq = 0;
const slug = () => `rendering-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  acme = await createOrg("rendering");
});

/** Resolves once the event loop has run something else: a render holding it would come first. */
function otherWork(order: string[]): Promise<void> {
  return new Promise((resolve) => setImmediate(() => resolve(void order.push("other work"))));
}

describe("write-time rendering", () => {
  it("stores the sanitized HTML and the renderer with the post", async () => {
    actAs(acme.editor);
    const result = await createPost({ org: acme.slug, input: { title: "Stored HTML", slug: slug(), body: "# Hi\n\n<img src=x onerror=alert(1)> *there*" } });
    if (!result.ok) throw new Error(result.error);
    const row = await db.post.findUniqueOrThrow({
      where: { id: result.data.id },
      select: { html: true, htmlRenderer: true, excerpt: true, excerptDerived: true },
    });
    expect(row).toEqual({
      html: '<h1>Hi</h1>\n<p><img src="x" /> <em>there</em></p>\n',
      htmlRenderer: rendererKey(),
      excerpt: "Hi there",
      excerptDerived: true,
    });
  });

  it("serves stored HTML on reads, and renders a post from an older renderer once, keeping it", async () => {
    const post = await db.post.create({
      data: {
        orgId: acme.id,
        authorId: acme.editor.id,
        title: "Old post",
        slug: slug(),
        body: "Old *body*",
        excerpt: "Old body",
        status: "published",
        publishedAt: new Date(),
        html: "<p>stale</p>",
        htmlRenderer: "marked.1",
      },
    });
    actAs(acme.viewer);
    const res = await getPost(new Request(`${ORIGIN}/api/orgs/${acme.slug}/posts/${post.id}`, { headers: { host: "localhost:3000" } }), {
      params: Promise.resolve({ org: acme.slug, id: post.id }),
    });
    const json = await res.json();
    expect(res.status).toBe(200);
    expect(json.data.html).toBe("<p>Old <em>body</em></p>\n");
    expect(json.data).not.toHaveProperty("htmlRenderer");
    const stored = await db.post.findUniqueOrThrow({
      where: { id: post.id },
      select: { html: true, htmlRenderer: true, updatedAt: true, version: true, excerptDerived: true },
    });
    expect(stored).toEqual({
      html: "<p>Old <em>body</em></p>\n",
      htmlRenderer: rendererKey(),
      updatedAt: post.updatedAt,
      version: post.version,
      excerptDerived: true,
    });
  });

  it("keeps an explicit excerpt explicit and a derived one following the body", async () => {
    actAs(acme.editor);
    const created = await createPost({ org: acme.slug, input: { title: "Excerpts", slug: slug(), body: "First words.", excerpt: "" } });
    if (!created.ok) throw new Error(created.error);
    const edited = await updatePost({
      org: acme.slug,
      target: created.data.id,
      input: { title: "Excerpts", slug: created.data.slug, body: "Second words.", excerpt: "", version: created.data.version },
    });
    expect(edited).toMatchObject({ ok: true, data: { excerpt: "Second words." } });
    const explicit = await updatePost({
      org: acme.slug,
      target: created.data.id,
      input: { title: "Excerpts", slug: created.data.slug, body: "Third words.", excerpt: "By hand.", version: created.data.version + 1 },
    });
    expect(explicit).toMatchObject({ ok: true, data: { excerpt: "By hand." } });
  });
});

describe("hostile bodies", () => {
  it.each(Object.entries(TOO_DEEP_BODIES))("refuses %s with a clear 400 on the body, on create and preview", async (_name, body) => {
    actAs(acme.editor);
    const created = await createPost({ org: acme.slug, input: { title: "Too deep", slug: slug(), body } });
    expect(created).toMatchObject({ ok: false, code: "invalid", fieldErrors: { body: expect.stringMatching(/^This post nests too deeply/) } });
    const preview = await previewPost({ org: acme.slug, input: { body } });
    expect(preview).toMatchObject({ ok: false, code: "invalid", fieldErrors: { body: expect.stringMatching(/^This post nests too deeply/) } });
  });

  it("answers the API's too-deep body with a 400 naming the body", async () => {
    actAs(acme.editor);
    const res = await createPostRoute(
      new Request(`${ORIGIN}/api/orgs/${acme.slug}/posts`, {
        method: "POST",
        headers: { host: "localhost:3000", origin: ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ title: "Too deep", slug: slug(), body: TOO_DEEP_BODIES["> × 50,000"] }),
      }),
      { params: Promise.resolve({ org: acme.slug }) },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.body).toMatch(/^This post nests too deeply/);
  });

  it("previews the worst bodies without holding the event loop", async () => {
    actAs(acme.editor);
    // The slowest bodies: a fast one's reply could arrive in the same turn of the loop as the check.
    for (const body of [PATHOLOGICAL_BODIES["20,000-row table"]!, PATHOLOGICAL_BODIES["*a"]!]) {
      const order: string[] = [];
      const preview = previewPost({ org: acme.slug, input: { body } }).then((result) => {
        order.push("preview");
        return result;
      });
      await otherWork(order);
      expect(await preview).toMatchObject({ ok: true });
      expect(order).toEqual(["other work", "preview"]);
    }
  });
});

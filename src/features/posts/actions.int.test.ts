import { revalidatePath } from "next/cache";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import type { SessionUser } from "@/server/session";
import { addMember, createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { bulkDeletePosts, bulkPublishPosts, bulkUnpublishPosts, createPost, deletePost, previewPost, publishPost, unpublishPost, updatePost } from "./actions";
import { listPosts } from "./queries";

interface TestPost {
  id: string;
  slug: string;
  title: string;
  version: number;
}

let counter = 0;

/** A post written straight to the database (the actions under test are not used to set up). */
async function makePost(orgId: string, author: SessionUser, status: "draft" | "published" = "published", title?: string): Promise<TestPost> {
  counter += 1;
  const name = title ?? `Post ${counter} by ${author.name}`;
  return db.post.create({
    data: {
      orgId,
      authorId: author.id,
      title: name,
      slug: `post-${counter}-${Math.random().toString(36).slice(2, 8)}`,
      body: `Body of ${name}`,
      excerpt: `Body of ${name}`,
      status,
      publishedAt: status === "published" ? new Date() : null,
    },
    select: { id: true, slug: true, title: true, version: true },
  });
}

let acme: TestOrg;
let other: TestOrg;
let outsider: SessionUser;

beforeAll(async () => {
  acme = await createOrg("posts");
  other = await createOrg("posts-other");
  outsider = await createUser("Outsider");
});

type Outcome = "ok" | "unauthenticated" | "not_found" | "forbidden";

interface MatrixCase {
  name: string;
  actor: () => SessionUser | null;
  /** The post acted on: by default one of the org editor's own published posts. */
  post?: () => Promise<TestPost>;
  /** The org slug named in the call (default: the post's org). */
  org?: () => string;
  expected: Outcome;
}

const MATRIX: MatrixCase[] = [
  { name: "anonymous", actor: () => null, expected: "unauthenticated" },
  { name: "a non-member", actor: () => outsider, expected: "not_found" },
  { name: "a viewer", actor: () => acme.viewer, expected: "forbidden" },
  { name: "the editor, on their own post", actor: () => acme.editor, expected: "ok" },
  { name: "the editor, on the admin's post", actor: () => acme.editor, post: () => makePost(acme.id, acme.admin), expected: "forbidden" },
  { name: "the admin, on the editor's post", actor: () => acme.admin, expected: "ok" },
  { name: "an admin of another org", actor: () => other.admin, expected: "not_found" },
  {
    name: "the admin, on a post of another org",
    actor: () => acme.admin,
    post: () => makePost(other.id, other.editor),
    org: () => acme.slug,
    expected: "not_found",
  },
];

type OwnedAction = (post: TestPost, org: string) => Promise<{ ok: boolean; code?: string }>;

const OWNED_ACTIONS: Record<string, OwnedAction> = {
  updatePost: (post, org) =>
    updatePost({ org, target: post.id, input: { title: "Edited title", slug: post.slug, body: "Edited body", version: post.version } }),
  publishPost: (post, org) => publishPost({ org, target: post.id }),
  unpublishPost: (post, org) => unpublishPost({ org, target: post.id }),
  deletePost: (post, org) => deletePost({ org, target: post.id }),
};

const outcome = (result: { ok: boolean; code?: string }) => (result.ok ? "ok" : result.code);

describe("ownership matrix of the single-post actions", () => {
  for (const [actionName, action] of Object.entries(OWNED_ACTIONS)) {
    for (const testCase of MATRIX) {
      it(`${actionName} as ${testCase.name} → ${testCase.expected}`, async () => {
        const post = await (testCase.post ?? (() => makePost(acme.id, acme.editor)))();
        const org = testCase.org?.() ?? acme.slug;
        actAs(testCase.actor());
        expect(outcome(await action(post, org))).toBe(testCase.expected);
        const stored = await db.post.findUnique({ where: { id: post.id }, select: { title: true, status: true } });
        if (testCase.expected !== "ok") expect(stored, "a refused call changes nothing").toMatchObject({ status: "published", title: post.title });
      });
    }
  }

  it("audits a refused ownership check", async () => {
    const post = await makePost(acme.id, acme.admin);
    actAs(acme.editor);
    expect(await deletePost({ org: acme.slug, target: post.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await db.auditEvent.count({ where: { action: "posts.delete.denied", targetId: post.id, actorId: acme.editor.id } })).toBe(1);
  });

  it("hides someone else's draft: an editor acting on the admin's draft gets not_found", async () => {
    const draft = await makePost(acme.id, acme.admin, "draft");
    actAs(acme.editor);
    for (const action of Object.values(OWNED_ACTIONS)) expect(outcome(await action(draft, acme.slug))).toBe("not_found");
    actAs(acme.admin);
    expect(outcome(await publishPost({ org: acme.slug, target: draft.id }))).toBe("ok");
  });
});

describe("create and preview", () => {
  const input = () => ({ title: "A brand new post", slug: `brand-new-${++counter}`, body: "Hello **world**" });
  const cases: [string, () => SessionUser | null, Outcome][] = [
    ["anonymous", () => null, "unauthenticated"],
    ["a non-member", () => outsider, "not_found"],
    ["an admin of another org", () => other.admin, "not_found"],
    ["a viewer", () => acme.viewer, "forbidden"],
    ["an editor", () => acme.editor, "ok"],
    ["an admin", () => acme.admin, "ok"],
  ];

  for (const [name, actor, expected] of cases) {
    it(`createPost and previewPost as ${name} → ${expected}`, async () => {
      actAs(actor());
      expect(outcome(await createPost({ org: acme.slug, input: input() }))).toBe(expected);
      expect(outcome(await previewPost({ org: acme.slug, input: { body: "x" } }))).toBe(expected);
    });
  }

  it("creates a draft by the caller, derives the excerpt, audits and revalidates", async () => {
    actAs(acme.editor);
    vi.mocked(revalidatePath).mockClear();
    const slug = `derived-${++counter}`;
    const result = await createPost({ org: acme.slug, input: { title: "Derived excerpt", slug, body: "## Intro\n\nThe *first* words.", excerpt: "" } });
    expect(result).toMatchObject({ ok: true, data: { slug, status: "draft", excerpt: "Intro The first words.", author: { id: acme.editor.id } } });
    const id = result.ok ? result.data.id : "";
    expect(
      await db.auditEvent.findFirst({ where: { action: "posts.create", targetId: id }, select: { targetType: true, metadata: true, actorId: true } }),
    ).toEqual({
      targetType: "post",
      metadata: { title: "Derived excerpt" },
      actorId: acme.editor.id,
    });
    const paths = vi.mocked(revalidatePath).mock.calls.map(([path]) => path);
    expect(paths).toEqual(
      expect.arrayContaining([`/dashboard/${acme.slug}/posts`, `/dashboard/${acme.slug}/posts/manage`, `/dashboard/${acme.slug}/posts/${slug}`]),
    );
  });

  it("keeps an explicit excerpt and validates every field on the server", async () => {
    actAs(acme.editor);
    const created = await createPost({
      org: acme.slug,
      input: { title: "Explicit", slug: `explicit-${++counter}`, body: "Body", excerpt: "  Hand-written.  " },
    });
    expect(created).toMatchObject({ ok: true, data: { excerpt: "Hand-written." } });
    const invalid = await createPost({ org: acme.slug, input: { title: "ab", slug: "Not A Slug!", body: " ", excerpt: "x".repeat(301) } });
    expect(invalid).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys(invalid.ok ? {} : (invalid.fieldErrors ?? {})).sort()).toEqual(["body", "excerpt", "slug", "title"]);
    expect(await createPost({ org: acme.slug, input: { title: "Too long", slug: "too-long", body: "x".repeat(100_001) } })).toMatchObject({
      ok: false,
      fieldErrors: { body: expect.stringContaining("100,000") },
    });
  });

  it("renders the preview through the sanitizer", async () => {
    actAs(acme.editor);
    const result = await previewPost({ org: acme.slug, input: { body: "# Hi\n\n<img src=x onerror=alert(1)>[x](javascript:alert(1))" } });
    expect(result.ok).toBe(true);
    const html = result.ok ? result.data.html : "";
    expect(html).toContain("<h1>Hi</h1>");
    expect(html).not.toMatch(/onerror|javascript:/);
  });
});

describe("slugs", () => {
  it("are unique within an organization, not across organizations", async () => {
    const slug = `shared-slug-${++counter}`;
    actAs(acme.editor);
    expect(await createPost({ org: acme.slug, input: { title: "First", slug, body: "One" } })).toMatchObject({ ok: true });
    actAs(other.editor);
    expect(await createPost({ org: other.slug, input: { title: "Same slug elsewhere", slug, body: "Two" } })).toMatchObject({ ok: true });
    actAs(acme.admin);
    expect(await createPost({ org: acme.slug, input: { title: "Duplicate", slug, body: "Three" } })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { slug: "Another post in this organization already uses this URL name." },
    });
  });

  it("never confirm the URL name of a draft the author cannot see: the new post gets a free variant", async () => {
    const slug = `secret-plan-${++counter}`;
    actAs(acme.editor);
    const hidden = await createPost({ org: acme.slug, input: { title: "Secret plan", slug, body: "Draft only its author and admins see." } });
    expect(hidden).toMatchObject({ ok: true, data: { slug, status: "draft" } });

    const otherEditor = await addMember(acme.id, "editor", "Other Editor");
    actAs(otherEditor);
    const created = await createPost({ org: acme.slug, input: { title: "Guess", slug, body: "Probing." } });
    expect(created).toMatchObject({ ok: true, data: { slug: expect.stringMatching(new RegExp(`^${slug}-[0-9a-f]{6}$`)) } });
    const mine = await createPost({ org: acme.slug, input: { title: "Mine", slug: `mine-${counter}`, body: "Mine." } });
    if (!mine.ok) throw new Error(mine.error);
    const renamed = await updatePost({ org: acme.slug, target: mine.data.id, input: { title: "Mine", slug, body: "Mine.", version: mine.data.version } });
    expect(renamed).toMatchObject({ ok: true, data: { slug: expect.stringMatching(new RegExp(`^${slug}-[0-9a-f]{6}$`)) } });
    // The draft's author still has their URL name.
    expect(await db.post.findFirst({ where: { orgId: acme.id, slug }, select: { title: true } })).toEqual({ title: "Secret plan" });
  });

  it("refuses renaming onto a taken slug, and reserved ones", async () => {
    const taken = await makePost(acme.id, acme.editor);
    const mine = await makePost(acme.id, acme.editor);
    actAs(acme.editor);
    const edit = (slug: string) => updatePost({ org: acme.slug, target: mine.id, input: { title: mine.title, slug, body: "Body", version: mine.version } });
    expect(await edit(taken.slug)).toMatchObject({ ok: false, code: "invalid", fieldErrors: { slug: expect.stringContaining("already uses") } });
    expect(await edit("manage")).toMatchObject({ ok: false, code: "invalid", fieldErrors: { slug: expect.stringContaining("reserved") } });
    expect(await edit(`${mine.slug}-renamed`)).toMatchObject({ ok: true, data: { slug: `${mine.slug}-renamed` } });
  });
});

describe("concurrent edits", () => {
  it("refuses the second edit from the same version with both versions, then accepts an explicit overwrite", async () => {
    const post = await makePost(acme.id, acme.editor);
    actAs(acme.admin);
    const first = await updatePost({
      org: acme.slug,
      target: post.id,
      input: { title: "Admin's title", slug: post.slug, body: "Admin's body", version: post.version },
    });
    expect(first).toMatchObject({ ok: true, data: { title: "Admin's title", version: post.version + 1 } });

    actAs(acme.editor);
    const mine = { title: "Editor's title", slug: post.slug, body: "Editor's body", excerpt: "", version: post.version };
    const second = await updatePost({ org: acme.slug, target: post.id, input: mine });
    expect(second).toMatchObject({
      ok: false,
      code: "conflict",
      error: "Someone changed this post since you opened it.",
      details: {
        current: { title: "Admin's title", body: "Admin's body", version: post.version + 1, updatedAt: expect.any(String) },
        yours: { title: "Editor's title", body: "Editor's body", version: post.version },
      },
    });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id }, select: { title: true, version: true } })).toEqual({
      title: "Admin's title",
      version: post.version + 1,
    });
    expect(await db.auditEvent.count({ where: { action: "posts.update", targetId: post.id } })).toBe(1);

    const overwrite = await updatePost({ org: acme.slug, target: post.id, input: { ...mine, version: post.version + 1 } });
    expect(overwrite).toMatchObject({ ok: true, data: { title: "Editor's title", version: post.version + 2 } });
  });
});

describe("publishing", () => {
  it("publishes and unpublishes, stamping the date and auditing each change once", async () => {
    const draft = await makePost(acme.id, acme.editor, "draft");
    actAs(acme.editor);
    const published = await publishPost({ org: acme.slug, target: draft.id });
    expect(published).toMatchObject({ ok: true, data: { changed: true, post: { status: "published", publishedAt: expect.any(Date) } } });
    expect(await publishPost({ org: acme.slug, target: draft.id })).toMatchObject({ ok: true, data: { changed: false } });
    expect(await unpublishPost({ org: acme.slug, target: draft.id })).toMatchObject({
      ok: true,
      data: { changed: true, post: { status: "draft", publishedAt: null } },
    });
    const actions = await db.auditEvent.findMany({
      where: { targetId: draft.id },
      select: { action: true, targetType: true, metadata: true },
      orderBy: { createdAt: "asc" },
    });
    expect(actions).toEqual([
      { action: "posts.publish", targetType: "post", metadata: { title: draft.title } },
      { action: "posts.unpublish", targetType: "post", metadata: { title: draft.title } },
    ]);
  });

  it("deletes and audits with the title", async () => {
    const post = await makePost(acme.id, acme.editor);
    actAs(acme.admin);
    expect(await deletePost({ org: acme.slug, target: post.id })).toMatchObject({ ok: true });
    expect(await db.post.count({ where: { id: post.id } })).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { action: "posts.delete", targetId: post.id }, select: { metadata: true } })).toEqual({
      metadata: { title: post.title },
    });
  });
});

describe("a post whose author deleted their account", () => {
  it("stays, shown as by a deleted user; only admins may change it", async () => {
    const leaving = await addMember(acme.id, "editor", "Leaving Editor");
    const post = await makePost(acme.id, leaving);
    await db.user.delete({ where: { id: leaving.id } });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id }, select: { authorId: true } })).toEqual({ authorId: null });

    const listed = await listPosts(
      { orgId: acme.id, userId: acme.viewer.id, drafts: "none" },
      { page: 1, sort: "updated", dir: "desc", q: undefined, author: undefined },
    );
    expect(listed.rows.find((row) => row.id === post.id)?.author).toEqual({ id: null, name: "Deleted user" });

    const edit = { title: "Taken over", slug: post.slug, body: "Now the admins' to keep.", version: post.version };
    actAs(acme.editor);
    expect(await updatePost({ org: acme.slug, target: post.id, input: edit })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(acme.admin);
    expect(await updatePost({ org: acme.slug, target: post.id, input: edit })).toMatchObject({ ok: true, data: { title: "Taken over" } });
  });
});

describe("bulk actions", () => {
  it("are refused to viewers and non-members", async () => {
    const post = await makePost(acme.id, acme.editor, "draft");
    actAs(acme.viewer);
    expect(await bulkPublishPosts({ org: acme.slug, input: { ids: [post.id] } })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(outsider);
    expect(await bulkDeletePosts({ org: acme.slug, input: { ids: [post.id] } })).toMatchObject({ ok: false, code: "not_found" });
    actAs(acme.editor);
    expect(await bulkDeletePosts({ org: acme.slug, input: { ids: [] } })).toMatchObject({ ok: false, code: "invalid" });
  });

  it("change the editor's own rows and skip, count and audit the rest", async () => {
    const ownDraft = await makePost(acme.id, acme.editor, "draft");
    const ownPublished = await makePost(acme.id, acme.editor, "published");
    const adminsPublished = await makePost(acme.id, acme.admin, "published");
    const adminsDraft = await makePost(acme.id, acme.admin, "draft");
    const otherOrgs = await makePost(other.id, other.editor, "draft");
    actAs(acme.editor);
    const ids = [ownDraft.id, ownPublished.id, adminsPublished.id, adminsDraft.id, otherOrgs.id, "no-such-post"];

    const published = await bulkPublishPosts({ org: acme.slug, input: { ids } });
    expect(published).toMatchObject({
      ok: true,
      data: { operation: "publish", changed: [{ id: ownDraft.id }], unchanged: 1, forbidden: [{ id: adminsPublished.id }], missing: 3 },
    });
    const statuses = await db.post.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toEqual({
      [ownDraft.id]: "published",
      [ownPublished.id]: "published",
      [adminsPublished.id]: "published",
      [adminsDraft.id]: "draft",
      [otherOrgs.id]: "draft",
    });
    expect(await db.auditEvent.count({ where: { action: "posts.publish.denied", targetId: adminsPublished.id, actorId: acme.editor.id } })).toBe(1);

    const deleted = await bulkDeletePosts({ org: acme.slug, input: { ids } });
    expect(deleted).toMatchObject({ ok: true, data: { operation: "delete", forbidden: [{ id: adminsPublished.id }], missing: 3 } });
    expect(deleted.ok && deleted.data.changed.map((post) => post.id).sort()).toEqual([ownDraft.id, ownPublished.id].sort());
    expect(await db.post.count({ where: { id: { in: [adminsPublished.id, adminsDraft.id, otherOrgs.id] } } })).toBe(3);
    expect(await db.post.count({ where: { id: { in: [ownDraft.id, ownPublished.id] } } })).toBe(0);
  });

  it("let an admin act on every post of the org, and only of the org", async () => {
    const editors = await makePost(acme.id, acme.editor, "published");
    const admins = await makePost(acme.id, acme.admin, "published");
    const otherOrgs = await makePost(other.id, other.editor, "published");
    actAs(acme.admin);
    const result = await bulkUnpublishPosts({ org: acme.slug, input: { ids: [editors.id, admins.id, otherOrgs.id] } });
    expect(result).toMatchObject({ ok: true, data: { forbidden: [], missing: 1, unchanged: 0 } });
    expect(result.ok && result.data.changed.map((post) => post.id).sort()).toEqual([editors.id, admins.id].sort());
    expect(await db.post.findUniqueOrThrow({ where: { id: otherOrgs.id }, select: { status: true } })).toEqual({ status: "published" });
    expect(await db.auditEvent.count({ where: { action: "posts.unpublish", targetId: { in: [editors.id, admins.id] } } })).toBe(2);
  });
});

describe("drafts", () => {
  it("are invisible to viewers and other editors, visible to their author and admins", async () => {
    const draft = await makePost(acme.id, acme.editor, "draft");
    const secondEditor = await addMember(acme.id, "editor", "Second editor");
    actAs(secondEditor);
    expect(await publishPost({ org: acme.slug, target: draft.id })).toMatchObject({ ok: false, code: "not_found" });
    actAs(acme.viewer);
    expect(await publishPost({ org: acme.slug, target: draft.id })).toMatchObject({ ok: false, code: "forbidden" });
    actAs(acme.admin);
    expect(await unpublishPost({ org: acme.slug, target: draft.id })).toMatchObject({ ok: true, data: { changed: false } });
  });
});

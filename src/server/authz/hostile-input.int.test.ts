// Hostile input, property-based: random and malicious payloads against every zod schema, every
// page's search params and every route's query string and body never produce a 5xx (a page: an
// error other than a redirect or a 404), never a partial write, and always a 4xx with a reason.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { postTitleSchema } from "@/features/posts/schemas";
import { validateInput } from "@/server/authz/guard";
import { db } from "@/server/db";
import { createOrg, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";

const SRC = path.resolve(import.meta.dirname, "../..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? (name === "generated" ? [] : walk(full)) : [full];
  });
}

const schemaFiles = walk(path.join(SRC, "features")).filter((file) => file.endsWith(`${path.sep}schemas.ts`));
// Every route but Auth.js's own (its query string is Auth.js's to parse).
const routeFiles = walk(path.join(SRC, "app", "api")).filter((file) => file.endsWith(`${path.sep}route.ts`) && !file.includes("[...nextauth]"));
const pageFiles = walk(path.join(SRC, "app")).filter((file) => file.endsWith(`${path.sep}page.tsx`));

const nasty = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202e\u202d",
    "𝕏".repeat(300),
    "a".repeat(300_000),
    "' OR 1=1; --",
    '\'; DROP TABLE "Post"; --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "../../etc/passwd",
    "%00",
    "NaN",
    "-1",
    "1e309",
    "__proto__",
    "constructor",
    "2026-13-45",
    "0000-00-00",
    "9999-99-99",
    "9999-12-31",
    "2026-02-30",
  ),
);

const SEARCH_PARAM_NAMES = ["q", "status", "author", "sort", "dir", "page", "size", "role", "actor", "action", "from", "to", "callbackUrl", "error", "session"];
/** Values that broke a page before: each is tried alone in every parameter a page reads, then random mixes follow. */
const SHARP_VALUES = ["\u0000", "a\u0000b", "2026-13-45", "0000-00-00", "9999-99-99", "-1", "1e309", "a".repeat(300_000)];
const sharpSearchParams: [Record<string, string | string[]>][] = SEARCH_PARAM_NAMES.flatMap((name) =>
  SHARP_VALUES.map((value): [Record<string, string | string[]>] => [{ [name]: value }]),
);

/** Search params as Next.js hands them to a page: names the pages read (and others), one value or several. */
const hostileSearchParams = fc.dictionary(
  fc.oneof(fc.constantFrom(...SEARCH_PARAM_NAMES), fc.string({ maxLength: 10 })),
  fc.oneof(nasty, fc.array(nasty, { minLength: 1, maxLength: 3 })),
  { maxKeys: 6 },
);

/** JSON-like values with hostile leaves, nesting and prototype-pollution keys. */
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("__proto__", "constructor", "prototype", "title", "role", "version", "body", "email")),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe("zod schemas", () => {
  it("never throw through the guard's validation, whatever they are given", async () => {
    const schemas: [string, z.ZodType][] = [];
    for (const file of schemaFiles) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodType) schemas.push([`${path.basename(path.dirname(file))}.${name}`, value]);
    }
    expect(schemas.length).toBeGreaterThan(5);
    for (const [, schema] of schemas) {
      fc.assert(
        fc.property(hostileJson, (input) => {
          const result = validateInput(schema, input);
          return result.ok ? true : result.denial.code === "invalid";
        }),
        { numRuns: 150 },
      );
    }
  });
});

describe("a schema that throws", () => {
  it("is a refusal, not a crash (zod 4 compares the `length` of any object, here one without a prototype)", () => {
    const exotic = { length: Object.create(null) as object };
    expect(() => postTitleSchema.safeParse(exotic)).toThrow(TypeError);
    expect(validateInput(postTitleSchema, exotic)).toMatchObject({ ok: false, denial: { ok: false, code: "invalid" } });
  });
});

/** What Next.js turns into a redirect or a 404 page, not a 500: redirect(), notFound() and the like. */
function isNavigation(error: unknown): boolean {
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : "";
  return digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK");
}

describe("pages", () => {
  it("render hostile search params, or redirect, or 404: never an error (a 500)", async () => {
    const org = await createOrg("fuzz-pages");
    actAs(org.admin);
    const { createPost } = await import("@/features/posts/actions");
    const created = await createPost({ org: org.slug, input: { title: "Fuzzed post", slug: "fuzzed-post", body: "Hello." } });
    expect(created.ok).toBe(true);
    const values: Record<string, string> = { org: org.slug, slug: "fuzzed-post", token: "x".repeat(43) };
    expect(pageFiles.length).toBeGreaterThan(10);
    for (const file of pageFiles) {
      const page = ((await import(pathToFileURL(file).href)) as { default: (props: unknown) => Promise<unknown> }).default;
      const params = Object.fromEntries([...path.relative(SRC, file).matchAll(/\[([^\]]+)\]/g)].map(([, name]) => [name!, values[name!] ?? "x"]));
      await fc.assert(
        fc.asyncProperty(hostileSearchParams, async (searchParams) => {
          try {
            await page({ params: Promise.resolve(params), searchParams: Promise.resolve(searchParams) });
          } catch (error) {
            if (!isNavigation(error)) throw new Error(`${path.relative(SRC, file)} failed on ${JSON.stringify(searchParams)}`, { cause: error });
          }
        }),
        // Examples count toward numRuns: every sharp example, then 25 random ones.
        { numRuns: sharpSearchParams.length + 25, examples: sharpSearchParams },
      );
    }
    actAs(null);
  }, 300_000);
});

describe("route handlers", () => {
  let org: TestOrg;
  const handlers: { file: string; method: string; fn: (request: Request, context: unknown) => Promise<Response> }[] = [];

  beforeAll(async () => {
    org = await createOrg("fuzz");
    for (const file of routeFiles) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
        if (typeof mod[method] === "function") handlers.push({ file, method, fn: mod[method] as (typeof handlers)[number]["fn"] });
      }
    }
  });

  async function counts() {
    const [posts, memberships, invitations, orgs] = await Promise.all([
      db.post.count({ where: { orgId: org.id } }),
      db.membership.findMany({ where: { orgId: org.id }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
      db.invitation.count({ where: { orgId: org.id } }),
      db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { name: true, slug: true } }),
    ]);
    return { posts, memberships, invitations, orgs };
  }

  it("answer hostile query strings and payloads with a 4xx and a reason, never a 5xx, never a partial write", async () => {
    expect(handlers.length).toBeGreaterThan(3);
    actAs(org.admin);
    for (const handler of handlers) {
      const params: Record<string, string> = { org: org.slug };
      for (const [, name] of path.relative(SRC, handler.file).matchAll(/\[([^\]]+)\]/g)) if (name !== "org") params[name!] = org.editor.id;
      const url = `http://localhost:3000/${path.relative(path.join(SRC, "app"), path.dirname(handler.file)).replace(/\[([^\]]+)\]/g, (_, n: string) => params[n] ?? n)}`;
      const mutating = handler.method !== "GET";
      await fc.assert(
        fc.asyncProperty(hostileJson, fc.boolean(), async (payload, rawText) => {
          const before = mutating ? await counts() : null;
          const body = rawText && typeof payload === "string" ? payload : JSON.stringify(payload);
          const text = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
          const pairs =
            typeof payload === "object" && payload && !Array.isArray(payload) ? Object.entries(payload).map(([k, v]) => [k, text(v)]) : [["q", text(payload)]];
          const query = `?${new URLSearchParams(pairs).toString()}`;
          const response = await handler.fn(
            new Request(url + query, {
              method: handler.method,
              headers: { "content-type": "application/json", host: "localhost:3000", origin: "http://localhost:3000" },
              ...(mutating ? { body } : {}),
            }),
            { params: Promise.resolve(params) },
          );
          expect(response.status, `${handler.method} ${url}`).toBeLessThan(500);
          if (response.status >= 400) {
            const json = (await response.json()) as { error?: { code?: string; message?: string } };
            expect(json.error?.code).toBeTruthy();
            expect(json.error?.message).toBeTruthy();
            if (before) expect(await counts()).toEqual(before);
          }
        }),
        { numRuns: 25 },
      );
    }
    actAs(null);
  }, 180_000);
});

// Pages are held to the one authorization path too. Every page.tsx under /dashboard/[org]:
// 1. gets its data from loadOrgPage with an operation whose policy is in the table (it reaches
//    no data layer, mailer or database itself, and never authorizes by hand);
// 2. called as anonymous, non-member, an admin of another org, viewer, editor and admin (and at
//    the address of an organization that does not exist), answers
//    as that policy says: sign-in (coming back to the page), 404, /unauthorized, or the page;
//    on SQLite and PostgreSQL. A page that renders without the loader fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listMembers } from "@/features/members/operations";
import { editPostPage } from "@/features/posts/operations";
import { hasRole, type Role } from "@/lib/roles";
import { db } from "@/server/db";
import type { SessionUser } from "@/server/session";
import { createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import type { OrgPageRoute } from "./page";
import { POLICIES, type PolicyName } from "./policy";

/** Every loadOrgPage call of the current page call: which operation's policy, for which route. */
const loads = vi.hoisted(() => [] as { policy: string; route: string }[]);

vi.mock("@/server/authz/page", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./page")>();
  const loadOrgPage: typeof actual.loadOrgPage = (operation, request) => {
    loads.push({ policy: operation.policy, route: request.route });
    return actual.loadOrgPage(operation, request);
  };
  return { ...actual, loadOrgPage };
});

const SRC = path.resolve(import.meta.dirname, "../..");
const ORG_PAGES = path.join(SRC, "app", "dashboard", "[org]");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name === "page.tsx" ? [full] : [];
  });
}

const pageFiles = walk(ORG_PAGES);
/** "/dashboard/[org]/posts/[slug]/edit", as Next.js names the route of a page file. */
const routeOf = (file: string) => `/${path.relative(path.join(SRC, "app"), path.dirname(file)).split(path.sep).join("/")}` as OrgPageRoute;
const relative = (file: string) => path.relative(SRC, file);

// Data a page must get through its operation, never by itself (type-only imports are fine).
const FORBIDDEN_IMPORTS = [/\/queries["']/, /["']@\/server\/db["']/, /["']@\/server\/mailer["']/, /["']\.\.?\//];

describe("every org page goes through an operation", () => {
  it("finds the pages", () => {
    expect(pageFiles.length).toBeGreaterThanOrEqual(10);
  });

  it("no page authorizes by hand or reads data outside its operation", () => {
    const offences = pageFiles.flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+(["'][^"']+["'])/gms)].map((match) => match[1]!);
      return [
        ...(text.includes("authorizeOrgPage") ? [`${relative(file)}: calls authorizeOrgPage (use loadOrgPage with an operation)`] : []),
        ...(text.includes("loadOrgPage(") ? [] : [`${relative(file)}: does not call loadOrgPage`]),
        ...imports.filter((source) => FORBIDDEN_IMPORTS.some((pattern) => pattern.test(source))).map((source) => `${relative(file)}: imports ${source}`),
      ];
    });
    expect(offences).toEqual([]);
  });
});

// ---------------------------------------------------------------- the matrix

/** missingOrg: the org's admin, at the address of an organization that does not exist. */
type Actor = "anonymous" | "nonMember" | "otherOrgAdmin" | "missingOrg" | Role;
const ACTORS: Actor[] = ["anonymous", "nonMember", "otherOrgAdmin", "missingOrg", "viewer", "editor", "admin"];

type PageFn = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown>;

/** What a call of a page (or its metadata) came to: the page, a 404 or a redirect. */
async function outcome(fn: PageFn, params: Record<string, string>): Promise<string> {
  try {
    await fn({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
    return "page";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return "404";
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return `redirect ${digest.split(";")[2]}`;
    return `an error (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** What the policy table says the page shows an actor. */
function expected(policyName: PolicyName, actor: Actor, pagePath: string): string {
  const policy = POLICIES[policyName];
  if (actor === "anonymous") return `redirect /login?${new URLSearchParams({ callbackUrl: pagePath })}`;
  if (policy.scope !== "org") return "page";
  // Not a member: a 404 whether the organization exists or not (no existence oracle).
  if (actor === "nonMember" || actor === "otherOrgAdmin" || actor === "missingOrg") return "404";
  return hasRole(actor, policy.min) ? "page" : "redirect /unauthorized";
}

describe("page matrix", () => {
  let org: TestOrg;
  let other: TestOrg;
  let outsider: SessionUser;
  /** A published post by the editor: every post page has a real target, owned by the editor. */
  let postSlug: string;

  beforeAll(async () => {
    org = await createOrg("pages");
    other = await createOrg("pages-other");
    outsider = await createUser("Page outsider");
    postSlug = "the-editors-post";
    await db.post.create({
      data: {
        orgId: org.id,
        authorId: org.editor.id,
        title: "The editor's post",
        slug: postSlug,
        body: "Hello",
        excerpt: "Hello",
        status: "published",
        publishedAt: new Date(),
      },
    });
  });

  const actorUser = (actor: Actor): SessionUser | null =>
    actor === "anonymous" ? null : actor === "nonMember" ? outsider : actor === "otherOrgAdmin" ? other.admin : actor === "missingOrg" ? org.admin : org[actor];

  it("answers every actor on every page as the policy of its operation says", async () => {
    const mismatches: string[] = [];
    const policyOfRoute = new Map<string, string>();
    for (const file of pageFiles) {
      const route = routeOf(file);
      const paramsOf = (actor: Actor) => ({ org: actor === "missingOrg" ? "no-such-org" : org.slug, slug: postSlug });
      const mod = (await import(pathToFileURL(file).href)) as { default: PageFn; generateMetadata?: PageFn };
      const entries = [["page", mod.default], ...(mod.generateMetadata ? [["metadata", mod.generateMetadata]] : [])] as [string, PageFn][];
      for (const [part, fn] of entries) {
        for (const actor of ACTORS) {
          const label = `${relative(file)} (${part}) as ${actor}`;
          actAs(actorUser(actor));
          loads.length = 0;
          const got = await outcome(fn, paramsOf(actor));
          const pagePath = route.replace("[org]", paramsOf(actor).org).replace("[slug]", postSlug);
          const load = loads[0];
          if (!load) {
            mismatches.push(`${label}: got ${got} without loading its data through loadOrgPage`);
            continue;
          }
          if (part === "page") policyOfRoute.set(route, load.policy);
          if (!(load.policy in POLICIES)) mismatches.push(`${label}: its operation's policy ${load.policy} is not in the table`);
          else if (load.route !== route) mismatches.push(`${label}: loads as route ${load.route}`);
          else if (got !== expected(load.policy as PolicyName, actor, pagePath)) {
            mismatches.push(`${label} (${load.policy}): got ${got}, expected ${expected(load.policy as PolicyName, actor, pagePath)}`);
          }
        }
      }
    }
    actAs(null);
    expect(mismatches).toEqual([]);
    // Which policy guards which page, pinned beside the policy table: moving a page to a weaker
    // policy (an admin page onto orgs.read) is a reviewed diff, not a silent change.
    await expect(pageTable(policyOfRoute)).toMatchFileSnapshot("./page-policies.md");
  }, 120_000);
});

function pageTable(policyOfRoute: Map<string, string>): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rows = [...policyOfRoute]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, policy]) => {
      const rule = POLICIES[policy as PolicyName];
      const who =
        rule.scope === "org"
          ? (["viewer", "editor", "admin"] as const).map((role) =>
              !hasRole(role, rule.min) ? "no" : "owned" in rule && !hasRole(role, rule.owned.anyOwnerFrom) ? "own" : "yes",
            )
          : ["—", "—", "—"];
      return line([`\`${route}\``, `\`${policy}\``, ...who]);
    });
  return [
    "# Which policy guards each page",
    "",
    "Written by page-coverage.int.test.ts from the operation each page under /dashboard/[org] loads; review every change.",
    "Anonymous visitors are sent to sign in, non-members get a 404, the roles marked `no` get /unauthorized; `own`: only for what they own.",
    "",
    line(["page", "policy", "viewer", "editor", "admin"]),
    line(["---", "---", "---", "---", "---"]),
    ...rows,
    "",
  ].join("\n");
}

// ---------------------------------------------------------------- the loader's own rules

describe("loadOrgPage", () => {
  let org: TestOrg;

  beforeAll(async () => {
    org = await createOrg("loader");
  });

  it("holds the editor's page to posts.update's ownership rule: someone else's post is /unauthorized, and audited", async () => {
    const { loadOrgPage } = await import("./page");
    const post = await db.post.create({
      data: {
        orgId: org.id,
        authorId: org.admin.id,
        title: "The admin's post",
        slug: "admins-post",
        body: "x",
        excerpt: "x",
        status: "published",
        publishedAt: new Date(),
      },
      select: { id: true },
    });
    const open = (user: SessionUser) => {
      actAs(user);
      return loadOrgPage(editPostPage, { route: "/dashboard/[org]/posts/[slug]/edit", params: { org: org.slug, slug: "admins-post" }, target: "slug" });
    };
    await expect(open(org.editor)).rejects.toMatchObject({ digest: expect.stringContaining(";/unauthorized;") });
    const denial = await db.auditEvent.findFirst({ where: { orgId: org.id, action: "posts.update.denied", targetId: "admins-post" } });
    expect(denial?.metadata).toMatchObject({ reason: "ownership", role: "editor" });
    await expect(open(org.admin)).resolves.toMatchObject({ data: { id: post.id, title: "The admin's post" } });
    actAs(null);
  });

  it("reads a page's query leniently: a bad value falls back to its default, the rest of the view holds", async () => {
    const { loadOrgPage } = await import("./page");
    actAs(org.admin);
    const page = await loadOrgPage(listMembers, {
      route: "/dashboard/[org]/members",
      params: { org: org.slug },
      searchParams: { size: "7", sort: "name", dir: "sideways", role: "viewer", page: ["1", "2"] },
    });
    expect(page.input).toMatchObject({ size: 25, sort: "name", dir: "desc", role: "viewer", page: 1 });
    expect(page.data.members.map((member) => member.userId)).toEqual([org.viewer.id]);
    actAs(null);
  });
});

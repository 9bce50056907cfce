// The proof that there is one authorization path:
// 1. every export of every "use server" module and every route handler was built by the guard
//    module with a policy from the table (nothing hand-rolls its checks, nothing is unlisted);
// 2. every org-scoped action and handler, called as anonymous, non-member, an admin of another
//    org, viewer, editor and admin, answers as the policy table says — on SQLite and PostgreSQL.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { hasRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/server/session";
import { createOrg, createUser, type TestOrg } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { guardedPolicy } from "./guard";
import { POLICIES, type Policy } from "./policy";

const SRC = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const sourceFiles = walk(SRC).filter((file) => !/\.test\.tsx?$/.test(file) && !file.includes(`${path.sep}e2e${path.sep}`));
const serverActionFiles = sourceFiles.filter((file) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(file, "utf8")));
const routeFiles = sourceFiles.filter((file) => file.includes(`${path.sep}app${path.sep}`) && /route\.ts$/.test(file));

interface Entry {
  name: string;
  kind: "action" | "route";
  method?: string;
  file: string;
  fn: (...args: unknown[]) => Promise<unknown>;
  policy: Policy;
}

const entries: Entry[] = [];
const unguarded: string[] = [];

beforeAll(async () => {
  for (const file of serverActionFiles) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const policy = guardedPolicy(value);
      if (!policy || !(policy in POLICIES)) unguarded.push(`${path.relative(SRC, file)}: ${name}`);
      else entries.push({ name, kind: "action", file, fn: value as Entry["fn"], policy: POLICIES[policy] });
    }
  }
  for (const file of routeFiles) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const method of HTTP_METHODS.filter((m) => m in mod)) {
      const policy = guardedPolicy(mod[method]);
      if (!policy || !(policy in POLICIES)) unguarded.push(`${path.relative(SRC, file)}: ${method}`);
      else entries.push({ name: method, kind: "route", method, file, fn: mod[method] as Entry["fn"], policy: POLICIES[policy] });
    }
  }
}, 120_000);

describe("one authorization path", () => {
  it("finds the server actions and route handlers", () => {
    expect(serverActionFiles.length).toBeGreaterThan(0);
    expect(routeFiles.length).toBeGreaterThan(0);
    expect(entries.length).toBeGreaterThan(5);
  });

  it("every server action and route handler is built by the guard with a policy from the table", () => {
    expect(unguarded).toEqual([]);
  });

  it("no inline server action bypasses the modules checked above", () => {
    const inline = sourceFiles.filter((file) => {
      const text = readFileSync(file, "utf8");
      return !serverActionFiles.includes(file) && /["']use server["']/.test(text);
    });
    expect(inline.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});

// ---------------------------------------------------------------- the matrix

type Actor = "anonymous" | "nonMember" | "otherOrgAdmin" | Role;
const ACTORS: Actor[] = ["anonymous", "nonMember", "otherOrgAdmin", "viewer", "editor", "admin"];

/** The outcome class the policy table predicts for an actor. */
function expected(policy: Policy, actor: Actor): "unauthenticated" | "not_found" | "forbidden" | "allowed" {
  if (actor === "anonymous") return "unauthenticated";
  if (policy.scope === "user") return "allowed";
  if (policy.scope !== "org") return "allowed";
  if (actor === "nonMember" || actor === "otherOrgAdmin") return "not_found";
  return hasRole(actor, policy.min) ? "allowed" : "forbidden";
}

const STATUS: Record<string, number> = { unauthenticated: 401, not_found: 404, forbidden: 403 };

function paramsFor(file: string, org: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of path.relative(SRC, file).matchAll(/\[([^\]]+)\]/g)) {
    if (name!.startsWith("...")) continue;
    params[name!] = name === "org" ? org : "does-not-exist";
  }
  return params;
}

async function outcome(entry: Entry, org: TestOrg): Promise<string> {
  if (entry.kind === "action") {
    const result = (await entry.fn(entry.policy.scope === "org" ? { org: org.slug, target: "does-not-exist", input: {} } : {})) as {
      ok: boolean;
      code?: string;
    };
    return result.ok ? "ok" : result.code!;
  }
  const params = paramsFor(entry.file, org.slug);
  const url = `http://localhost:3000/${path.relative(path.join(SRC, "app"), path.dirname(entry.file)).replace(/\[([^\]]+)\]/g, (_, n: string) => params[n] ?? n)}`;
  const mutating = !["GET", "HEAD", "OPTIONS"].includes(entry.method!);
  const request = new Request(url, {
    method: entry.method,
    headers: { "content-type": "application/json", host: "localhost:3000", ...(mutating ? { origin: "http://localhost:3000" } : {}) },
    ...(mutating ? { body: "{}" } : {}),
  });
  const response = (await entry.fn(request, { params: Promise.resolve(params) })) as Response;
  return String(response.status);
}

describe("authorization matrix", () => {
  let org: TestOrg;
  let other: TestOrg;
  let outsider: SessionUser;

  beforeAll(async () => {
    org = await createOrg("matrix");
    other = await createOrg("matrix-other");
    outsider = await createUser("Outsider");
  });

  const actorUser = (actor: Actor): SessionUser | null =>
    actor === "anonymous" ? null : actor === "nonMember" ? outsider : actor === "otherOrgAdmin" ? other.admin : org[actor];

  it("answers every actor as the policy table says", async () => {
    const mismatches: string[] = [];
    for (const entry of entries.filter((e) => e.policy.scope !== "public")) {
      for (const actor of ACTORS) {
        actAs(actorUser(actor));
        const got = await outcome(entry, org);
        const want = expected(entry.policy, actor);
        const label = `${path.relative(SRC, entry.file)} ${entry.name} as ${actor}`;
        if (want === "allowed") {
          // Past authorization: the call may still fail on the made-up target or empty input.
          if (["unauthenticated", "forbidden", "401", "403"].includes(got)) mismatches.push(`${label}: got ${got}, expected to pass authorization`);
        } else {
          const match = entry.kind === "action" ? got === want : got === String(STATUS[want]);
          if (!match) mismatches.push(`${label}: got ${got}, expected ${want}`);
        }
      }
    }
    actAs(null);
    expect(mismatches).toEqual([]);
  }, 120_000);
});

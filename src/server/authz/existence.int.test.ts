// No existence oracle: to someone who is not a member, an organization that exists and one that
// does not are the same answer, on every org-scoped server action, route handler and page. (The
// guard never looks a slug up: it searches the caller's own memberships, one query whatever the
// slug, so the answer takes the same work too.) Only creating or renaming an org to a taken URL
// name says "taken", which a unique name cannot avoid.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createOrg, createUser } from "@/test/fixtures";
import { actAs } from "@/test/request-context";
import { defineOrgOperation, guardedPolicy } from "./guard";
import { loadOrgPage } from "./page";
import { POLICIES, type OrgPolicyName } from "./policy";

const SRC = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules" || name === "e2e") return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });

interface Entry {
  label: string;
  call: (slug: string) => Promise<unknown>;
}

const entries: Entry[] = [];

beforeAll(async () => {
  for (const file of walk(SRC)) {
    const text = readFileSync(file, "utf8");
    const relative = path.relative(SRC, file);
    if (/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(text)) {
      for (const [name, fn] of Object.entries((await import(pathToFileURL(file).href)) as Record<string, unknown>)) {
        const policy = guardedPolicy(fn);
        if (!policy || POLICIES[policy].scope !== "org") continue;
        const action = fn as (call: unknown) => Promise<unknown>;
        entries.push({ label: `${relative} ${name}`, call: (slug) => action({ org: slug, target: "some-id", input: {} }) });
      }
    } else if (relative.startsWith(`app${path.sep}`) && relative.endsWith("route.ts") && relative.includes("[org]")) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => m in mod)) {
        const handler = mod[method] as (request: Request, context: unknown) => Promise<Response>;
        entries.push({
          label: `${relative} ${method}`,
          call: async (slug) => {
            const params: Record<string, string> = {};
            for (const [, name] of relative.matchAll(/\[([^\]]+)\]/g)) params[name!] = name === "org" ? slug : "some-id";
            const url = `http://localhost:3000/${path
              .dirname(relative)
              .slice(4)
              .replace(/\[([^\]]+)\]/g, (_, n: string) => params[n]!)}`;
            const mutating = method !== "GET" && method !== "HEAD";
            const response = await handler(
              new Request(url, {
                method,
                headers: { "content-type": "application/json", host: "localhost:3000", ...(mutating ? { origin: "http://localhost:3000" } : {}) },
                ...(mutating ? { body: "{}" } : {}),
              }),
              { params: Promise.resolve(params) },
            );
            return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
          },
        });
      }
    }
  }
}, 120_000);

describe("an organization the caller is not a member of", () => {
  it("gets the same answer as one that does not exist, everywhere", async () => {
    const org = await createOrg("hidden");
    const missing = `${org.slug}-x`;
    expect(await db.organization.count({ where: { slug: missing } })).toBe(0);
    actAs(await createUser("Prober"));
    expect(entries.length).toBeGreaterThan(10);
    const differences: string[] = [];
    for (const entry of entries) {
      const [existing, absent] = [await entry.call(org.slug), await entry.call(missing)];
      if (JSON.stringify(existing) !== JSON.stringify(absent)) differences.push(`${entry.label}: ${JSON.stringify(existing)} vs ${JSON.stringify(absent)}`);
    }
    expect(differences).toEqual([]);

    // Pages: a page read under every org policy ends in the same "not found" (the pages themselves
    // are called at an absent org's address in page-coverage.int.test.ts).
    for (const policy of Object.keys(POLICIES).filter((name) => POLICIES[name as OrgPolicyName].scope === "org") as OrgPolicyName[]) {
      const owned = "owned" in POLICIES[policy];
      // Built per policy at run time, so past the types: an owned policy's read loads a (made-up) target.
      const operation = defineOrgOperation({
        policy,
        kind: "read",
        run: async () => null,
        ...(owned ? { target: async () => ({ ownerId: null }) } : {}),
      } as never);
      const open = (slug: string) =>
        loadOrgPage(operation, { route: "/dashboard/[org]/[id]", params: { org: slug, id: "some-id" }, ...(owned ? { target: "id" } : {}) } as never).then(
          () => "allowed",
          (error: Error & { digest?: string }) => error.digest ?? error.message,
        );
      const [existing, absent] = await Promise.all([open(org.slug), open(missing)]);
      expect(existing, policy).toBe(absent);
      expect(existing, policy).toMatch(/NOT_FOUND|404/);
    }
    // And neither left a trace in the organization's audit log.
    expect(await db.auditEvent.count({ where: { orgId: org.id } })).toBe(0);
    actAs(null);
  }, 120_000);
});

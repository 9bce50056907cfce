// The policy table, pinned: who may do what, as a reviewed file (policy-table.md beside this
// test). Any edit of policy.ts that changes an answer (a role, a scope, an owner rule, an entry
// added or removed) changes the table, and this test fails until the file is updated on purpose
// (`npx vitest run --project node -u src/server/authz/policy.test.ts`) and the diff reviewed.
// Under CI=true vitest never writes a snapshot: a missing or different file fails.
import { describe, expect, it } from "vitest";
import { hasRole, ROLES, type Role } from "@/lib/roles";
import { POLICIES, type Policy } from "./policy";

/** What a member of each role may do under a policy: yes, only on what they own, or no. */
function answer(policy: Policy, role: Role): string {
  if (policy.scope !== "org") return "—";
  if (!hasRole(role, policy.min)) return "no";
  if ("owned" in policy && policy.owned && !hasRole(role, policy.owned.anyOwnerFrom)) return "own";
  return "yes";
}

function scopeOf(policy: Policy): string {
  if (policy.scope === "public") return "anyone, signed in or not";
  if (policy.scope === "user") return "any signed-in user";
  return "members";
}

function policyTable(policies: Record<string, Policy>): string {
  const header = ["policy", "who", "lowest role", "owner rule", ...ROLES];
  const rows = Object.entries(policies).map(([name, policy]) => [
    `\`${name}\``,
    scopeOf(policy),
    policy.scope === "org" ? policy.min : "—",
    policy.scope === "org" && "owned" in policy && policy.owned ? `their own only, unless ${policy.owned.anyOwnerFrom}` : "—",
    ...ROLES.map((role) => answer(policy, role)),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    "# Who may do what",
    "",
    "Generated from src/server/authz/policy.ts by policy.test.ts; review every change to this file.",
    "Per role: `yes`, `own` (only on what they own), `no`; `—`: not an organization policy.",
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
  ].join("\n");
}

describe("the policy table", () => {
  it("matches its reviewed snapshot", async () => {
    await expect(policyTable(POLICIES)).toMatchFileSnapshot("./policy-table.md");
  });

  it("states what each role may do under an owned policy", () => {
    const table = policyTable({ "posts.update": { scope: "org", min: "editor", owned: { anyOwnerFrom: "admin" } } });
    expect(table).toContain("| `posts.update` | members | editor | their own only, unless admin | no | own | yes |");
  });
});

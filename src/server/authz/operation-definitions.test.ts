// The operation is the unit: every adapter (server action, route handler, CSV export, page loader)
// is built from an operation imported from a feature's operations.ts, and operations are defined
// nowhere else. An inline spec, a spread with extra fields or a helper's result passed to an adapter
// fails here, naming the file and line. (What the adapters enforce is authorization.int.test.ts.)
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../..");
const GUARD_MODULES = [path.join(SRC, "server/authz/guard.ts"), path.join(SRC, "server/authz/page.ts")];
const ADAPTERS = new Set(["orgAction", "orgRoute", "userAction", "userRoute", "orgExport", "loadOrgPage"]);
const DEFINERS = new Set(["defineOrgOperation", "defineUserOperation", "defineOrgExport"]);
const OPERATIONS_MODULE = /^src\/features\/[a-z-]+\/operations\.ts$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules" || name === "e2e") return [];
    return statSync(full).isDirectory() ? walk(full) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(path.dirname(SRC), file).split(path.sep).join("/");

/** The file a module specifier names ("@/features/posts/operations", "./operations"), relative to the repository. */
function resolveSpecifier(fromFile: string, specifier: string): string {
  const base = specifier.startsWith("@/") ? path.join(SRC, specifier.slice(2)) : path.resolve(path.dirname(fromFile), specifier);
  return relative(`${base}.ts`);
}

interface Finding {
  where: string;
  problem: string;
}

/** Adapter calls whose first argument is not an operation imported from a features/*\/operations.ts, and definitions outside one. */
export function findViolations(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  // Local name → the module it is imported from (named imports and `import * as`).
  const named = new Map<string, string>();
  const namespaces = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
    const from = resolveSpecifier(file, statement.moduleSpecifier.text);
    const bindings = statement.importClause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, from);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) named.set(element.name.text, from);
  }
  const isOperationsModule = (module: string | undefined) => module !== undefined && OPERATIONS_MODULE.test(module);

  const findings: Finding[] = [];
  const at = (node: ts.Node) => `${relative(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      if (ADAPTERS.has(callee)) {
        const argument = node.arguments[0];
        const imported =
          argument !== undefined &&
          ((ts.isIdentifier(argument) && isOperationsModule(named.get(argument.text))) ||
            (ts.isPropertyAccessExpression(argument) && ts.isIdentifier(argument.expression) && isOperationsModule(namespaces.get(argument.expression.text))));
        if (!imported)
          findings.push({
            where: at(node),
            problem: `${callee}(${argument?.getText(source).slice(0, 40) ?? ""}): not an operation imported from a features/*/operations.ts`,
          });
      }
      if (DEFINERS.has(callee) && !OPERATIONS_MODULE.test(relative(file))) {
        findings.push({ where: at(node), problem: `${callee} outside a features/*/operations.ts` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe("operations are defined once, in features/*/operations.ts", () => {
  const files = walk(SRC).filter((file) => !GUARD_MODULES.includes(file));

  it("every adapter's argument is an imported operation, and nothing defines one elsewhere", () => {
    const findings = files.flatMap((file) => findViolations(file, readFileSync(file, "utf8")));
    expect(findings.map((finding) => `${finding.where}: ${finding.problem}`)).toEqual([]);
  });

  it("finds the adapters it checks (the scan reads what it should)", () => {
    const calls = files.flatMap((file) => readFileSync(file, "utf8").match(/\b(orgAction|orgRoute|userAction|userRoute|orgExport|loadOrgPage)\(/g) ?? []);
    expect(calls.length).toBeGreaterThan(40);
  });

  it("refuses an inline spec, a spread, a local operation and an import from elsewhere", () => {
    const file = path.join(SRC, "app/api/orgs/[org]/example/route.ts");
    const text = [
      'import { orgRoute, userAction, defineOrgOperation } from "@/server/authz/guard";',
      'import { listPosts } from "@/features/posts/operations";',
      'import { helper } from "@/features/posts/queries";',
      'export const GET = orgRoute({ policy: "posts.list", kind: "read", run: async () => 1 });',
      "export const PATCH = orgRoute({ ...listPosts, successStatus: 201 });",
      'const local = defineOrgOperation({ policy: "posts.list", kind: "read", run: async () => 1 });',
      "export const POST = orgRoute(local);",
      "export const act = userAction(helper);",
      "export const DELETE = orgRoute(listPosts);",
    ].join("\n");
    expect(findViolations(file, text).map((finding) => finding.where.split(":").pop())).toEqual(["4", "5", "6", "7", "8"]);
  });
});

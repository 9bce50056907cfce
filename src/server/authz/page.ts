import "server-only";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import type { SearchParams } from "@/lib/list-query";
import { signInUrl, unavailableUrl } from "@/server/sign-in-url";
import { executeOrgRead, type DenialDetailsMap, type OrgContext, type OrgOperation, type ParsedInput } from "./guard";
import type { OrgPolicyName } from "./policy";

// The page adapter of an operation. Every page under /dashboard/[org] gets its data here:
//   const { ctx, input, data } = await loadOrgPage(listMembers, { route: "/dashboard/[org]/members", params, searchParams });
// It runs the read through the guard's steps as the API does (session → membership → role → target
// and ownership → input → run) and turns a refusal into what a page shows: sign-in for anonymous
// visitors, a 404 for non-members and missing targets, /unauthorized for a role (or an owner) that
// does not qualify, /unavailable during an outage. The coverage test (page-coverage.int.test.ts)
// holds every page to it. The org layout uses it too, for the shell (it is not re-run on every
// client navigation, so it never stands in for a page's own load).

/** A page's route as Next.js names it, e.g. "/dashboard/[org]/posts/[slug]/edit". */
export type OrgPageRoute = `/dashboard/[org]${string}`;

type RouteParams = Record<string, string | string[] | undefined>;

interface OrgPageRequestBase<Params extends RouteParams> {
  /** The page's route (or layout's): with the params, the address sign-in and "try again" come back to. */
  route: OrgPageRoute;
  params: Params | Promise<Params>;
  /** The URL's query: the operation's input, read leniently (a bad value falls back to its default). */
  searchParams?: SearchParams | Promise<SearchParams>;
}

/** `target` names the route param holding the target (e.g. "slug"): required exactly when the operation loads one. */
export type OrgPageRequest<Params extends RouteParams, T> = OrgPageRequestBase<Params> &
  ([T] extends [undefined] ? { target?: never } : { target: keyof Params & string });

export interface OrgPage<I, Out> {
  ctx: OrgContext;
  /** The validated input the page was rendered with (for its links and forms). */
  input: I;
  data: Out;
}

/** The address of a route with its params filled in: `/dashboard/acme/posts/hello`. */
export function pagePath(route: OrgPageRoute, params: RouteParams): string {
  return route.replace(/\[([^\]]+)\]/g, (_, name: string) => String(params[name] ?? ""));
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A page's URL is hand-edited, stale or shared: each query parameter the schema refuses is dropped
 * (so its default applies) and the rest of the view still holds. What remains is then validated by
 * the guard with the operation's own schema, object-level rules included; if even that fails, the
 * page shows the defaults. (The API, given the same schema, answers a 400 naming the parameter.)
 */
export function lenientInput(schema: z.ZodType | undefined, searchParams: SearchParams): Record<string, string> | undefined {
  if (!schema) return undefined;
  if (!(schema instanceof z.ZodObject)) return {};
  const kept: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const raw = firstValue(searchParams[key]);
    if (raw === undefined) continue;
    try {
      if (field.safeParse(raw).success) kept[key] = raw;
    } catch {
      // A schema that throws on a value refuses it.
    }
  }
  return schema.safeParse(kept).success ? kept : {};
}

/**
 * Runs a read operation for a page and returns its data, or sends the visitor where the refusal
 * says. Never renders anything for someone the policy does not admit.
 */
export async function loadOrgPage<Pol extends OrgPolicyName, S extends z.ZodType | undefined, T, R, D extends DenialDetailsMap, P, Params extends RouteParams>(
  operation: OrgOperation<Pol, S, T, R, R, D, P>,
  request: OrgPageRequest<Params, T>,
): Promise<OrgPage<ParsedInput<S>, R>> {
  const params = await request.params;
  const path = pagePath(request.route, params);
  // tsc requires `target` exactly where the operation loads one; this holds an untyped caller to it.
  const targetParam: string | undefined = request.target;
  if (Boolean(operation.target) !== Boolean(targetParam)) {
    throw new Error(`${operation.policy}: ${operation.target ? "name the route param of its target" : "it loads no target"} (page ${request.route}).`);
  }
  const target = targetParam ? firstValue(params[targetParam]) : undefined;
  const input = lenientInput(operation.input, (await request.searchParams) ?? {});

  const result = await executeOrgRead(operation, { org: String(params.org ?? ""), target, input });
  if (result.ok) return { ctx: result.ctx, input: result.input, data: result.data };
  switch (result.code) {
    case "unauthenticated":
      redirect(await signInUrl(path));
    case "not_found":
      notFound();
    case "forbidden":
      redirect("/unauthorized");
    case "unavailable":
      redirect(unavailableUrl(path));
    default:
      throw new Error(`${operation.policy} on ${path}: ${result.code}: ${result.error}`);
  }
}

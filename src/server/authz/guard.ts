import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { z } from "zod";
import { recordAudit, type AuditEntry } from "@/features/audit/record";
import { csvResponse, csvStream } from "@/lib/csv";
import { hasRole, type Role } from "@/lib/roles";
import { db, type Tx } from "@/server/db";
import { rateLimitStore } from "@/server/rate-limit";
import { clientIp } from "@/server/request-ip";
import { readBodyText } from "@/server/request-body";
import { SessionCheckUnavailableError } from "@/server/auth/session-check";
import { currentUser, pageUser, type SessionUser } from "@/server/session";
import { signInUrl, unavailableUrl } from "@/server/sign-in-url";
import {
  defaultMessage,
  GuardError,
  isDatabaseUnavailable,
  isRejectedText,
  isWriteConflict,
  RETRY_AFTER_SECONDS,
  STATUS_OF,
  type DenialCode,
  type FieldErrors,
} from "./errors";
import { currentRole, findMembership } from "./membership";
import { POLICIES, type OrgPolicyName, type PolicyName } from "./policy";

// The one authorization path. Every server action and route handler is built from orgAction /
// orgRoute (org-scoped), userAction / userRoute (signed in, no org) or publicEntry (no session),
// and each org-scoped call runs, in this order:
//   authenticate → membership (from the database) → role ≥ policy minimum → ownership of the target
//   → zod validation → mutation in a transaction with its audit event → revalidate.
// Pages use authorizeOrgPage, which runs the same first three steps.

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: DenialCode; error: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

export interface OrgContext {
  user: SessionUser;
  org: { id: string; slug: string; name: string };
  role: Role;
  ip: string | null;
}

/** A loaded target; `ownerId` is checked against ownership rules. */
export interface Target {
  ownerId?: string | null;
}

interface RunArgs<I, T, P = undefined> {
  ctx: OrgContext;
  input: I;
  target: T;
  /** What `prepare` made before the transaction began. */
  prepared: P;
  tx: Tx;
}

export interface OrgSpec<I, T extends Target | undefined, R, Out = R, P = undefined> {
  policy: OrgPolicyName;
  /** Validates the payload (after authorization: nothing is parsed for someone who may not act). */
  input?: z.ZodType<I>;
  /** Loads the target by id within the org; null means 404. Required for owned policies. */
  target?: (ctx: OrgContext, id: string) => Promise<T | null>;
  /** Reads skip the transaction and the audit log. */
  kind?: "read" | "write";
  /**
   * Slow work on the validated input that needs no database (e.g. rendering Markdown): it runs
   * after validation and before the transaction opens, so no lock is held while it runs.
   */
  prepare?: (args: Omit<RunArgs<I, T>, "tx" | "prepared">) => Promise<P>;
  run: (args: RunArgs<I, T, P>) => Promise<R>;
  audit?: (args: RunArgs<I, T, P> & { result: R }) => AuditEntry | AuditEntry[] | null;
  revalidate?: (args: Omit<RunArgs<I, T, P>, "tx"> & { result: R }) => string[];
  /**
   * Runs after the commit, never inside the transaction: effects outside the database (sending
   * mail), which must not happen for a write that then rolls back. Its value is the call's result.
   * It handles its own failures: the write is committed whatever it does.
   */
  afterCommit?: (args: Omit<RunArgs<I, T, P>, "tx"> & { result: R }) => Promise<Out>;
}

export interface OrgCall {
  org: string;
  target?: string;
  input?: unknown;
}

// ---------------------------------------------------------------- markers for the coverage test

const GUARDED = Symbol.for("orgdesk.guarded");

function mark<F extends (...args: never[]) => unknown>(fn: F, policy: PolicyName): F {
  Object.defineProperty(fn, GUARDED, { value: policy });
  return fn;
}

/** The policy a function was built with, or undefined if it did not come from this module. */
export function guardedPolicy(fn: unknown): PolicyName | undefined {
  return typeof fn === "function" ? (fn as unknown as Record<symbol, PolicyName | undefined>)[GUARDED] : undefined;
}

// ---------------------------------------------------------------- the steps

type Denied = { ok: false; code: DenialCode; error: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

function denied(code: DenialCode, error = defaultMessage(code), fieldErrors?: FieldErrors, details?: Record<string, unknown>): Denied {
  return { ok: false, code, error, ...(fieldErrors ? { fieldErrors } : {}), ...(details ? { details } : {}) };
}

/** Steps 1–3: who is asking, their membership, and whether their role reaches the policy. */
async function authorizeOrg(
  policyName: OrgPolicyName,
  orgSlug: unknown,
  ip: string | null,
): Promise<{ ok: true; ctx: OrgContext } | Denied> {
  const user = await currentUser();
  if (!user) return denied("unauthenticated");
  // A non-member learns nothing, not even whether the organization exists.
  const membership = typeof orgSlug === "string" ? await findMembership(user.id, orgSlug) : null;
  if (!membership) return denied("not_found");
  const ctx: OrgContext = { user, org: membership.org, role: membership.role, ip };
  if (!hasRole(membership.role, POLICIES[policyName].min)) {
    await auditDenial(ctx, policyName, { reason: "role", role: membership.role });
    return denied("forbidden");
  }
  return { ok: true, ctx };
}

/**
 * Refused attempts logged per actor and organization per window. Beyond it attempts are still
 * refused, just not logged: a member must not be able to fill an org's log by being refused (a
 * non-member never reaches the log at all: they get a 404 before any audit).
 */
export const DENIAL_LOG_LIMIT = { max: 20, windowMs: 10 * 60_000 };

async function mayLogDenial(ctx: OrgContext): Promise<boolean> {
  const { count } = await rateLimitStore().hit(`audit-denied:${ctx.org.id}:${ctx.user.id}`, DENIAL_LOG_LIMIT.windowMs);
  if (count === DENIAL_LOG_LIMIT.max + 1) console.warn(`[audit] user ${ctx.user.id} reached the refused-attempt log limit in org ${ctx.org.id}`);
  return count <= DENIAL_LOG_LIMIT.max;
}

async function auditDenial(ctx: OrgContext, policy: PolicyName, metadata: Record<string, string>, targetId?: string) {
  try {
    if (!(await mayLogDenial(ctx))) return;
    await recordAudit(db, { orgId: ctx.org.id, actorId: ctx.user.id, ip: ctx.ip }, { action: `${policy}.denied`, targetId, metadata });
  } catch (error) {
    console.error("[audit] could not record a denied attempt", error);
  }
}

const isDenial = (entry: AuditEntry) => entry.action.endsWith(".denied");

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * The guard's validation step: the schema's verdict, and a refusal (never a crash) when the schema
 * itself throws. zod 4 runs length checks on any object that has a `length`, and one whose value
 * cannot become a primitive (a null-prototype object) makes the comparison throw.
 */
export function validateInput<I>(schema: z.ZodType<I>, raw: unknown): { ok: true; input: I } | { ok: false; denial: Denied } {
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(raw);
  } catch {
    return { ok: false, denial: denied("invalid") };
  }
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, denial: denied("invalid", defaultMessage("invalid"), fieldErrorsOf(parsed.error)) };
}

const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs a mutation in a transaction; when the database aborts it for colliding with another one (a
 * deadlock, a serialization failure) nothing of it was applied, so the whole transaction runs
 * again, a few times, after a short random pause (so the two do not collide again in step).
 */
async function inTransaction<R>(work: (tx: Tx) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isWriteConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50 * attempt));
    }
  }
}

function toDenied(error: unknown): Denied {
  if (error instanceof GuardError) return denied(error.code, error.message, error.fieldErrors, error.details);
  if (isRejectedText(error)) return denied("invalid", "The request contains characters that cannot be stored.");
  if (isWriteConflict(error)) {
    console.error("[guard] transaction still colliding after retries:", error instanceof Error ? error.message : error);
    return denied("unavailable", "Others are changing the same items right now. Please try again in a moment.");
  }
  // The session could not be checked: "try again shortly", never "please sign in".
  if (error instanceof SessionCheckUnavailableError) return denied("unavailable");
  if (isDatabaseUnavailable(error)) {
    console.error("[guard] database unavailable:", error instanceof Error ? error.message : error);
    return denied("unavailable");
  }
  console.error("[guard] unexpected error", error);
  return denied("internal");
}

/** Runs one org-scoped call through every step. Never throws: the result says what happened. */
async function executeOrgCall<I, T extends Target | undefined, R, Out, P>(
  spec: OrgSpec<I, T, R, Out, P>,
  call: OrgCall,
  ip: string | null,
): Promise<ActionResult<Out>> {
  try {
    const authorized = await authorizeOrg(spec.policy, call?.org, ip);
    if (!authorized.ok) return authorized;
    const { ctx } = authorized;
    const policy = POLICIES[spec.policy];

    let target = undefined as T;
    if (spec.target) {
      if (typeof call.target !== "string" || call.target.length === 0 || call.target.length > 128) return denied("not_found");
      const loaded = await spec.target(ctx, call.target);
      if (!loaded) return denied("not_found");
      target = loaded;
      if ("owned" in policy && !hasRole(ctx.role, policy.owned.anyOwnerFrom) && loaded.ownerId !== ctx.user.id) {
        await auditDenial(ctx, spec.policy, { reason: "ownership", role: ctx.role }, call.target);
        return denied("forbidden");
      }
    } else if ("owned" in policy) {
      throw new Error(`Policy ${spec.policy} checks ownership: its guard needs a target loader.`);
    }

    let input = undefined as I;
    if (spec.input) {
      const parsed = validateInput(spec.input, call.input);
      if (!parsed.ok) return parsed.denial;
      input = parsed.input;
    }

    const prepared = (spec.prepare ? await spec.prepare({ ctx, input, target }) : undefined) as P;

    let result: R;
    if (spec.kind === "read") {
      result = await spec.run({ ctx, input, target, prepared, tx: db });
    } else {
      result = await inTransaction(async (tx) => {
        const value = await spec.run({ ctx, input, target, prepared, tx });
        const produced = spec.audit?.({ ctx, input, target, prepared, tx, result: value }) ?? [];
        let entries = Array.isArray(produced) ? produced : [produced];
        // Rows refused inside a call (a bulk action's posts of others) count as one refused attempt.
        if (entries.some(isDenial) && !(await mayLogDenial(ctx))) entries = entries.filter((entry) => !isDenial(entry));
        for (const entry of entries) {
          await recordAudit(tx, { orgId: ctx.org.id, actorId: ctx.user.id, ip: ctx.ip }, entry);
        }
        return value;
      });
    }
    for (const path of spec.revalidate?.({ ctx, input, target, prepared, result }) ?? []) revalidatePath(path);
    return { ok: true, data: spec.afterCommit ? await spec.afterCommit({ ctx, input, target, prepared, result }) : (result as unknown as Out) };
  } catch (error) {
    return toDenied(error);
  }
}

// ---------------------------------------------------------------- server actions

/** A server action for an org-scoped policy: `await action({ org, target?, input? })`. */
export function orgAction<I = undefined, T extends Target | undefined = undefined, R = void, Out = R, P = undefined>(spec: OrgSpec<I, T, R, Out, P>) {
  return mark(async (call: OrgCall): Promise<ActionResult<Out>> => {
    return executeOrgCall(spec, call, clientIp(await headers()));
  }, spec.policy);
}

export interface UserSpec<I, R> {
  policy: PolicyName;
  input?: z.ZodType<I>;
  run: (args: { user: SessionUser; input: I; tx: Tx; ip: string | null }) => Promise<R>;
  audit?: (args: { user: SessionUser; input: I; result: R }) => AuditEntry | null;
  revalidate?: (args: { user: SessionUser; input: I; result: R }) => string[];
  /** As OrgSpec's: effects outside the database (mail), after the commit; handles its own failures. */
  afterCommit?: (args: { user: SessionUser; input: I; result: R }) => Promise<void>;
}

async function executeUserCall<I, R>(spec: UserSpec<I, R>, rawInput: unknown, ip: string | null): Promise<ActionResult<R>> {
  try {
    const user = await currentUser();
    if (!user) return denied("unauthenticated");
    let input = undefined as I;
    if (spec.input) {
      const parsed = validateInput(spec.input, rawInput);
      if (!parsed.ok) return parsed.denial;
      input = parsed.input;
    }
    const result = await inTransaction(async (tx) => {
      const value = await spec.run({ user, input, tx, ip });
      const entry = spec.audit?.({ user, input, result: value });
      if (entry) await recordAudit(tx, { orgId: null, actorId: user.id, ip }, entry);
      return value;
    });
    for (const path of spec.revalidate?.({ user, input, result }) ?? []) revalidatePath(path);
    await spec.afterCommit?.({ user, input, result });
    return { ok: true, data: result };
  } catch (error) {
    return toDenied(error);
  }
}

/** A server action that needs a signed-in user but no organization (e.g. create one). */
export function userAction<I = undefined, R = void>(spec: UserSpec<I, R>) {
  return mark(async (input?: unknown): Promise<ActionResult<R>> => {
    return executeUserCall(spec, input, clientIp(await headers()));
  }, spec.policy);
}

/** Entries that run before there is a session (sign-in, registration, health). */
export function publicEntry<F extends (...args: never[]) => Promise<unknown>>(policy: PolicyName, fn: F): F {
  if (POLICIES[policy].scope !== "public") throw new Error(`${policy} is not a public policy.`);
  return mark(fn, policy);
}

// ---------------------------------------------------------------- route handlers (JSON API)

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const MAX_BODY_BYTES = 256 * 1024;

function errorResponse(result: Denied): Response {
  return Response.json(
    { error: { code: result.code, message: result.error, ...(result.fieldErrors ? { fields: result.fieldErrors } : {}), ...(result.details ?? {}) } },
    {
      status: STATUS_OF[result.code],
      // A 503 is temporary (an outage, a saturated pool): say when to try again.
      headers: { "Cache-Control": "no-store", ...(result.code === "unavailable" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {}) },
    },
  );
}

/** Browsers send Origin on cross-site requests; a mutating one from another site is refused. */
function isCrossSite(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

async function readInput(request: Request, from: "json" | "query"): Promise<{ ok: true; input: unknown } | Denied> {
  if (from === "query") return { ok: true, input: Object.fromEntries(new URL(request.url).searchParams) };
  const text = await readBodyText(request, MAX_BODY_BYTES);
  if (text === null) return denied("invalid", "The request body is too large.");
  if (!text) return { ok: true, input: {} };
  try {
    return { ok: true, input: JSON.parse(text) };
  } catch {
    return denied("invalid", "The request body is not valid JSON.");
  }
}

/** A JSON route handler for an org-scoped policy. Params: `org`, and the target's id param. */
export function orgRoute<I = undefined, T extends Target | undefined = undefined, R = void, Out = R, P = undefined>(
  spec: OrgSpec<I, T, R, Out, P> & {
    targetParam?: string;
    inputFrom?: "json" | "query";
    successStatus?: number;
    /** A response other than `{ data }` JSON, e.g. a CSV download. */
    respond?: (result: Out) => Response;
  },
) {
  return mark(async (request: Request, context: RouteContext): Promise<Response> => {
    if (!SAFE_METHODS.has(request.method) && isCrossSite(request)) {
      return errorResponse(denied("forbidden", "Cross-site requests are not allowed."));
    }
    const params = await context.params;
    const body = await readInput(request, spec.inputFrom ?? (SAFE_METHODS.has(request.method) ? "query" : "json"));
    if (!body.ok) return errorResponse(body);
    const target = spec.targetParam ? params[spec.targetParam] : undefined;
    const result = await executeOrgCall(
      spec,
      { org: String(params.org ?? ""), target: typeof target === "string" ? target : undefined, input: body.input },
      clientIp(request.headers),
    );
    if (!result.ok) return errorResponse(result);
    if (spec.respond) return spec.respond(result.data);
    return Response.json({ data: result.data }, { status: spec.successStatus ?? 200, headers: { "Cache-Control": "no-store" } });
  }, spec.policy);
}

export interface OrgExportSpec<I, Row> {
  policy: OrgPolicyName;
  input?: z.ZodType<I>;
  filename: (ctx: OrgContext) => string;
  header: string[];
  /** The rows in batches, read from the data layer as the download proceeds (keyset pages). */
  batches: (ctx: OrgContext, input: I) => AsyncGenerator<Row[]>;
  cells: (row: Row) => unknown[];
}

/**
 * A CSV download for an org-scoped policy, streamed batch by batch (memory holds one batch, at any
 * size). Before each batch after the first the exporter's role is read again from the database: an
 * exporter who is removed or demoted mid-download gets no further row, and the download fails.
 */
export function orgExport<I = undefined, Row = unknown>(spec: OrgExportSpec<I, Row>) {
  async function* whileAuthorized(ctx: OrgContext, input: I): AsyncGenerator<unknown[][]> {
    let first = true;
    for await (const batch of spec.batches(ctx, input)) {
      if (!first) {
        const role = await currentRole(ctx.user.id, ctx.org.id);
        if (!role || !hasRole(role, POLICIES[spec.policy].min)) {
          console.warn(`[export] ${spec.policy} stopped: user ${ctx.user.id} lost access to org ${ctx.org.id}`);
          throw new GuardError("forbidden", "Your access to this organization changed during the export.");
        }
      }
      first = false;
      yield batch.map(spec.cells);
    }
  }
  return orgRoute({
    policy: spec.policy,
    kind: "read",
    input: spec.input,
    run: async ({ ctx, input }) => ({ ctx, input }),
    respond: ({ ctx, input }) => csvResponse(spec.filename(ctx), csvStream(spec.header, whileAuthorized(ctx, input))),
  });
}

/** A JSON route handler for a signed-in user, outside any organization. */
export function userRoute<R>(policy: PolicyName, run: (user: SessionUser) => Promise<R>) {
  return mark(async (): Promise<Response> => {
    try {
      const user = await currentUser();
      if (!user) return errorResponse(denied("unauthenticated"));
      return Response.json({ data: await run(user) }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(toDenied(error));
    }
  }, policy);
}

// ---------------------------------------------------------------- pages

/**
 * For server components: the org context, or the right page when it is not allowed — sign-in for
 * anonymous visitors, 404 for non-members, /unauthorized for members whose role is too low.
 * Every page calls this itself; layouts may too, but never instead.
 */
export async function authorizeOrgPage(orgSlug: string, policy: OrgPolicyName, returnTo?: string): Promise<OrgContext> {
  const page = returnTo ?? `/dashboard/${orgSlug}`;
  // The session first, as a page reads it: an outage shows "temporarily unavailable", not sign-in.
  await pageUser(page);
  let result: Awaited<ReturnType<typeof authorizeOrg>>;
  try {
    result = await authorizeOrg(policy, orgSlug, null);
  } catch (error) {
    if (isDatabaseUnavailable(error)) redirect(unavailableUrl(page));
    throw error;
  }
  if (result.ok) return result.ctx;
  if (result.code === "unauthenticated") redirect(await signInUrl(page));
  if (result.code === "forbidden") redirect("/unauthorized");
  notFound();
}

/** Whether the current member's role reaches a policy (for showing controls; never the protection). */
export function can(ctx: OrgContext, policy: OrgPolicyName, ownerId?: string | null): boolean {
  const rule = POLICIES[policy];
  if (!hasRole(ctx.role, rule.min)) return false;
  if ("owned" in rule && ownerId !== undefined) return hasRole(ctx.role, rule.owned.anyOwnerFrom) || ownerId === ctx.user.id;
  return true;
}

// ---------------------------------------------------------------- page reads

/**
 * One org-scoped read through every step, exactly as an action or a route handler runs it (never
 * throws), for the page loader (src/server/authz/page.ts), which turns a refusal into the page's
 * redirect or 404.
 */
export function executeOrgRead<I, T extends Target | undefined, R, Out, P>(spec: OrgSpec<I, T, R, Out, P>, call: OrgCall): Promise<ActionResult<Out>> {
  if (spec.kind !== "read") throw new Error(`${spec.policy}: a page runs read operations only.`);
  return executeOrgCall(spec, call, null);
}

import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { z } from "zod";
import { recordAudit, type AuditEntry } from "@/features/audit/record";
import { csvResponse, csvStream } from "@/lib/csv";
import { hasRole, type Role } from "@/lib/roles";
import { db, type Tx } from "@/server/db";
import { rateLimitStore } from "@/server/rate-limit";
import { clientIp } from "@/server/request-ip";
import { readBodyText } from "@/server/request-body";
import { SessionCheckUnavailableError } from "@/server/auth/session-check";
import { currentUser, type SessionUser } from "@/server/session";
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
// Pages and the org layout are adapters too: loadOrgPage (./page.ts) runs a read operation through
// the same steps (executeOrgRead, below) and answers a refusal as a page does.

/** Details a denial of one code carries to its caller, per code (e.g. both versions of a post on conflict). */
export type DenialDetailsMap = Partial<Record<DenialCode, object>>;

/** An operation whose denials carry no details. */
type NoDetails = Record<never, never>;

/** A refusal, typed per code: `details` is present only for the codes the operation declares. */
export type Denial<D extends DenialDetailsMap = NoDetails> = {
  [C in DenialCode]: {
    ok: false;
    code: C;
    error: string;
    fieldErrors?: FieldErrors;
    details?: C extends keyof D ? D[C] : undefined;
  };
}[DenialCode];

export type ActionResult<T, D extends DenialDetailsMap = NoDetails> = { ok: true; data: T } | Denial<D>;

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

// ---------------------------------------------------------------- operations

/** The names of org policies that check ownership: their operations must load a target. */
export type OwnedPolicyName = { [K in OrgPolicyName]: (typeof POLICIES)[K] extends { owned: object } ? K : never }[OrgPolicyName];
export type UserPolicyName = { [K in PolicyName]: (typeof POLICIES)[K] extends { scope: "user" } ? K : never }[PolicyName];

type Schema = z.ZodType;
/** What `run` receives: the schema's output (undefined without a schema). */
export type ParsedInput<S> = [S] extends [Schema] ? z.output<S> : undefined;

/** A denial whose details the caller reads; its `error` is what the operation throws. */
export interface DetailedDenial<C extends DenialCode, D extends object> {
  readonly code: C;
  error(message: string, details: D): GuardError;
}

/**
 * Declares a denial that carries details, e.g. `denialWithDetails<"conflict", PostConflict>("conflict")`.
 * An operation lists it in `denials`; its callers then read `result.details` typed for that code.
 */
export function denialWithDetails<C extends DenialCode, D extends object>(code: C): DetailedDenial<C, D> {
  return { code, error: (message, details) => new GuardError(code, message, undefined, { ...details } as Record<string, unknown>) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any denial, whatever its details
type AnyDenial = DetailedDenial<DenialCode, any>;
type DetailsOf<Dn extends readonly AnyDenial[]> = { [E in Dn[number] as E["code"]]: E extends DetailedDenial<DenialCode, infer D> ? D : never };

export interface OrgRunArgs<I, T, P> {
  ctx: OrgContext;
  input: I;
  target: T;
  /** What `prepare` made before the transaction began. */
  prepared: P;
  tx: Tx;
}

interface OrgOperationFields<Pol extends OrgPolicyName, S extends Schema | undefined, T, R, Out, P, Dn extends readonly AnyDenial[]> {
  policy: Pol;
  /** Validates the payload (after authorization: nothing is parsed for someone who may not act). */
  input?: S;
  /** Loads the target by id within the org; null means 404. Required (at compile time) for owned policies. */
  target?: (ctx: OrgContext, id: string) => Promise<T | null>;
  /** Reads skip the transaction and the audit log. */
  kind?: "read" | "write";
  /** The denials whose details the caller reads (see denialWithDetails). */
  denials?: Dn;
  /**
   * Slow work on the validated input that needs no transaction (e.g. rendering Markdown): it runs
   * after validation and before the transaction opens, so no lock is held while it runs.
   */
  prepare?: (args: Omit<OrgRunArgs<ParsedInput<S>, T, never>, "tx" | "prepared">) => Promise<P>;
  run: (args: OrgRunArgs<ParsedInput<S>, T, P>) => Promise<R>;
  audit?: (args: OrgRunArgs<ParsedInput<S>, T, P> & { result: R }) => AuditEntry | AuditEntry[] | null;
  revalidate?: (args: Omit<OrgRunArgs<ParsedInput<S>, T, P>, "tx"> & { result: R }) => string[];
  /**
   * Runs after the commit, never inside the transaction: effects outside the database (sending
   * mail), which must not happen for a write that then rolls back. Its value is the call's result.
   * It handles its own failures: the write is committed whatever it does.
   */
  afterCommit?: (args: Omit<OrgRunArgs<ParsedInput<S>, T, P>, "tx"> & { result: R }) => Promise<Out>;
}

/** An owned policy compares the target's owner with the actor: its operation must load one. */
type OwnershipRule<Pol extends OrgPolicyName> = Pol extends OwnedPolicyName
  ? { target: (ctx: OrgContext, id: string) => Promise<{ ownerId: string | null } | null> }
  : unknown;

const OPERATION = Symbol.for("orgdesk.operation");

/**
 * An org-scoped operation: what one read or write is, defined once. Its type parameters are
 * what the adapters hand to their callers: the payload (S), whether a target is loaded (T), the
 * result (Out) and the typed denial details (D).
 */
export interface OrgOperation<
  Pol extends OrgPolicyName = OrgPolicyName,
  S extends Schema | undefined = Schema | undefined,
  T = unknown,
  R = unknown,
  Out = R,
  D extends DenialDetailsMap = DenialDetailsMap,
  P = unknown,
> extends OrgOperationFields<Pol, S, T, R, Out, P, readonly AnyDenial[]> {
  readonly [OPERATION]: "org";
  /** Type-only: the typed denial details of this operation. */
  readonly __details?: D;
}

/** Defines an org-scoped operation (policy, input schema, target loader, prepare, run, audit, revalidate, afterCommit). */
export function defineOrgOperation<
  const Pol extends OrgPolicyName,
  S extends Schema | undefined = undefined,
  T = undefined,
  R = void,
  Out = R,
  P = undefined,
  const Dn extends readonly AnyDenial[] = [],
>(operation: OrgOperationFields<Pol, S, T, R, Out, P, Dn> & OwnershipRule<Pol>): OrgOperation<Pol, S, T, R, Out, DetailsOf<Dn>, P> {
  return Object.assign({}, operation, { [OPERATION]: "org" as const }) as unknown as OrgOperation<Pol, S, T, R, Out, DetailsOf<Dn>, P>;
}

export interface UserRunArgs<I, P> {
  user: SessionUser;
  input: I;
  ip: string | null;
  /** What `prepare` made before the transaction began. */
  prepared: P;
  tx: Tx;
}

interface UserOperationFields<Pol extends UserPolicyName, S extends Schema | undefined, R, P, Dn extends readonly AnyDenial[]> {
  policy: Pol;
  input?: S;
  /** Reads skip the transaction and the audit log. */
  kind?: "read" | "write";
  denials?: Dn;
  /**
   * Slow work before the transaction opens (hashing a password on a worker thread, checking its
   * strength): no transaction stays open while it runs. Its value reaches `run` as `prepared`.
   */
  prepare?: (args: Omit<UserRunArgs<ParsedInput<S>, never>, "tx" | "prepared">) => Promise<P>;
  run: (args: UserRunArgs<ParsedInput<S>, P>) => Promise<R>;
  audit?: (args: { user: SessionUser; input: ParsedInput<S>; result: R }) => AuditEntry | null;
  revalidate?: (args: { user: SessionUser; input: ParsedInput<S>; result: R }) => string[];
  /** As an org operation's: effects outside the database (mail), after the commit; handles its own failures. */
  afterCommit?: (args: { user: SessionUser; input: ParsedInput<S>; result: R }) => Promise<void>;
}

/** An operation of a signed-in user outside any organization (create an org, account settings). */
export interface UserOperation<
  Pol extends UserPolicyName = UserPolicyName,
  S extends Schema | undefined = Schema | undefined,
  R = unknown,
  D extends DenialDetailsMap = DenialDetailsMap,
  P = unknown,
> extends UserOperationFields<Pol, S, R, P, readonly AnyDenial[]> {
  readonly [OPERATION]: "user";
  readonly __details?: D;
}

export function defineUserOperation<
  const Pol extends UserPolicyName,
  S extends Schema | undefined = undefined,
  R = void,
  P = undefined,
  const Dn extends readonly AnyDenial[] = [],
>(operation: UserOperationFields<Pol, S, R, P, Dn>): UserOperation<Pol, S, R, DetailsOf<Dn>, P> {
  return Object.assign({}, operation, { [OPERATION]: "user" as const }) as unknown as UserOperation<Pol, S, R, DetailsOf<Dn>, P>;
}

/** Whether a value was made by defineOrgOperation / defineUserOperation (for the coverage test). */
export function isOperation(value: unknown): boolean {
  return typeof value === "object" && value !== null && OPERATION in value;
}

// ---------------------------------------------------------------- what callers pass

/** The payload a caller passes: the schema's input type; optional when the schema accepts undefined. */
type InputArg<S> = [S] extends [Schema] ? (undefined extends z.input<S> ? { input?: z.input<S> } : { input: z.input<S> }) : { input?: never };
type TargetArg<T> = [T] extends [undefined] ? { target?: never } : { target: string };

/** The argument of an org action: `{ org }`, plus `target` where the operation loads one, plus `input` where it has a schema. */
export type OrgCall<S extends Schema | undefined = undefined, T = undefined> = { org: string } & TargetArg<T> & InputArg<S>;

/** The arguments of a user action: the schema's input (optional when it accepts undefined), none without a schema. */
export type UserCallArgs<S> = [S] extends [Schema] ? (undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>]) : [];

/** What the guard reads from a call, before validation: anything may arrive over the wire. */
interface RawOrgCall {
  org?: unknown;
  target?: unknown;
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
async function authorizeOrg(policyName: OrgPolicyName, orgSlug: unknown, ip: string | null): Promise<{ ok: true; ctx: OrgContext } | Denied> {
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

/**
 * The guard's view of an operation, whatever its types: method signatures, so that every
 * operation (whose functions take narrower arguments) fits it.
 */
interface ExecutableOrgOperation {
  policy: OrgPolicyName;
  input?: Schema;
  target?(ctx: OrgContext, id: string): Promise<unknown>;
  kind?: "read" | "write";
  prepare?(args: Omit<OrgRunArgs<unknown, unknown, unknown>, "tx" | "prepared">): Promise<unknown>;
  run(args: OrgRunArgs<unknown, unknown, unknown>): Promise<unknown>;
  audit?(args: OrgRunArgs<unknown, unknown, unknown> & { result: unknown }): AuditEntry | AuditEntry[] | null;
  revalidate?(args: Omit<OrgRunArgs<unknown, unknown, unknown>, "tx"> & { result: unknown }): string[];
  afterCommit?(args: Omit<OrgRunArgs<unknown, unknown, unknown>, "tx"> & { result: unknown }): Promise<unknown>;
}

/** Runs one org-scoped call through every step. Never throws: the result says what happened. */
async function executeOrgCall(spec: ExecutableOrgOperation, call: RawOrgCall, ip: string | null): Promise<{ ok: true; data: unknown } | Denied> {
  try {
    const authorized = await authorizeOrg(spec.policy, call?.org, ip);
    if (!authorized.ok) return authorized;
    const { ctx } = authorized;
    const policy = POLICIES[spec.policy];

    let target: unknown = undefined;
    if (spec.target) {
      if (typeof call.target !== "string" || call.target.length === 0 || call.target.length > 128) return denied("not_found");
      const loaded = (await spec.target(ctx, call.target)) as Target | null;
      if (!loaded) return denied("not_found");
      target = loaded;
      if ("owned" in policy && !hasRole(ctx.role, policy.owned.anyOwnerFrom) && loaded.ownerId !== ctx.user.id) {
        await auditDenial(ctx, spec.policy, { reason: "ownership", role: ctx.role }, call.target);
        return denied("forbidden");
      }
    } else if ("owned" in policy) {
      // defineOrgOperation refuses this at compile time; an operation built some other way is refused here.
      throw new Error(`Policy ${spec.policy} checks ownership: its guard needs a target loader.`);
    }

    let input: unknown = undefined;
    if (spec.input) {
      const parsed = validateInput(spec.input, call.input);
      if (!parsed.ok) return parsed.denial;
      input = parsed.input;
    }

    const prepared = spec.prepare ? await spec.prepare({ ctx, input, target }) : undefined;

    let result: unknown;
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
    return { ok: true, data: spec.afterCommit ? await spec.afterCommit({ ctx, input, target, prepared, result }) : result };
  } catch (error) {
    return toDenied(error);
  }
}

// ---------------------------------------------------------------- server actions

/** A server action of an org operation: `await action({ org, target, input })`, typed from the operation. */
export function orgAction<Pol extends OrgPolicyName, S extends Schema | undefined, T, R, Out, D extends DenialDetailsMap, P>(
  operation: OrgOperation<Pol, S, T, R, Out, D, P>,
) {
  return mark(async (call: OrgCall<S, T>): Promise<ActionResult<Out, D>> => {
    return (await executeOrgCall(operation, call, clientIp(await headers()))) as ActionResult<Out, D>;
  }, operation.policy);
}

interface ExecutableUserOperation {
  policy: UserPolicyName;
  input?: Schema;
  kind?: "read" | "write";
  prepare?(args: Omit<UserRunArgs<unknown, unknown>, "tx" | "prepared">): Promise<unknown>;
  run(args: UserRunArgs<unknown, unknown>): Promise<unknown>;
  audit?(args: { user: SessionUser; input: unknown; result: unknown }): AuditEntry | null;
  revalidate?(args: { user: SessionUser; input: unknown; result: unknown }): string[];
  afterCommit?(args: { user: SessionUser; input: unknown; result: unknown }): Promise<void>;
}

async function executeUserCall(spec: ExecutableUserOperation, rawInput: unknown, ip: string | null): Promise<{ ok: true; data: unknown } | Denied> {
  try {
    const user = await currentUser();
    if (!user) return denied("unauthenticated");
    let input: unknown = undefined;
    if (spec.input) {
      const parsed = validateInput(spec.input, rawInput);
      if (!parsed.ok) return parsed.denial;
      input = parsed.input;
    }
    const prepared = spec.prepare ? await spec.prepare({ user, input, ip }) : undefined;
    const result =
      spec.kind === "read"
        ? await spec.run({ user, input, ip, prepared, tx: db })
        : await inTransaction(async (tx) => {
            const value = await spec.run({ user, input, ip, prepared, tx });
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

/** A server action of a user operation (signed in, no organization): `await action(input)`, typed from the operation. */
export function userAction<Pol extends UserPolicyName, S extends Schema | undefined, R, D extends DenialDetailsMap, P>(
  operation: UserOperation<Pol, S, R, D, P>,
) {
  return mark(async (...args: UserCallArgs<S>): Promise<ActionResult<R, D>> => {
    return (await executeUserCall(operation, args[0], clientIp(await headers()))) as ActionResult<R, D>;
  }, operation.policy);
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

interface RouteOptionsBase<Out> {
  /** Where the payload comes from; by default the query string for GET/HEAD/OPTIONS, the JSON body otherwise. */
  inputFrom?: "json" | "query";
  successStatus?: number;
  /** A response other than `{ data }` JSON, e.g. a CSV download. */
  respond?: (result: Out) => Response;
}

/** Route options: `target` names the path parameter holding the target's id, required exactly when the operation loads one. */
export type RouteOptions<T, Out> = RouteOptionsBase<Out> & ([T] extends [undefined] ? { target?: never } : { target: string });
type RouteOptionsArgs<T, Out> = [T] extends [undefined] ? [options?: RouteOptions<T, Out>] : [options: RouteOptions<T, Out>];

/** A JSON route handler of an org operation: `orgRoute(op)`, or `orgRoute(op, { target: "id" })` for one that loads a target. */
export function orgRoute<Pol extends OrgPolicyName, S extends Schema | undefined, T, R, Out, D extends DenialDetailsMap, P>(
  operation: OrgOperation<Pol, S, T, R, Out, D, P>,
  ...[options]: RouteOptionsArgs<T, Out>
) {
  const settings: RouteOptionsBase<Out> & { target?: string } = options ?? {};
  return mark(async (request: Request, context: RouteContext): Promise<Response> => {
    if (!SAFE_METHODS.has(request.method) && isCrossSite(request)) {
      return errorResponse(denied("forbidden", "Cross-site requests are not allowed."));
    }
    const params = await context.params;
    const body = await readInput(request, settings.inputFrom ?? (SAFE_METHODS.has(request.method) ? "query" : "json"));
    if (!body.ok) return errorResponse(body);
    const target = settings.target ? params[settings.target] : undefined;
    const result = await executeOrgCall(
      operation,
      { org: String(params.org ?? ""), target: typeof target === "string" ? target : undefined, input: body.input },
      clientIp(request.headers),
    );
    if (!result.ok) return errorResponse(result);
    if (settings.respond) return settings.respond(result.data as Out);
    return Response.json({ data: result.data }, { status: settings.successStatus ?? 200, headers: { "Cache-Control": "no-store" } });
  }, operation.policy);
}

interface OrgExportFields<Pol extends OrgPolicyName, S extends Schema | undefined, Row> {
  policy: Pol;
  input?: S;
  filename: (ctx: OrgContext) => string;
  header: string[];
  /** The rows in batches, read from the data layer as the download proceeds (keyset pages). */
  batches: (ctx: OrgContext, input: ParsedInput<S>) => AsyncGenerator<Row[]>;
  cells: (row: Row) => unknown[];
}

/** A CSV download, defined like an operation: policy, filter schema, and the rows it streams. */
export interface OrgExport<Pol extends OrgPolicyName = OrgPolicyName, S extends Schema | undefined = Schema | undefined, Row = unknown> extends OrgExportFields<
  Pol,
  S,
  Row
> {
  readonly [OPERATION]: "export";
}

export function defineOrgExport<const Pol extends OrgPolicyName, S extends Schema | undefined = undefined, Row = unknown>(
  definition: OrgExportFields<Pol, S, Row>,
): OrgExport<Pol, S, Row> {
  return Object.assign({}, definition, { [OPERATION]: "export" as const });
}

/**
 * The route handler of a CSV download, streamed batch by batch (memory holds one batch, at any
 * size). Before each batch after the first the exporter's role is read again from the database: an
 * exporter who is removed or demoted mid-download gets no further row, and the download fails.
 */
export function orgExport<Pol extends OrgPolicyName, S extends Schema | undefined, Row>(definition: OrgExport<Pol, S, Row>) {
  async function* whileAuthorized(ctx: OrgContext, input: ParsedInput<S>): AsyncGenerator<unknown[][]> {
    let first = true;
    for await (const batch of definition.batches(ctx, input)) {
      if (!first) {
        const role = await currentRole(ctx.user.id, ctx.org.id);
        if (!role || !hasRole(role, POLICIES[definition.policy].min)) {
          console.warn(`[export] ${definition.policy} stopped: user ${ctx.user.id} lost access to org ${ctx.org.id}`);
          throw new GuardError("forbidden", "Your access to this organization changed during the export.");
        }
      }
      first = false;
      yield batch.map(definition.cells);
    }
  }
  const download = defineOrgOperation({
    policy: definition.policy as OrgPolicyName,
    kind: "read",
    input: definition.input as Schema | undefined,
    run: async ({ ctx, input }) => ({ ctx, input: input as ParsedInput<S> }),
  });
  return orgRoute(download, {
    respond: ({ ctx, input }) => csvResponse(definition.filename(ctx), csvStream(definition.header, whileAuthorized(ctx, input))),
  });
}

/** A JSON route handler of a user operation (signed in, outside any organization); the payload, if any, from the query string. */
export function userRoute<Pol extends UserPolicyName, S extends Schema | undefined, R, D extends DenialDetailsMap, P>(
  operation: UserOperation<Pol, S, R, D, P>,
) {
  return mark(async (request: Request): Promise<Response> => {
    const result = await executeUserCall(operation, Object.fromEntries(new URL(request.url).searchParams), clientIp(request.headers));
    if (!result.ok) return errorResponse(result);
    return Response.json({ data: result.data }, { headers: { "Cache-Control": "no-store" } });
  }, operation.policy);
}

/** Whether the current member's role reaches a policy (for showing controls; never the protection). */
export function can(ctx: OrgContext, policy: OrgPolicyName, ownerId?: string | null): boolean {
  const rule = POLICIES[policy];
  if (!hasRole(ctx.role, rule.min)) return false;
  if ("owned" in rule && ownerId !== undefined) return hasRole(ctx.role, rule.owned.anyOwnerFrom) || ownerId === ctx.user.id;
  return true;
}

// ---------------------------------------------------------------- page reads

/** The outcome of a page's read: its data with the context and input it ran with, or the refusal. */
export type OrgReadResult<I, Out, D extends DenialDetailsMap> = { ok: true; ctx: OrgContext; input: I; data: Out } | Denial<D>;

/**
 * One org-scoped read through every step, exactly as an action or a route handler runs it (never
 * throws), for the page loader (src/server/authz/page.ts), which turns a refusal into the page's
 * redirect or 404.
 */
export async function executeOrgRead<Pol extends OrgPolicyName, S extends Schema | undefined, T, R, Out, D extends DenialDetailsMap, P>(
  operation: OrgOperation<Pol, S, T, R, Out, D, P>,
  call: { org: string; target?: string; input?: unknown },
): Promise<OrgReadResult<ParsedInput<S>, R, D>> {
  if (operation.kind !== "read") throw new Error(`${operation.policy}: a page runs read operations only.`);
  const withContext: ExecutableOrgOperation = {
    ...operation,
    run: async (args) => ({ ctx: args.ctx, input: args.input, data: await operation.run(args as OrgRunArgs<ParsedInput<S>, T, P>) }),
  };
  const result = await executeOrgCall(withContext, call, null);
  return (result.ok ? { ok: true, ...(result.data as object) } : result) as OrgReadResult<ParsedInput<S>, R, D>;
}

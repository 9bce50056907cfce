// What can go wrong in a guarded call, in words a user can read, with the HTTP status the JSON API
// answers. Feature code throws these from inside a mutation (e.g. a version conflict).

export type DenialCode = "unauthenticated" | "not_found" | "forbidden" | "invalid" | "conflict" | "rate_limited" | "unavailable" | "internal";

export const STATUS_OF: Record<DenialCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const DEFAULT_MESSAGES: Record<DenialCode, string> = {
  unauthenticated: "Please sign in.",
  forbidden: "You do not have permission to do that.",
  not_found: "Not found.",
  invalid: "Please correct the highlighted fields.",
  conflict: "This changed since you loaded it.",
  rate_limited: "Too many requests. Please wait a moment.",
  unavailable: "The service is temporarily unavailable. Please try again shortly.",
  internal: "Something went wrong. Please try again.",
};

export type FieldErrors = Record<string, string>;

export class GuardError extends Error {
  constructor(
    readonly code: DenialCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly fieldErrors?: FieldErrors,
    /** Extra data for the caller, e.g. both versions of a post on conflict. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "GuardError";
  }
}

export function defaultMessage(code: DenialCode): string {
  return DEFAULT_MESSAGES[code];
}

/** Text the database refuses to store or compare (PostgreSQL rejects NUL bytes): bad input, not a crash. */
export function isRejectedText(error: unknown): boolean {
  const message = error instanceof Error ? error.message : "";
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return code === "22021" || code === "22P05" || /invalid byte sequence|unsupported Unicode escape|\\u0000 cannot be converted/i.test(message);
}

// P2024: no pool connection in time; P2028: a transaction that could not start in time (maxWait)
// or ran past its timeout: the database is saturated, a retry a little later may succeed.
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001"]);
/** Driver adapter error kinds (@prisma/driver-adapter-utils) that mean "no usable connection". */
const UNAVAILABLE_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|Can't reach database|timeout exceeded when trying to connect|database system is (starting up|shutting down)|DatabaseNotReachable|ConnectionClosed|Client (has encountered a connection error|was closed) and is not queryable/i;

function isValidationError(error: object): boolean {
  return error instanceof Error && error.name === "PrismaClientValidationError";
}

/**
 * Connection-level database failures: answer 503 quickly instead of a 500. Prisma wraps the
 * driver's error (as `meta.driverAdapterError`, whose `cause.kind` names it, or as `cause`), and
 * raw queries wrap it differently from model queries, so the whole chain is looked at.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const record = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (record.code !== undefined && UNAVAILABLE_CODES.has(String(record.code))) return true;
  if (typeof record.kind === "string" && UNAVAILABLE_KINDS.has(record.kind)) return true;
  // Messages only of errors without a code: a coded error (a constraint, invalid input…) may quote
  // user input, which must not be able to pass for an outage.
  if (record.code === undefined && typeof record.message === "string" && UNAVAILABLE_MESSAGE.test(record.message) && !isValidationError(error)) {
    return true;
  }
  return isDatabaseUnavailable(record.cause, depth + 1) || isDatabaseUnavailable(record.meta?.driverAdapterError, depth + 1);
}

/** Seconds a client is asked to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

const CONFLICT_CODES = new Set(["P2034", "40001", "40P01"]);

/**
 * A transaction the database aborted because it collided with another (a deadlock, a
 * serialization failure, a write conflict): nothing of it was applied, so running the whole
 * transaction again is safe. Prisma reports it as P2034, or (raw queries, driver adapters) as the
 * adapter's TransactionWriteConflict with the PostgreSQL code.
 */
export function isWriteConflict(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const record = error as { code?: unknown; originalCode?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (record.code !== undefined && CONFLICT_CODES.has(String(record.code))) return true;
  if (record.originalCode !== undefined && CONFLICT_CODES.has(String(record.originalCode))) return true;
  if (record.kind === "TransactionWriteConflict") return true;
  return isWriteConflict(record.cause, depth + 1) || isWriteConflict(record.meta?.driverAdapterError, depth + 1);
}

/**
 * A unique constraint refused the write (Prisma's P2002), e.g. the loser of two concurrent inserts
 * of the same slug: the caller turns it into the same answer as its own "already taken" check.
 * On PostgreSQL the transaction is aborted by it, so the caller must throw, not carry on.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  // 23505 is PostgreSQL's own code, for a violation raised by raw SQL rather than by Prisma.
  return error.code === "P2002" || error.code === "23505";
}

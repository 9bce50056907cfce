import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { RETRY_AFTER_SECONDS } from "@/server/authz/errors";

// "No session" and "could not check the session" are different answers. Auth.js knows only the
// first: when decoding throws (the database or Redis unreachable, a pool timeout) it logs the error,
// answers "no session" and clears the cookie, so a blip would sign every user out. Our decoders
// (auth.ts) note such a failure in the request's scope; whoever called Auth.js (currentSession,
// the /api/auth routes) then answers "temporarily unavailable" (503) and keeps the cookie.

/** The session could not be checked (a database or Redis outage): not the same as "signed out". */
export class SessionCheckUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The session could not be checked: its store is unreachable.", { cause });
    this.name = "SessionCheckUnavailableError";
  }
}

type Scope = { failure?: SessionCheckUnavailableError };
const scope = new AsyncLocalStorage<Scope>();

/**
 * Wraps a session decoder: a null is "invalid" (Auth.js ends the session), a throw is "could not
 * check", noted for the caller and rethrown so that Auth.js does not answer with a session.
 */
export function noteCheckFailures<P, R>(decode: (params: P) => Promise<R>): (params: P) => Promise<R> {
  return async (params) => {
    try {
      return await decode(params);
    } catch (error) {
      const failure = error instanceof SessionCheckUnavailableError ? error : new SessionCheckUnavailableError(error);
      const store = scope.getStore();
      if (store) store.failure ??= failure;
      throw failure;
    }
  };
}

/** Runs a call into Auth.js; resolves with its result, or rejects when the session could not be checked. */
export async function checkingSession<T>(run: () => Promise<T>): Promise<T> {
  const store: Scope = {};
  const value = await scope.run(store, run);
  if (store.failure) throw store.failure;
  return value;
}

/** For Auth.js's own routes: their response, or a 503 (cookie untouched) when the session could not be checked. */
export async function unlessSessionUncheckable(run: () => Promise<Response>): Promise<Response> {
  try {
    return await checkingSession(run);
  } catch (error) {
    if (!(error instanceof SessionCheckUnavailableError)) throw error;
    return Response.json(
      { error: { code: "unavailable", message: "The service is temporarily unavailable. Please try again shortly." } },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": String(RETRY_AFTER_SECONDS) } },
    );
  }
}

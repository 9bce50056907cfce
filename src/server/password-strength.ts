import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";

// Password strength, estimated by zxcvbn-ts (@zxcvbn-ts/core with its common and English
// dictionaries) on a worker thread. The estimator's cost grows much faster than the password's
// length on symbol- and digit-heavy input (hundreds of milliseconds, seconds with its defaults), so
// on the event loop one registration could stall every other request. On its own thread it holds nothing but itself: a check that exceeds its budget ends the
// worker (a new one starts on the next check) and answers "could not check", never a stall.
// Server-only: the dictionaries (about 7 MB) never reach the browser.

/** A check (queueing included) that takes longer is abandoned. */
const CHECK_BUDGET_MS = 3_000;
/** Added while a new worker still loads its dictionaries (about a second on an idle machine). */
const STARTUP_BUDGET_MS = 10_000;
/** Checks waiting beyond this are refused at once rather than queued behind a flood. */
const MAX_PENDING = 32;

export interface Strength {
  /** zxcvbn's 0 (too guessable) … 4 (very unguessable). */
  score: number;
  /** zxcvbn's warning, a sentence, if it has one. */
  warning: string | null;
  /** The password is built on the user's own name or email. */
  personal: boolean;
}

// Plain CommonJS run by the worker (eval: nothing for the bundler to trace). The packages are
// resolved from the app's directory, where node_modules is.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const load = require("node:module").createRequire(workerData.resolveFrom);
const { ZxcvbnFactory } = load("@zxcvbn-ts/core");
const common = load("@zxcvbn-ts/language-common");
const en = load("@zxcvbn-ts/language-en");
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  maxLength: workerData.maxLength,
  l33tMaxSubstitutions: workerData.l33tMaxSubstitutions,
});
parentPort.postMessage({ ready: true });
parentPort.on("message", ({ id, password, userInputs }) => {
  const result = zxcvbn.check(password, userInputs);
  parentPort.postMessage({
    id,
    score: result.score,
    warning: result.feedback.warning || null,
    personal: result.sequence.some((match) => String(match.dictionaryName ?? "").includes("userInputs")),
  });
});
`;

// Bounds on the estimator's work, measured on a loaded 2-core machine: with zxcvbn's defaults
// (256 characters, 100 l33t substitutions) a 40-character password-manager password took 1.7 s
// and a UUID-like one 2.5 s; with these, 30-200 ms, and every weak example still scores as weak.
// A password longer than 32 characters is judged by its first 32 (random or many-word passwords
// are long past the threshold by then).
/** Characters the estimator reads (zxcvbn's own cut-off). */
export const STRENGTH_MAX_LENGTH = 32;
const L33T_MAX_SUBSTITUTIONS = 8;

type Pending = { resolve: (strength: Strength | null) => void; timer: NodeJS.Timeout };

let worker: Worker | null = null;
let workerReady = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function abandonAll(): void {
  for (const { resolve, timer } of pending.values()) {
    clearTimeout(timer);
    resolve(null);
  }
  pending.clear();
}

function stopWorker(): void {
  const current = worker;
  worker = null;
  workerReady = false;
  abandonAll();
  void current?.terminate();
}

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      resolveFrom: path.join(process.cwd(), "package.json"),
      maxLength: STRENGTH_MAX_LENGTH,
      l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
    },
  });
  // An idle worker does not keep the process (or a test run) alive.
  started.unref();
  started.on("message", (message: { ready: true } | (Strength & { id: number })) => {
    if ("ready" in message) {
      if (worker === started) workerReady = true;
      return;
    }
    const { id, ...strength } = message;
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(strength);
  });
  started.on("error", (error) => {
    console.error("[password-strength] the estimator failed:", error);
    if (worker === started) stopWorker();
  });
  started.on("exit", () => {
    if (worker === started) stopWorker();
  });
  return started;
}

/** Starts the worker now (instrumentation.ts, at boot), so the first registration does not wait for the dictionaries. */
export function warmUpPasswordStrength(): void {
  worker ??= startWorker();
}

/**
 * zxcvbn's estimate of `password`, with the user's own words (name, email) as known inputs; null
 * when it could not be made within the budget (the caller refuses the password with a retry).
 */
export function estimateStrength(password: string, userInputs: string[]): Promise<Strength | null> {
  if (pending.size >= MAX_PENDING) return Promise.resolve(null);
  worker ??= startWorker();
  const id = nextId++;
  const current = worker;
  const budgetMs = CHECK_BUDGET_MS + (workerReady ? 0 : STARTUP_BUDGET_MS);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Whatever it is stuck on, the worker is ended: the next check starts a fresh one.
      if (worker === current) stopWorker();
      else resolve(null);
    }, budgetMs);
    pending.set(id, { resolve, timer });
    current.postMessage({ id, password, userInputs });
  });
}

import "server-only";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { GuardError } from "@/server/authz/errors";
import { runsUnbundled, spawnTypeScriptWorker, WorkerPool, WorkerPoolError } from "@/server/worker-pool";
import { env } from "@/server/env";
import { sha256 } from "@/server/sha256";

// bcrypt cost: 12 by default, never below 10 (BCRYPT_COST, checked in src/server/env.ts).
export function bcryptCost(): number {
  return env.BCRYPT_COST;
}

// bcrypt reads only the first 72 bytes of its input. Hashing the password with SHA-256 first
// (base64: 44 ASCII bytes, no NUL) makes every character of a long passphrase count.
function prehash(password: string): string {
  return sha256(password, "base64");
}

/** What password.ts asks its threads (./password-worker.ts): `secret` is always the pre-hash. */
export type PasswordTask = { kind: "hash"; secret: string; cost: number } | { kind: "compare"; secret: string; hash: string };

// bcryptjs is JavaScript: on the event loop, its async API holds the loop in slices of up to
// 100 ms, so every sign-in stalled every other request for a quarter of a second. Its own threads
// keep bcrypt (and its hash format: stored hashes keep working) off the loop and off libuv's
// threadpool, which DNS and file reads share; the bounded queue turns a flood into a clear 503.
function spawnPasswordWorker(options: WorkerOptions): Worker {
  const withEnv = { ...options, env: {} };
  if (runsUnbundled()) return spawnTypeScriptWorker(new URL("./password-worker.ts", import.meta.url), withEnv);
  // This exact form is what lets Next's bundler find the worker and bundle it with its imports.
  return new Worker(new URL("./password-worker.ts", import.meta.url), withEnv);
}

const globalForPool = globalThis as unknown as { orgdeskPasswordPool?: WorkerPool<PasswordTask, string | boolean> };

function pool(): WorkerPool<PasswordTask, string | boolean> {
  globalForPool.orgdeskPasswordPool ??= new WorkerPool({
    name: "password",
    threads: env.PASSWORD_HASH_THREADS,
    // Not a bound on the input (the pre-hash is always 44 bytes) but on a wedged thread.
    budgetMs: 30_000,
    maxQueue: env.PASSWORD_HASH_QUEUE,
    maxHeapMb: 32,
    spawn: spawnPasswordWorker,
  });
  return globalForPool.orgdeskPasswordPool;
}

async function run<Output extends string | boolean>(task: PasswordTask): Promise<Output> {
  try {
    return (await pool().run(task)) as Output;
  } catch (error) {
    if (error instanceof WorkerPoolError && error.reason === "busy") {
      throw new GuardError("unavailable", "Too many people are signing in right now. Please try again in a moment.");
    }
    throw error;
  }
}

export function hashPassword(password: string): Promise<string> {
  return run<string>({ kind: "hash", secret: prehash(password), cost: bcryptCost() });
}

// A hash of a random string at the configured cost: comparing against it when an email is unknown
// makes that failure cost the same time as a wrong password (no account enumeration by timing).
let decoyHash: Promise<string> | undefined;

function decoy(): Promise<string> {
  // A refused attempt (a full queue) must not leave a rejected decoy behind for every later one.
  decoyHash ??= hashPassword(crypto.randomUUID()).catch((error: unknown) => {
    decoyHash = undefined;
    throw error;
  });
  return decoyHash;
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await run<boolean>({ kind: "compare", secret: prehash(password), hash: await decoy() });
    return false;
  }
  return run<boolean>({ kind: "compare", secret: prehash(password), hash });
}

import { Worker, type WorkerOptions } from "node:worker_threads";

// Runs CPU-heavy work (Markdown rendering, password hashing) on worker threads, so that no request
// holds the event loop that serves every other request. Each task has a time budget: past it the
// thread is terminated (the only way to stop running code) and a fresh one takes its place. The
// queue is bounded too: when every thread is busy and the queue is full, callers are told to retry.
//
// A general pool (piscina) cannot be used here: Next's bundler only bundles a worker it can see as
// `new Worker(new URL("./worker.ts", import.meta.url))` in the module that starts it, and piscina
// loads its workers by path. So each user of this pool passes `spawn`, written in that form.

export type WorkerPoolFailure = "too_slow" | "too_large" | "busy";

/** The pool could not run the task: it took too long, its thread died, or the queue was full. */
export class WorkerPoolError extends Error {
  constructor(readonly reason: WorkerPoolFailure) {
    super(`Worker task refused: ${reason}`);
    this.name = "WorkerPoolError";
  }
}

/** The task itself threw on its thread; `code` is what the worker classified the error as. */
export class WorkerTaskError extends Error {
  constructor(
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = "WorkerTaskError";
  }
}

/** Messages between a pool and its threads (the thread side is ./worker-thread.ts). */
export interface WorkerRequest<Input> {
  id: number;
  input: Input;
}

export type WorkerReply<Output> = { ready: true } | { id: number; ok: true; output: Output } | { id: number; ok: false; code: string | null; message: string };

export interface WorkerPoolOptions {
  /** For logs: "[markdown] a worker thread failed". */
  name: string;
  threads: number;
  /** Time one task may take on its thread. */
  budgetMs: number;
  /** Tasks that may wait for a thread. */
  maxQueue: number;
  /** Heap of one thread: a task that needs more is refused. */
  maxHeapMb: number;
  /** Starts one thread; see the note above on the form Next needs. */
  spawn: (options: WorkerOptions) => Worker;
}

interface Task<Input, Output> {
  id: number;
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: Error) => void;
}

interface Slot<Input, Output> {
  worker: Worker;
  /** The thread has loaded its code: a task's budget starts only then. */
  ready: boolean;
  task: Task<Input, Output> | null;
  timer: NodeJS.Timeout | null;
}

/** A thread that has not loaded its code by then is broken, not slow. */
const STARTUP_LIMIT_MS = 30_000;

/**
 * Outside Next (vitest, tsx: the bench and the seed) a worker is TypeScript source, so tsx's loader
 * must be registered inside the new thread before the worker is imported. Next sets NEXT_RUNTIME
 * (and its bundle rewrites import.meta.url to the source path, so that cannot tell).
 */
export function runsUnbundled(): boolean {
  return !process.env.NEXT_RUNTIME;
}

/** A thread running the TypeScript module at `source` through tsx (see runsUnbundled). */
export function spawnTypeScriptWorker(source: URL, options: WorkerOptions): Worker {
  const code = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}

export class WorkerPool<Input, Output> {
  private readonly slots: (Slot<Input, Output> | null)[];
  private readonly queue: Task<Input, Output>[] = [];
  private nextId = 1;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.threads) }, () => null);
  }

  run(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      const task: Task<Input, Output> = { id: this.nextId++, input, resolve, reject };
      const free = this.slots.findIndex((slot) => !slot?.task);
      if (free !== -1) return this.start(free, task);
      if (this.queue.length >= this.options.maxQueue) return reject(new WorkerPoolError("busy"));
      this.queue.push(task);
    });
  }

  /** Ends every thread (tests and shutdown); waiting tasks are refused. */
  async close(): Promise<void> {
    for (const task of this.queue.splice(0)) task.reject(new WorkerPoolError("busy"));
    await Promise.all(
      this.slots.map(async (slot, index) => {
        this.slots[index] = null;
        if (!slot) return;
        if (slot.timer) clearTimeout(slot.timer);
        slot.task?.reject(new WorkerPoolError("busy"));
        await slot.worker.terminate();
      }),
    );
  }

  private slot(index: number): Slot<Input, Output> {
    const existing = this.slots[index];
    if (existing) return existing;
    const { maxHeapMb } = this.options;
    const worker = this.options.spawn({
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.max(8, Math.round(maxHeapMb / 8)) },
    });
    const slot: Slot<Input, Output> = { worker, ready: false, task: null, timer: null };
    worker.on("message", (reply: WorkerReply<Output>) => {
      if ("ready" in reply) {
        slot.ready = true;
        if (slot.task) this.startBudget(index, slot, this.options.budgetMs);
      } else this.finish(index, slot, reply);
    });
    // A thread that dies (out of memory, a crash) takes only its own task with it.
    worker.on("error", (error) => {
      console.error(`[${this.options.name}] a worker thread failed:`, error);
      this.fail(index, slot, "too_large");
    });
    worker.on("exit", () => this.fail(index, slot, "too_large"));
    // An idle pool must not keep the process alive.
    worker.unref();
    this.slots[index] = slot;
    return slot;
  }

  private start(index: number, task: Task<Input, Output>): void {
    const slot = this.slot(index);
    slot.task = task;
    this.startBudget(index, slot, slot.ready ? this.options.budgetMs : STARTUP_LIMIT_MS);
    slot.worker.postMessage({ id: task.id, input: task.input } satisfies WorkerRequest<Input>);
  }

  private startBudget(index: number, slot: Slot<Input, Output>, ms: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(index, slot, "too_slow"), ms);
  }

  private finish(index: number, slot: Slot<Input, Output>, reply: Exclude<WorkerReply<Output>, { ready: true }>): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (reply.ok) task.resolve(reply.output);
    else task.reject(new WorkerTaskError(reply.code, reply.message));
    this.next(index);
  }

  private fail(index: number, slot: Slot<Input, Output>, reason: WorkerPoolFailure): void {
    if (this.slots[index] !== slot) return;
    this.slots[index] = null;
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate();
    task?.reject(new WorkerPoolError(reason));
    this.next(index);
  }

  private next(index: number): void {
    const task = this.queue.shift();
    if (task) this.start(index, task);
  }
}

import { Worker } from "node:worker_threads";
import type { RenderReply } from "./pool-protocol";
import type { RenderedPost } from "./render";

// Renders post bodies on worker threads, so that no body, however crafted, holds the event loop
// that serves every other request. Each render has a time budget: past it the thread is
// terminated (the only way to stop a running parse) and a fresh one takes its place. The queue is
// bounded too: when every thread is busy and the queue is full, callers are told to retry.
//
// A general pool (piscina) cannot be used here: the bundler only bundles a worker it can see as
// `new Worker(new URL("./worker.ts", import.meta.url))`, and piscina loads its workers by path.

export type RenderFailure = "too_deep" | "too_slow" | "too_large" | "busy";

export class MarkdownRenderError extends Error {
  constructor(readonly reason: RenderFailure) {
    super(`Markdown render refused: ${reason}`);
    this.name = "MarkdownRenderError";
  }
}

export interface RenderPoolOptions {
  threads: number;
  /** Time one render may take on its thread. */
  budgetMs: number;
  /** Renders that may wait for a thread. */
  maxQueue: number;
  /** Heap of one thread: a body that needs more is refused. */
  maxHeapMb: number;
}

interface Task {
  id: number;
  source: string;
  resolve: (rendered: RenderedPost) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded the parser: a render's budget starts only then. */
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/** A thread that has not loaded the parser by then is broken, not slow. */
const STARTUP_LIMIT_MS = 30_000;

function spawnWorker(maxHeapMb: number): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.max(8, Math.round(maxHeapMb / 8)) },
    // The renderer reads CONTENT_IMAGE_HOSTS; nothing else of the environment is needed.
    env: { CONTENT_IMAGE_HOSTS: process.env.CONTENT_IMAGE_HOSTS ?? "" },
  };
  // Outside Next (vitest, tsx: the bench and the seed) the worker is the TypeScript source, so
  // tsx's loader must be registered inside the new thread before the worker is imported. Next
  // sets NEXT_RUNTIME (and its bundle rewrites import.meta.url to the source path, so that cannot tell).
  if (!process.env.NEXT_RUNTIME) {
    const source = new URL("./worker.ts", import.meta.url).href;
    return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, { ...options, eval: true });
  }
  // This exact form is what lets Next's bundler find the worker and bundle it with its imports.
  return new Worker(new URL("./worker.ts", import.meta.url), options);
}

export class RenderPool {
  private readonly slots: (Slot | null)[];
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(private readonly options: RenderPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.threads) }, () => null);
  }

  render(source: string): Promise<RenderedPost> {
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextId++, source, resolve, reject };
      const free = this.slots.findIndex((slot) => !slot?.task);
      if (free !== -1) return this.start(free, task);
      if (this.queue.length >= this.options.maxQueue) return reject(new MarkdownRenderError("busy"));
      this.queue.push(task);
    });
  }

  /** Ends every thread (tests and shutdown); waiting renders are refused. */
  async close(): Promise<void> {
    for (const task of this.queue.splice(0)) task.reject(new MarkdownRenderError("busy"));
    await Promise.all(
      this.slots.map(async (slot, index) => {
        this.slots[index] = null;
        if (!slot) return;
        if (slot.timer) clearTimeout(slot.timer);
        slot.task?.reject(new MarkdownRenderError("busy"));
        await slot.worker.terminate();
      }),
    );
  }

  private slot(index: number): Slot {
    const existing = this.slots[index];
    if (existing) return existing;
    const worker = spawnWorker(this.options.maxHeapMb);
    const slot: Slot = { worker, ready: false, task: null, timer: null };
    worker.on("message", (reply: RenderReply) => {
      if ("ready" in reply) {
        slot.ready = true;
        if (slot.task) this.startBudget(index, slot, this.options.budgetMs);
      } else this.finish(index, slot, reply);
    });
    // A thread that dies (out of memory, a crash) takes only its own render with it.
    worker.on("error", (error) => {
      console.error("[markdown] a render thread failed:", error);
      this.fail(index, slot, "too_large");
    });
    worker.on("exit", () => this.fail(index, slot, "too_large"));
    // An idle pool must not keep the process alive.
    worker.unref();
    this.slots[index] = slot;
    return slot;
  }

  private start(index: number, task: Task): void {
    const slot = this.slot(index);
    slot.task = task;
    this.startBudget(index, slot, slot.ready ? this.options.budgetMs : STARTUP_LIMIT_MS);
    slot.worker.postMessage({ id: task.id, source: task.source });
  }

  private startBudget(index: number, slot: Slot, ms: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(index, slot, "too_slow"), ms);
  }

  private finish(index: number, slot: Slot, reply: Exclude<RenderReply, { ready: true }>): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (reply.ok) task.resolve(reply.rendered);
    else task.reject(reply.reason === "too_deep" ? new MarkdownRenderError("too_deep") : new Error(reply.message));
    this.next(index);
  }

  private fail(index: number, slot: Slot, reason: RenderFailure): void {
    if (this.slots[index] !== slot) return;
    this.slots[index] = null;
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate();
    task?.reject(new MarkdownRenderError(reason));
    this.next(index);
  }

  private next(index: number): void {
    const task = this.queue.shift();
    if (task) this.start(index, task);
  }
}

import { Worker, type WorkerOptions } from "node:worker_threads";
import { runsUnbundled, spawnTypeScriptWorker, WorkerPool, WorkerPoolError, WorkerTaskError, type WorkerPoolFailure } from "@/server/worker-pool";
import type { RenderedPost } from "./render";
import { env } from "@/server/env";

// Renders post bodies on worker threads (src/server/worker-pool.ts), so that no body, however
// crafted, holds the event loop that serves every other request: each render has a time budget and
// a heap limit, and the queue is bounded.

export type RenderFailure = "too_deep" | WorkerPoolFailure;

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

function spawnRenderWorker(options: WorkerOptions): Worker {
  // The renderer reads CONTENT_IMAGE_HOSTS; nothing else of the environment is needed.
  const withEnv = { ...options, env: { CONTENT_IMAGE_HOSTS: env.CONTENT_IMAGE_HOSTS } };
  if (runsUnbundled()) return spawnTypeScriptWorker(new URL("./worker.ts", import.meta.url), withEnv);
  // This exact form is what lets Next's bundler find the worker and bundle it with its imports.
  return new Worker(new URL("./worker.ts", import.meta.url), withEnv);
}

export class RenderPool {
  private readonly pool: WorkerPool<string, RenderedPost>;

  constructor(options: RenderPoolOptions) {
    this.pool = new WorkerPool({ ...options, name: "markdown", spawn: spawnRenderWorker });
  }

  async render(source: string): Promise<RenderedPost> {
    try {
      return await this.pool.run(source);
    } catch (error) {
      if (error instanceof WorkerPoolError) throw new MarkdownRenderError(error.reason);
      if (error instanceof WorkerTaskError && error.code === "too_deep") throw new MarkdownRenderError("too_deep");
      throw error;
    }
  }

  /** Ends every thread (tests and shutdown); waiting renders are refused. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

import { parentPort } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./worker-pool";

/**
 * The thread side of ./worker-pool.ts: once `ready` settles the thread says so (a task's budget
 * starts then), and each task's result or error goes back to the pool. `codeOf` names the errors
 * the caller distinguishes (e.g. "too_deep"); any other error is reported with a null code.
 */
export function serveWorkerTasks<Input, Output>(
  ready: Promise<unknown>,
  handle: (input: Input) => Output,
  codeOf: (error: unknown) => string | null = () => null,
): void {
  const port = parentPort;
  if (!port) throw new Error("This module runs only as a worker thread.");
  const loaded = ready.then(() => port.postMessage({ ready: true } satisfies WorkerReply<Output>));
  port.on("message", (request: WorkerRequest<Input>) => {
    void loaded.then(() => {
      let reply: WorkerReply<Output>;
      try {
        reply = { id: request.id, ok: true, output: handle(request.input) };
      } catch (error) {
        reply = { id: request.id, ok: false, code: codeOf(error), message: String(error) };
      }
      port.postMessage(reply);
    });
  });
}

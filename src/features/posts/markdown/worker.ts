// The worker thread that renders post bodies (see ./pool.ts): a render that runs long or grows
// large is stopped here, by the pool terminating this thread, never on the server's event loop.
import { parentPort } from "node:worker_threads";
import { initRenderer, MarkdownTooDeepError, renderPost } from "./render";
import type { RenderReply, RenderRequest } from "./pool-protocol";

const port = parentPort;
if (!port) throw new Error("The Markdown worker runs only as a worker thread.");

const ready = initRenderer().then(() => port.postMessage({ ready: true } satisfies RenderReply));

port.on("message", (request: RenderRequest) => {
  void ready.then(() => {
    let reply: RenderReply;
    try {
      reply = { id: request.id, ok: true, rendered: renderPost(request.source) };
    } catch (error) {
      reply = { id: request.id, ok: false, reason: error instanceof MarkdownTooDeepError ? "too_deep" : "failed", message: String(error) };
    }
    port.postMessage(reply);
  });
});

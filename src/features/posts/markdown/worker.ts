// The worker thread that renders post bodies (see ./pool.ts): a render that runs long or grows
// large is stopped here, by the pool terminating this thread, never on the server's event loop.
import { serveWorkerTasks } from "@/server/worker-thread";
import { initRenderer, MarkdownTooDeepError, renderPost, type RenderedPost } from "./render";

serveWorkerTasks<string, RenderedPost>(initRenderer(), renderPost, (error) => (error instanceof MarkdownTooDeepError ? "too_deep" : null));

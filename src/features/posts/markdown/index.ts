import "server-only";
import { GuardError } from "@/server/authz/errors";
import { MarkdownRenderError, RenderPool } from "./pool";
import { MAX_NESTING_DEPTH, rendererKey, type RenderedPost } from "./render";
import { env } from "@/server/env";

export { EXCERPT_LENGTH, rendererKey, type RenderedPost } from "./render";

// The app's one way to render a post body: off the event loop, within a time budget (./pool.ts).
// Bodies are rendered when they are written and the HTML is stored with the post; reads only
// render again when the stored HTML came from an older renderer (rendererKey).

const globalForPool = globalThis as unknown as { orgdeskRenderPool?: RenderPool };

function pool(): RenderPool {
  globalForPool.orgdeskRenderPool ??= new RenderPool({
    threads: env.MARKDOWN_RENDER_THREADS,
    budgetMs: env.MARKDOWN_RENDER_BUDGET_MS,
    maxQueue: env.MARKDOWN_RENDER_QUEUE,
    maxHeapMb: 96,
  });
  return globalForPool.orgdeskRenderPool;
}

const REFUSALS = {
  too_deep: `This post nests too deeply: quotes, lists or tags more than ${MAX_NESTING_DEPTH} levels inside one another. Flatten it and try again.`,
  too_slow: "This post is too complex to show: it took too long to render. Simplify its formatting and try again.",
  too_large: "This post is too complex to show: rendering it needed too much memory. Simplify its formatting and try again.",
} as const;

/**
 * The body rendered to safe HTML, with its derived excerpt. A body that cannot be rendered within
 * the budget is the author's input to fix: a 400 on the body field. A full queue is a 503.
 */
export async function renderPostBody(body: string): Promise<RenderedPost> {
  try {
    return await pool().render(body);
  } catch (error) {
    if (!(error instanceof MarkdownRenderError)) throw error;
    if (error.reason === "busy") throw new GuardError("unavailable", "Too many posts are being rendered right now. Please try again in a moment.");
    throw new GuardError("invalid", REFUSALS[error.reason], { body: REFUSALS[error.reason] });
  }
}

/** Whether stored HTML came from the renderer this server runs. */
export function isCurrentRendering(renderer: string): boolean {
  return renderer === rendererKey();
}

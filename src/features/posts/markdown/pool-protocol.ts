import type { RenderedPost } from "./render";

/** Messages between the render pool and its worker threads. */
export interface RenderRequest {
  id: number;
  source: string;
}

export type RenderReply =
  | { ready: true }
  | { id: number; ok: true; rendered: RenderedPost }
  | { id: number; ok: false; reason: "too_deep" | "failed"; message: string };

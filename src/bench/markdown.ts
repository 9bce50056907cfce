// The Markdown part of `npm run bench`: how long each hostile body takes the renderer (on its
// worker thread, as the app runs it), and how fast the server still answers a health check while
// it renders the worst of them at write time.
import { PATHOLOGICAL_BODIES, TOO_DEEP_BODIES } from "../features/posts/markdown/pathological";
import { MarkdownRenderError, RenderPool } from "../features/posts/markdown/pool";
import { percentile } from "./report";

export interface RenderTiming {
  name: string;
  /** Median of the measured renders, in ms (the worker's round trip included). */
  ms: number;
  outcome: "rendered" | "too_deep" | "refused";
}

export interface HealthDuringRender {
  /** The write that renders the worst body (POST /api/orgs/{org}/posts). */
  writeStatus: number;
  writeMs: number;
  healthChecks: number;
  healthP95Ms: number;
  healthMaxMs: number;
}

export interface MarkdownBench {
  timings: RenderTiming[];
  worst: RenderTiming | null;
}

const ROUNDS = 3;

async function timeRender(pool: RenderPool, body: string): Promise<{ ms: number; outcome: RenderTiming["outcome"] }> {
  const start = performance.now();
  try {
    await pool.render(body);
    return { ms: performance.now() - start, outcome: "rendered" };
  } catch (error) {
    return { ms: performance.now() - start, outcome: error instanceof MarkdownRenderError && error.reason === "too_deep" ? "too_deep" : "refused" };
  }
}

/** Every hostile body through a real render thread: one warm-up, then the median of three. */
export async function measureRenderer(): Promise<MarkdownBench> {
  const pool = new RenderPool({ threads: 1, budgetMs: 10_000, maxQueue: 10, maxHeapMb: 96 });
  try {
    await pool.render("warm-up");
    const timings: RenderTiming[] = [];
    for (const [name, body] of Object.entries({ ...PATHOLOGICAL_BODIES, ...TOO_DEEP_BODIES })) {
      await timeRender(pool, body);
      const runs = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(await timeRender(pool, body));
      timings.push({
        name,
        ms: percentile(
          runs.map((run) => run.ms),
          50,
        ),
        outcome: runs[0]!.outcome,
      });
    }
    const worst = timings.reduce<RenderTiming | null>((top, timing) => (!top || timing.ms > top.ms ? timing : top), null);
    return { timings, worst };
  } finally {
    await pool.close();
  }
}

/** The body that took the renderer longest (and renders), for the write below. */
export function worstRenderingBody(bench: MarkdownBench): string {
  const rendered = bench.timings.filter((timing) => timing.outcome === "rendered").sort((a, b) => b.ms - a.ms)[0];
  return PATHOLOGICAL_BODIES[rendered?.name ?? "_a × 50,000"]!;
}

/** Creates a post with the worst body while checking /api/health every 10 ms until it is saved. */
export async function healthDuringRender(origin: string, cookie: string, org: string, body: string): Promise<HealthDuringRender> {
  const latencies: number[] = [];
  let writing = true;
  const checks = (async () => {
    while (writing) {
      const start = performance.now();
      await fetch(`${origin}/api/health`).then((response) => response.arrayBuffer());
      latencies.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 30));
  const start = performance.now();
  const response = await fetch(`${origin}/api/orgs/${org}/posts`, {
    method: "POST",
    headers: { cookie, origin, "content-type": "application/json" },
    body: JSON.stringify({ title: "Bench: worst-case Markdown", slug: `bench-markdown-${Date.now()}`, body }),
  });
  await response.arrayBuffer();
  const writeMs = performance.now() - start;
  writing = false;
  await checks;
  return { writeStatus: response.status, writeMs, healthChecks: latencies.length, healthP95Ms: percentile(latencies, 95), healthMaxMs: Math.max(...latencies) };
}

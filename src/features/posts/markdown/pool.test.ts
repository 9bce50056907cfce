import { afterAll, describe, expect, it } from "vitest";
import { PATHOLOGICAL_BODIES, TOO_DEEP_BODIES } from "./pathological";
import { MarkdownRenderError, RenderPool } from "./pool";

const pool = new RenderPool({ threads: 1, budgetMs: 10_000, maxQueue: 100, maxHeapMb: 96 });
afterAll(() => pool.close());

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "rendered";
  } catch (error) {
    return error instanceof MarkdownRenderError ? error.reason : String(error);
  }
}

describe("RenderPool: hostile bodies", () => {
  it.each(Object.entries(PATHOLOGICAL_BODIES))("renders %s (100,000 characters) on a worker thread", async (_name, body) => {
    expect(body.length).toBeGreaterThan(50_000);
    const rendered = await pool.render(body);
    expect(rendered.html.length).toBeGreaterThan(0);
    expect(rendered.html).not.toContain("<script");
  });

  it.each(Object.entries(TOO_DEEP_BODIES))("refuses %s as too deep", async (_name, body) => {
    expect(await refusal(pool.render(body))).toBe("too_deep");
  });

  it("renders ordinary Markdown with its excerpt and renderer", async () => {
    const rendered = await pool.render("# Hello\n\nSome *text*.");
    expect(rendered.html).toBe("<h1>Hello</h1>\n<p>Some <em>text</em>.</p>\n");
    expect(rendered.excerpt).toBe("Hello Some text.");
    expect(rendered.renderer).toMatch(/^md4c\.\d+/);
  });

  it("keeps the event loop free while a thread renders", async () => {
    const order: string[] = [];
    const rendering = pool.render(PATHOLOGICAL_BODIES["1,000-column table"]!).then(() => order.push("rendered"));
    // A render on this thread would finish before anything else queued after it could run.
    await new Promise<void>((resolve) => setImmediate(() => resolve(void order.push("other work"))));
    await rendering;
    expect(order).toEqual(["other work", "rendered"]);
  });
});

describe("RenderPool: budgets", () => {
  it("stops a render past its time budget, and the next render still works", async () => {
    const strict = new RenderPool({ threads: 1, budgetMs: 1, maxQueue: 10, maxHeapMb: 96 });
    try {
      expect(await refusal(strict.render(PATHOLOGICAL_BODIES["1,000-column table"]!))).toBe("too_slow");
    } finally {
      await strict.close();
    }
    const rendered = await pool.render("after");
    expect(rendered.html).toBe("<p>after</p>\n");
  });

  it("refuses work beyond its queue instead of piling it up", async () => {
    const small = new RenderPool({ threads: 1, budgetMs: 10_000, maxQueue: 2, maxHeapMb: 96 });
    try {
      const body = PATHOLOGICAL_BODIES["20,000-row table"]!;
      const results = await Promise.all(Array.from({ length: 5 }, () => refusal(small.render(body))));
      expect(results.filter((result) => result === "busy")).toHaveLength(2);
      expect(results.filter((result) => result === "rendered")).toHaveLength(3);
    } finally {
      await small.close();
    }
  });
});

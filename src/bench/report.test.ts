import { describe, expect, it } from "vitest";
import {
  ceilingRps,
  mode,
  evaluateTargets,
  parseQueryStats,
  percentile,
  renderMarkdown,
  summarizeSerial,
  type BenchReport,
  type LoadStats,
  type ProviderRun,
  type ScenarioResult,
} from "./report";
import { deepPage, membersDeepPage, postSlug, scenarios } from "./scenarios";

function loadStats(rps: number): LoadStats {
  return {
    connections: 16,
    durationS: 10,
    requests: rps * 10,
    rps,
    p50: 50,
    p975: 120,
    p99: 150,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: { "200": rps * 10 },
    queriesPerRequest: 4,
  };
}

function scenario(id: string, extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return { id, label: id, path: `/${id}`, auth: true, status: "ok", ...extra };
}

function serialStats(p95: number, queries: number | null) {
  return { ...summarizeSerial([p95 / 2, p95], 0, queries === null ? null : [queries, queries]), p95 };
}

function run(scenarios: ScenarioResult[]): ProviderRun {
  return {
    provider: "sqlite",
    seed: { members: 100_000, posts: 200_000, seconds: 42.5, largeSeconds: 40.1, migrateSeconds: 1.2, analyzeSeconds: null },
    ceilingDynamic: true,
    scenarios,
    loadBefore: "load average 1.00, 1.00, 1.00",
    loadAfter: "load average 2.00, 1.50, 1.00",
  };
}

const good = run([
  scenario("ceiling", { load: loadStats(200) }),
  scenario("overview", { load: loadStats(130) }),
  scenario("members", { serverTimeTarget: true, queryGroup: "members page", serial: serialStats(80, 5) }),
  scenario("members-deep", { serverTimeTarget: true, queryGroup: "members page", serial: serialStats(100, 5) }),
  scenario("members-size50", { queryGroup: "members page", serial: serialStats(20, 5.01) }),
]);

describe("percentile", () => {
  it("takes the nearest rank", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarizes a serial run", () => {
    const stats = summarizeSerial([10, 20, 30, 40], 1, [7, 9, 7, 7], 4.5);
    expect(stats).toMatchObject({
      count: 4,
      mean: 25,
      p50: 20,
      p95: 40,
      max: 40,
      non2xx: 1,
      queriesPerRequest: 7,
      queriesMean: 7.5,
      queriesMax: 9,
      cpuMsPerRequest: 4.5,
    });
    expect(summarizeSerial([1], 0, null).queriesPerRequest).toBeNull();
  });

  it("takes the most frequent value, the smaller on a tie", () => {
    expect(mode([7, 9, 7, 12])).toBe(7);
    expect(mode([9, 7])).toBe(7);
    expect(mode([])).toBeNull();
  });
});

describe("parseQueryStats", () => {
  it("reads the last counter line", () => {
    expect(parseQueryStats("ready\n[query-stats] total=12\n[query-stats] total=40\n")).toBe(40);
    expect(parseQueryStats("nothing here")).toBeNull();
  });
});

describe("evaluateTargets", () => {
  it("passes when every target is met", () => {
    const results = evaluateTargets(good);
    expect(results.map((r) => [r.subject, r.verdict])).toEqual([
      ["org overview", "pass"],
      ["members", "pass"],
      ["members-deep", "pass"],
      ["members page", "pass"],
    ]);
    expect(results[0]!.value).toBe("65 % (130 / 200)");
  });

  it("misses a slow overview, a slow page and a query count that grows with depth", () => {
    const bad = run([
      scenario("ceiling", { load: loadStats(200) }),
      scenario("overview", { load: loadStats(119) }),
      scenario("members", { serverTimeTarget: true, queryGroup: "members page", serial: serialStats(80, 5) }),
      scenario("members-deep", { serverTimeTarget: true, queryGroup: "members page", serial: serialStats(100.5, 6) }),
    ]);
    expect(evaluateTargets(bad).map((r) => r.verdict)).toEqual(["miss", "pass", "miss", "miss"]);
  });

  it("takes the mean of the ceiling measured at the start and at the end", () => {
    const drifted = run([
      scenario("ceiling", { load: loadStats(220) }),
      scenario("overview", { load: loadStats(117) }),
      scenario("ceiling-end", { load: loadStats(180) }),
    ]);
    expect(ceilingRps(drifted)).toBe(200);
    expect(evaluateTargets(drifted)[0]).toMatchObject({ verdict: "miss", value: "59 % (117 / 200)" });
  });

  it("says n/a for what could not be measured", () => {
    const partial = run([
      scenario("overview", { load: loadStats(100) }),
      scenario("posts", { status: "missing", httpStatus: 404, serverTimeTarget: true, queryGroup: "posts page" }),
      scenario("posts-deep", { serverTimeTarget: true, queryGroup: "posts page", serial: serialStats(30, 4) }),
    ]);
    const results = evaluateTargets(partial);
    expect(results.map((r) => [r.subject, r.verdict, r.value])).toEqual([
      ["org overview", "n/a", "ok"],
      ["posts", "n/a", "missing"],
      ["posts-deep", "pass", "30.0 ms"],
      ["posts page", "n/a", "1 of 2 measured"],
    ]);
  });
});

describe("renderMarkdown", () => {
  it("writes the machine, a table per provider and the targets", () => {
    const report: BenchReport = {
      date: "2026-11-27T03:00:00.000Z",
      machine: { cpus: 2, cpuModel: "Test CPU", memoryGiB: 23.5, node: "v20.20.2", next: "16.4.6", os: "Linux 6.1" },
      options: { members: 100_000, posts: 200_000, durationS: 10, connections: 16, serialRequests: 50, build: true },
      loadAtStart: "load average 0.50, 0.40, 0.30",
      loadAtEnd: "load average 1.50, 1.40, 1.30",
      buildSeconds: 30,
      runs: [
        {
          ...good,
          scenarios: [
            ...good.scenarios,
            scenario("posts", { serial: summarizeSerial([30, 40], 0, [7, 7, 9], 12.5) }),
            scenario("api", { serial: summarizeSerial([5], 0, [5]), machineLoad: 3.14159 }),
            scenario("post", { status: "missing", httpStatus: 404, path: "/a|b" }),
          ],
        },
      ],
      notes: ["a note"],
    };
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("2 cores (Test CPU), 23.5 GiB memory");
    expect(markdown).toContain("100,000 members, 200,000 posts");
    expect(markdown).toContain("load average 0.50, 0.40, 0.30");
    expect(markdown).toContain("## SQLite");
    expect(markdown).toContain("| ceiling | `/ceiling` | 200 | 100 % | 50.0 | 120 | 150 | 0 |");
    expect(markdown).toContain("| overview | `/overview` | 130 | 65 % |");
    expect(markdown).toContain("| post | `/a\\|b` | missing (404) |");
    expect(markdown).toContain("| posts | `/posts` | — | — | — | — | — | 0 | 30.0 | 40.0 | 12.5 | 7 (max 9) | — |");
    expect(markdown).toContain("| org overview ≥ 60 % of ceiling req/s | org overview | ✅ pass — 65 % (130 / 200) |");
    expect(markdown).toContain("seed 100,000 members + 200,000 posts in 42.5 s (bigco part: 40.1 s)");
    expect(markdown).toContain("| 5.0 | 5.0 | — | 5 | 3.1 |");
    expect(markdown).toContain("- a note");
  });
});

describe("scenarios", () => {
  it("picks deep pages and a post that exist at the seeded size", () => {
    expect(deepPage(60_000, 20)).toBe(2000);
    expect(deepPage(0, 20)).toBe(1);
    expect(membersDeepPage(100_000)).toBe(2000);
    expect(membersDeepPage(20_000)).toBe(320);
    expect(postSlug(200_000)).toBe("update-12345");
    expect(postSlug(1_000)).toBe("update-500");
    const ids = scenarios({ members: 100_000, posts: 200_000 }).map((s) => s.id);
    expect(ids.slice(0, 3)).toEqual(["ceiling", "session", "overview"]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// The benchmark's pure half: the shape of a result, the issue's targets and their verdicts, and the
// markdown report. No I/O here (src/bench/report.test.ts covers it); run.ts does the measuring.

import type { HealthDuringRender, MarkdownBench } from "./markdown";

export type Provider = "sqlite" | "postgresql";

export const PROVIDER_LABELS: Record<Provider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

/** The issue's targets ("Performance"). */
export const TARGETS = {
  /** The org overview serves at least this share of the ceiling's req/s. */
  overviewShareOfCeiling: 0.6,
  /** Members and posts pages: server time p95 at most this, at 100k members / 200k posts. */
  serverTimeP95Ms: 100,
  /** Queries per request that differ by less than this count as the same. */
  queryCountTolerance: 0.05,
  /** Every hostile 100,000-character post body renders within this. */
  markdownRenderMs: 100,
  /** A health check sent while the worst body renders answers within this. */
  healthDuringRenderMs: 50,
} as const;

/** Under load: autocannon, N connections for a fixed duration. Latencies in ms (2xx responses only). */
export interface LoadStats {
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Prisma operations the server ran during the load, divided by the responses completed. */
  queriesPerRequest: number | null;
}

/** One connection, one request at a time: the server time of a request, without queueing. */
export interface SerialStats {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
  non2xx: number;
  /** Prisma operations of a typical request: the most frequent count (counted request by request). */
  queriesPerRequest: number | null;
  queriesMean: number | null;
  queriesMax: number | null;
  /** CPU time of the server process per request (SQLite: includes the queries; PostgreSQL: not). */
  cpuMsPerRequest: number | null;
}

export type ScenarioStatus = "ok" | "missing" | "error";

export interface ScenarioResult {
  id: string;
  label: string;
  path: string;
  /** Sent with the session cookie of admin@bigco.test. */
  auth: boolean;
  status: ScenarioStatus;
  /** Status of the probe request (404 = route missing). */
  httpStatus?: number;
  note?: string;
  /** Subject to the server-time target. */
  serverTimeTarget?: boolean;
  /** Scenarios of one group must run the same number of queries per request. */
  queryGroup?: string;
  load?: LoadStats;
  serial?: SerialStats;
  /** The machine's 1-minute load average when the scenario started (other work on the 2 cores). */
  machineLoad?: number;
}

export interface SeedStats {
  members: number;
  posts: number;
  /** Wall time of `npm run db:seed -- --large ...` (demo data + bigco, including process start). */
  seconds: number;
  /** The seed's own figure for the bigco part, when it printed one. */
  largeSeconds: number | null;
  migrateSeconds: number;
  /** PostgreSQL: VACUUM (ANALYZE) after the seed, as autovacuum would do; null when not run. */
  analyzeSeconds: number | null;
}

export interface ProviderRun {
  provider: Provider;
  seed: SeedStats;
  /** Whether the ceiling page was rendered per request (its body carries the response's CSP nonce). */
  ceilingDynamic: boolean | null;
  scenarios: ScenarioResult[];
  /** `uptime` load averages around this provider's scenarios. */
  loadBefore: string;
  loadAfter: string;
  /** /api/health checked while the server renders the worst Markdown body at write time. */
  healthDuringRender?: HealthDuringRender;
  error?: string;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  next: string;
  os: string;
}

export interface BenchOptionsSummary {
  members: number;
  posts: number;
  durationS: number;
  connections: number;
  serialRequests: number;
  build: boolean;
}

export interface BenchReport {
  date: string;
  machine: MachineInfo;
  options: BenchOptionsSummary;
  loadAtStart: string;
  loadAtEnd: string;
  buildSeconds: number | null;
  runs: ProviderRun[];
  /** Hostile Markdown bodies through the renderer's worker thread. */
  markdown?: MarkdownBench | null;
  notes: string[];
}

// ---------------------------------------------------------------- statistics

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The most frequent value (the smaller one on a tie); null for none. */
export function mode(values: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | null = null;
  for (const [value, n] of counts) {
    const bestCount = best === null ? 0 : counts.get(best)!;
    if (n > bestCount || (n === bestCount && value < best!)) best = value;
  }
  return best;
}

/**
 * @param queryCounts Prisma operations of each request, in order (null when the counter is off)
 */
export function summarizeSerial(
  latenciesMs: readonly number[],
  non2xx: number,
  queryCounts: readonly number[] | null,
  cpuMsPerRequest: number | null = null,
): SerialStats {
  const count = latenciesMs.length;
  const mean = count ? latenciesMs.reduce((sum, value) => sum + value, 0) / count : Number.NaN;
  const counted = queryCounts && queryCounts.length ? queryCounts : null;
  return {
    count,
    mean,
    p50: percentile(latenciesMs, 50),
    p95: percentile(latenciesMs, 95),
    max: count ? Math.max(...latenciesMs) : Number.NaN,
    non2xx,
    queriesPerRequest: counted ? mode(counted) : null,
    queriesMean: counted ? counted.reduce((sum, n) => sum + n, 0) / counted.length : null,
    queriesMax: counted ? Math.max(...counted) : null,
    cpuMsPerRequest,
  };
}

/** Parses the server's `[query-stats] total=<n>` lines; the last one wins. */
export function parseQueryStats(output: string): number | null {
  let total: number | null = null;
  for (const match of output.matchAll(/\[query-stats\] total=(\d+)/g)) total = Number(match[1]);
  return total;
}

// ---------------------------------------------------------------- targets

export type Verdict = "pass" | "miss" | "n/a";

export interface TargetResult {
  target: string;
  subject: string;
  provider: Provider;
  value: string;
  verdict: Verdict;
}

function okScenario(run: ProviderRun, id: string): ScenarioResult | undefined {
  return run.scenarios.find((scenario) => scenario.id === id && scenario.status === "ok");
}

/** Scenarios that measure the ceiling: at the start and again at the end of a provider's run. */
export const CEILING_IDS = ["ceiling", "ceiling-end"];

/** The ceiling's req/s: the mean of its measurements (start and end), or null. */
export function ceilingRps(run: ProviderRun): number | null {
  const values = CEILING_IDS.map((id) => okScenario(run, id)?.load?.rps).filter((rps): rps is number => rps !== undefined && rps > 0);
  return values.length ? values.reduce((sum, rps) => sum + rps, 0) / values.length : null;
}

export function shareOfCeiling(run: ProviderRun, scenario: ScenarioResult): number | null {
  const ceiling = ceilingRps(run);
  const rps = scenario.load?.rps;
  if (!ceiling || rps === undefined) return null;
  return rps / ceiling;
}

const sameCount = (a: number, b: number) => Math.abs(a - b) < TARGETS.queryCountTolerance;

export function evaluateTargets(run: ProviderRun): TargetResult[] {
  const results: TargetResult[] = [];
  const provider = run.provider;

  // 1. Org overview ≥ 60 % of the ceiling's req/s.
  const overview = run.scenarios.find((scenario) => scenario.id === "overview");
  const share = overview?.status === "ok" ? shareOfCeiling(run, overview) : null;
  results.push({
    target: `org overview ≥ ${TARGETS.overviewShareOfCeiling * 100} % of ceiling req/s`,
    subject: "org overview",
    provider,
    value:
      share === null
        ? overview
          ? overview.status
          : "not run"
        : `${formatPercent(share)} (${formatRps(overview!.load!.rps)} / ${formatRps(ceilingRps(run)!)})`,
    verdict: share === null ? "n/a" : share >= TARGETS.overviewShareOfCeiling ? "pass" : "miss",
  });

  // 2. Members and posts pages: server time p95 ≤ 100 ms.
  for (const scenario of run.scenarios.filter((s) => s.serverTimeTarget)) {
    const p95 = scenario.status === "ok" ? scenario.serial?.p95 : undefined;
    results.push({
      target: `server time p95 ≤ ${TARGETS.serverTimeP95Ms} ms`,
      subject: scenario.label,
      provider,
      value: p95 === undefined || Number.isNaN(p95) ? scenario.status : `${formatMs(p95)} ms`,
      verdict: p95 === undefined || Number.isNaN(p95) ? "n/a" : p95 <= TARGETS.serverTimeP95Ms ? "pass" : "miss",
    });
  }

  // 3. Queries per request constant whatever the page size or depth.
  const groups = new Map<string, ScenarioResult[]>();
  for (const scenario of run.scenarios) {
    if (!scenario.queryGroup) continue;
    groups.set(scenario.queryGroup, [...(groups.get(scenario.queryGroup) ?? []), scenario]);
  }
  for (const [group, members] of groups) {
    const measured = members.filter((s) => s.status === "ok" && s.serial?.queriesPerRequest != null);
    const counts = measured.map((s) => s.serial!.queriesPerRequest!);
    const constant = counts.every((count) => sameCount(count, counts[0]!));
    results.push({
      target: "queries/request constant across page depth and size",
      subject: group,
      provider,
      value:
        measured.length < 2
          ? `${measured.length} of ${members.length} measured`
          : measured.map((s) => `${s.label}: ${formatQueries(s.serial!.queriesPerRequest)}`).join(", "),
      verdict: measured.length < 2 ? "n/a" : constant ? "pass" : "miss",
    });
  }
  return results;
}

// ---------------------------------------------------------------- formatting

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return "—";
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

export function formatRps(rps: number | undefined): string {
  if (rps === undefined || Number.isNaN(rps)) return "—";
  return rps >= 100 ? rps.toFixed(0) : rps.toFixed(1);
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return "—";
  return `${(share * 100).toFixed(0)} %`;
}

export function formatQueries(count: number | null | undefined): string {
  if (count === null || count === undefined || Number.isNaN(count)) return "—";
  return Number.isInteger(count) ? String(count) : count.toFixed(2);
}

const VERDICT_MARK: Record<Verdict, string> = { pass: "✅ pass", miss: "❌ miss", "n/a": "n/a" };

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function scenarioRow(run: ProviderRun, scenario: ScenarioResult): string {
  if (scenario.status !== "ok") {
    const what = scenario.status === "missing" ? "missing (404)" : `error${scenario.httpStatus ? ` (HTTP ${scenario.httpStatus})` : ""}`;
    return `| ${scenario.label} | \`${escapeCell(scenario.path)}\` | ${what}${scenario.note ? `: ${escapeCell(scenario.note)}` : ""} |  |  |  |  |  |  |  |  |  |  |`;
  }
  const load = scenario.load;
  const serial = scenario.serial;
  const non2xx = (load?.non2xx ?? 0) + (load?.errors ?? 0) + (serial?.non2xx ?? 0);
  const typical = serial?.queriesPerRequest ?? load?.queriesPerRequest ?? null;
  const max = serial?.queriesMax ?? null;
  const queries = typical !== null && max !== null && max > typical ? `${formatQueries(typical)} (max ${max})` : formatQueries(typical);
  const cells = [
    scenario.label,
    `\`${escapeCell(scenario.path)}\``,
    formatRps(load?.rps),
    formatPercent(load ? shareOfCeiling(run, scenario) : null),
    formatMs(load?.p50),
    formatMs(load?.p975),
    formatMs(load?.p99),
    load || serial ? String(non2xx) : "—",
    formatMs(serial?.p50),
    formatMs(serial?.p95),
    formatMs(serial?.cpuMsPerRequest ?? undefined),
    queries,
    scenario.machineLoad === undefined ? "—" : scenario.machineLoad.toFixed(1),
  ];
  return `| ${cells.join(" | ")} |`;
}

export function providerTable(run: ProviderRun): string {
  const header = [
    "| scenario | path | req/s | % ceiling | p50 ms | p97.5 ms | p99 ms | non-2xx | serial p50 ms | serial p95 ms | app CPU ms/req | queries/req | load |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  return [...header, ...run.scenarios.map((scenario) => scenarioRow(run, scenario))].join("\n");
}

export function targetsTable(runs: readonly ProviderRun[]): string {
  const byKey = new Map<string, { target: string; subject: string; cells: Partial<Record<Provider, TargetResult>> }>();
  for (const run of runs) {
    for (const result of evaluateTargets(run)) {
      const key = `${result.target}\u0000${result.subject}`;
      const row = byKey.get(key) ?? { target: result.target, subject: result.subject, cells: {} };
      row.cells[run.provider] = result;
      byKey.set(key, row);
    }
  }
  const providers = runs.map((run) => run.provider);
  const lines = [`| target | subject | ${providers.map((p) => PROVIDER_LABELS[p]).join(" | ")} |`, `| --- | --- | ${providers.map(() => "---").join(" | ")} |`];
  for (const row of byKey.values()) {
    const cells = providers.map((p) => {
      const cell = row.cells[p];
      return cell ? `${VERDICT_MARK[cell.verdict]} — ${escapeCell(cell.value)}` : "—";
    });
    lines.push(`| ${row.target} | ${escapeCell(row.subject)} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

function seedLine(run: ProviderRun): string {
  const s = run.seed;
  const large = s.largeSeconds === null ? "" : ` (bigco part: ${s.largeSeconds.toFixed(1)} s)`;
  const analyze = s.analyzeSeconds === null ? "" : `; then VACUUM (ANALYZE) ${s.analyzeSeconds.toFixed(1)} s`;
  return `- ${PROVIDER_LABELS[run.provider]}: migrate ${s.migrateSeconds.toFixed(1)} s; seed ${s.members.toLocaleString("en")} members + ${s.posts.toLocaleString("en")} posts in ${s.seconds.toFixed(1)} s${large}${analyze}`;
}

const verdict = (ok: boolean) => (ok ? "pass" : "**miss**");

/** The hostile-Markdown timings, and the health check's latency while the worst one renders. */
export function markdownSection(bench: MarkdownBench, runs: readonly ProviderRun[]): string[] {
  const out = ["## Markdown: hostile 100,000-character bodies", ""];
  out.push("| body | ms (median of 3, on the render thread) | outcome |", "| --- | ---: | --- |");
  for (const timing of bench.timings)
    out.push(`| ${timing.name} | ${timing.ms.toFixed(1)} | ${timing.outcome === "too_deep" ? "refused: nests too deeply (400)" : timing.outcome} |`);
  out.push("");
  if (bench.worst) {
    out.push(
      `Worst: ${bench.worst.name}, ${bench.worst.ms.toFixed(1)} ms (target ≤ ${TARGETS.markdownRenderMs} ms: ${verdict(bench.worst.ms <= TARGETS.markdownRenderMs)}).`,
    );
  }
  for (const run of runs) {
    const health = run.healthDuringRender;
    if (!health) continue;
    out.push(
      `${PROVIDER_LABELS[run.provider]}: creating a post with the worst rendering body answered ${health.writeStatus} in ${health.writeMs.toFixed(0)} ms; ${health.healthChecks} health checks meanwhile, p95 ${health.healthP95Ms.toFixed(1)} ms, max ${health.healthMaxMs.toFixed(1)} ms (target ≤ ${TARGETS.healthDuringRenderMs} ms: ${verdict(health.healthMaxMs <= TARGETS.healthDuringRenderMs)}).`,
    );
  }
  out.push("");
  return out;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, options } = report;
  const out: string[] = [];
  out.push(`# Orgdesk benchmark — ${report.date}`, "");
  out.push(
    `- machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB memory, ${machine.os}; Node ${machine.node}, Next ${machine.next}`,
    `- data: org \`bigco\`, ${options.members.toLocaleString("en")} members, ${options.posts.toLocaleString("en")} posts; providers: ${report.runs.map((r) => PROVIDER_LABELS[r.provider]).join(", ")}`,
    `- load: autocannon, ${options.connections} connections × ${options.durationS} s per scenario, on loopback, in the same 2-core machine as the server; serial: ${options.serialRequests} sequential requests on 1 connection after a warm-up`,
    `- machine load (uptime) at start: ${report.loadAtStart}; at end: ${report.loadAtEnd}`,
    `- build: ${report.buildSeconds === null ? "skipped (existing .next)" : `next build ${report.buildSeconds.toFixed(0)} s`}`,
    "",
  );
  out.push("## Seeding", "", ...report.runs.map(seedLine), "");
  for (const run of report.runs) {
    out.push(`## ${PROVIDER_LABELS[run.provider]}`, "");
    out.push(`Load around this run: before ${run.loadBefore}; after ${run.loadAfter}.`);
    if (run.ceilingDynamic !== null) {
      out.push(
        `Ceiling = \`GET /unauthorized\` without a session: no auth(), no database; ${run.ceilingDynamic ? "rendered per request (its body carries the response's CSP nonce)" : "NOT rendered per request (its body lacks the response's CSP nonce): the ceiling is a cached page"}.`,
      );
    }
    if (run.error) out.push("", `**Run failed:** ${run.error}`);
    out.push("", providerTable(run), "");
  }
  if (report.markdown) out.push(...markdownSection(report.markdown, report.runs));
  out.push("## Targets", "", targetsTable(report.runs), "");
  out.push(
    "## Method",
    "",
    "- **req/s, p50/p97.5/p99**: autocannon under load (latencies of 2xx responses only), after a discarded warm-up load; **% ceiling**: req/s ÷ the ceiling's req/s on the same provider (the mean of the ceiling measured first and again last, which also shows how much the machine's load drifted).",
    "- **serial p50/p95 (server time)**: one connection, one request at a time, so no request waits behind another; the time from sending the request to the last byte of the response on loopback, i.e. the server's time for the request plus well under a millisecond of client and network.",
    "- **app CPU ms/req**: CPU time (user + system, from /proc) the `next-server` process spent during the serial phase, per request. It is far less sensitive than latency to other work on the machine. With SQLite it includes the queries (the driver runs them in-process, synchronously); with PostgreSQL the queries' own work is in the database's processes and not counted here.",
    "- **queries/req**: the server counts Prisma operations (a client extension the bench loads into it, src/bench/query-counter.mjs) and prints the total on SIGUSR2; the bench reads it after every request of the serial phase and shows the most frequent count per request, with the largest when some request ran more. The constancy target compares the most frequent counts. Counting adds a little work per query to every scenario.",
    "- **non-2xx**: non-2xx responses plus connection errors, both phases.",
    "- **load**: the machine's 1-minute load average when the scenario started. Other work on the same 2 cores (builds, test runs) inflates latencies and lowers req/s; app CPU ms/req and queries/req hardly move with it.",
    "",
  );
  if (report.notes.length) out.push("## Notes", "", ...report.notes.map((note) => `- ${note}`), "");
  return out.join("\n");
}

// `npm run bench`: builds once, seeds bigco on SQLite and on PostgreSQL, serves each with
// `next start`, signs in as admin@bigco.test and measures every scenario (src/bench/scenarios.ts):
// req/s and latency under load (autocannon), server time one request at a time, SQL queries per
// request. Writes bench-results/<timestamp>.md and .json and prints the markdown.
//
//   npm run bench                                     full size: 100,000 members, 200,000 posts
//   npm run bench -- --members 20000 --posts 40000    a quicker run
//   options: --duration 10 --connections 16 --serial 50 --providers sqlite,postgresql --port 3100
//            --only ceiling,overview --skip-build --no-lock --lock-wait 1800 --reuse --keep
//            --max-minutes 45
//
// Not part of `npm test`. Everything stays on 127.0.0.1; servers, the lock and the databases are
// released at the end, on error and on CTRL-C (unless --keep).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBenchDatabase, migrateAndSeed, type BenchDatabase } from "./database";
import { load, probe, renderedPerRequest, serial, signIn, stopLoad } from "./http";
import { healthDuringRender, measureRenderer, worstRenderingBody, type MarkdownBench } from "./markdown";
import { acquireLock, type HeldLock } from "./lock";
import { nextBuild, snapshotBuild, type BuildSnapshot } from "./build";
import { killAllChildren } from "./processes";
import {
  PROVIDER_LABELS,
  renderMarkdown,
  summarizeSerial,
  type BenchReport,
  type MachineInfo,
  type Provider,
  type ProviderRun,
  type ScenarioResult,
  type SeedStats,
} from "./report";
import { scenarios, type ScenarioDef } from "./scenarios";
import { findFreePort, startServer, type BenchServer } from "./server";

const root = path.resolve(import.meta.dirname, "../..");
const ADMIN_EMAIL = "admin@bigco.test";
const ADMIN_PASSWORD = "demo-password-1";
const WARMUP_REQUESTS = 5;
const WARMUP_LOAD_S = 3;
const SERIAL_TIME_LIMIT_MS = 60_000;

// ---------------------------------------------------------------- options

function parseOptions() {
  const { values } = parseArgs({
    options: {
      members: { type: "string", default: "100000" },
      posts: { type: "string", default: "200000" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "16" },
      serial: { type: "string", default: "50" },
      providers: { type: "string", default: "sqlite,postgresql" },
      port: { type: "string", default: "3100" },
      only: { type: "string" },
      "skip-build": { type: "boolean", default: false },
      "no-lock": { type: "boolean", default: false },
      lock: { type: "string", default: "/tmp/orgdesk-e2e.lock" },
      "lock-wait": { type: "string", default: "1800" },
      reuse: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "max-minutes": { type: "string", default: "60" },
    },
  });
  const whole = (name: keyof typeof values, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes a whole number from ${min} to ${max}, got "${values[name]}"`);
    return n;
  };
  const providers = String(values.providers)
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of providers) if (p !== "sqlite" && p !== "postgresql") throw new Error(`--providers: unknown provider "${p}"`);
  return {
    members: whole("members", 0, 1_000_000),
    posts: whole("posts", 0, 2_000_000),
    duration: whole("duration", 1, 120),
    connections: whole("connections", 1, 256),
    serial: whole("serial", 1, 1_000),
    providers: providers as Provider[],
    port: whole("port", 1024, 65_000),
    only: values.only ? new Set(values.only.split(",").map((s) => s.trim())) : null,
    build: !values["skip-build"],
    lock: values["no-lock"] ? null : String(values.lock),
    lockWait: whole("lock-wait", 0, 7_200),
    reuse: Boolean(values.reuse),
    keep: Boolean(values.keep),
    maxMinutes: whole("max-minutes", 1, 240),
  };
}

type Options = ReturnType<typeof parseOptions>;

// ---------------------------------------------------------------- cleanup

const cleanups: (() => Promise<void>)[] = [];
let aborted = false;

async function cleanUp(): Promise<void> {
  stopLoad();
  while (cleanups.length) {
    const step = cleanups.pop()!;
    await step().catch((error: unknown) => console.error("[bench] cleanup:", error instanceof Error ? error.message : error));
  }
  killAllChildren("SIGKILL");
}

function onAbort(reason: string, code: number) {
  if (aborted) return;
  aborted = true;
  console.error(`\n[bench] ${reason}: stopping servers and cleaning up…`);
  void cleanUp().finally(() => process.exit(code));
}

// ---------------------------------------------------------------- helpers

function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" })
      .trim()
      .replace(/^.*load average:\s*/, "load average ");
  } catch {
    return os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(", ");
  }
}

function machineInfo(): MachineInfo {
  let cpus = os.cpus().length;
  try {
    cpus = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || cpus;
  } catch {
    // os.cpus() it is
  }
  const next = (JSON.parse(readFileSync(path.join(root, "node_modules/next/package.json"), "utf8")) as { version: string }).version;
  return {
    cpus,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    next,
    os: `${os.type()} ${os.release()}`,
  };
}

function log(message: string) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

// ---------------------------------------------------------------- one scenario

async function runScenario(server: BenchServer, def: ScenarioDef, cookie: string, options: Options): Promise<ScenarioResult> {
  const url = `${server.origin}${def.path}`;
  const base: ScenarioResult = {
    id: def.id,
    label: def.label,
    path: def.path,
    auth: def.auth,
    status: "ok",
    serverTimeTarget: def.serverTimeTarget,
    queryGroup: def.queryGroup,
  };
  base.machineLoad = os.loadavg()[0];
  const sessionCookie = def.auth ? cookie : undefined;
  const first = await probe(url, sessionCookie);
  if (first.status === 404) return { ...base, status: "missing", httpStatus: 404 };
  if (first.status !== 200) {
    const note = first.location ? `redirects to ${first.location}` : first.body.slice(0, 120).replace(/\s+/g, " ");
    return { ...base, status: "error", httpStatus: first.status, note };
  }

  // Serial phase (server time), after a short warm-up; queries counted around it.
  await serial(url, sessionCookie, WARMUP_REQUESTS, SERIAL_TIME_LIMIT_MS);
  // The query counter is read after every request, so each request's count is known.
  let last = await server.queryTotal();
  let queryCounts: number[] | null = last === null ? null : [];
  const c0 = server.cpuMs();
  const run = await serial(url, sessionCookie, options.serial, SERIAL_TIME_LIMIT_MS, async () => {
    if (!queryCounts) return;
    const total = await server.queryTotal();
    if (total === null || last === null) {
      queryCounts = null;
      return;
    }
    queryCounts.push(total - last);
    last = total;
  });
  const c1 = server.cpuMs();
  const count = run.latenciesMs.length;
  const cpuPerRequest = c0 !== null && c1 !== null && count ? (c1 - c0) / count : null;
  const result: ScenarioResult = { ...base, serial: summarizeSerial(run.latenciesMs, run.non2xx, queryCounts, cpuPerRequest) };

  if (def.load && !aborted) {
    const l0 = await server.queryTotal();
    const stats = await load(url, sessionCookie, options.connections, options.duration);
    const l1 = await server.queryTotal();
    stats.queriesPerRequest = l0 !== null && l1 !== null && stats.requests ? (l1 - l0) / stats.requests : null;
    result.load = stats;
  }
  return result;
}

// ---------------------------------------------------------------- one provider

async function runProvider(
  app: BuildSnapshot,
  database: BenchDatabase,
  seed: SeedStats,
  options: Options,
  markdown: MarkdownBench | null,
): Promise<ProviderRun> {
  const label = PROVIDER_LABELS[database.provider];
  const run: ProviderRun = { provider: database.provider, seed, ceilingDynamic: null, scenarios: [], loadBefore: uptime(), loadAfter: "" };
  const port = await findFreePort(options.port);
  log(`${label}: next start on 127.0.0.1:${port}`);
  let server: BenchServer;
  try {
    server = await startServer({ root, appDir: app.dir, port, databaseUrl: database.url });
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    run.loadAfter = uptime();
    log(`${label}: run failed: ${run.error}`);
    return run;
  }
  const stop = async () => server.stop();
  cleanups.push(stop);
  try {
    const cookie = await signIn(server.origin, ADMIN_EMAIL, ADMIN_PASSWORD);
    log(`${label}: signed in as ${ADMIN_EMAIL}`);
    if ((await server.queryTotal()) === null) log(`${label}: WARNING: the query counter does not answer; queries/req will be empty`);

    const ceiling = await probe(`${server.origin}/unauthorized`);
    run.ceilingDynamic = ceiling.status === 200 ? renderedPerRequest(ceiling) : null;

    // Warm-up load (discarded): JIT, route modules, the database's caches and connections.
    log(`${label}: warm-up (${WARMUP_LOAD_S} s on the ceiling and ${WARMUP_LOAD_S} s on the overview, discarded)`);
    await load(`${server.origin}/unauthorized`, undefined, options.connections, WARMUP_LOAD_S);
    await load(`${server.origin}/dashboard/bigco`, cookie, options.connections, WARMUP_LOAD_S);

    if (markdown && (!options.only || options.only.has("markdown"))) {
      run.healthDuringRender = await healthDuringRender(server.origin, cookie, "bigco", worstRenderingBody(markdown));
      const health = run.healthDuringRender;
      log(
        `${label}: worst Markdown body saved (${health.writeStatus}) in ${health.writeMs.toFixed(0)} ms; health checks meanwhile: max ${health.healthMaxMs.toFixed(1)} ms`,
      );
    }

    for (const def of scenarios({ members: options.members, posts: options.posts })) {
      if (aborted) break;
      if (options.only && !options.only.has(def.id)) continue;
      log(`${label}: ${def.label} — ${def.path}`);
      try {
        const result = await runScenario(server, def, cookie, options);
        run.scenarios.push(result);
        const summary =
          result.status === "ok"
            ? `serial p95 ${result.serial?.p95.toFixed(1)} ms, ${result.load ? `${result.load.rps.toFixed(1)} req/s, ` : ""}${result.serial?.queriesPerRequest ?? "?"} queries/req (max ${result.serial?.queriesMax ?? "?"}), ${result.serial?.cpuMsPerRequest?.toFixed(1) ?? "?"} ms CPU/req`
            : `${result.status}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ""}${result.note ? `: ${result.note}` : ""}`;
        log(`${label}:   ${summary}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run.scenarios.push({
          id: def.id,
          label: def.label,
          path: def.path,
          auth: def.auth,
          status: "error",
          note: message.slice(0, 200),
          serverTimeTarget: def.serverTimeTarget,
          queryGroup: def.queryGroup,
        });
        log(`${label}:   error: ${message}`);
      }
    }
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    log(`${label}: run failed: ${run.error}`);
  } finally {
    run.loadAfter = uptime();
    const serverErrors = server.errorLines();
    if (serverErrors.length) log(`${label}: the server wrote ${serverErrors.length} stderr line(s); first: ${serverErrors[0]}`);
    cleanups.splice(cleanups.indexOf(stop), 1);
    await server.stop();
  }
  return run;
}

// ---------------------------------------------------------------- main

async function main() {
  const options = parseOptions();
  process.on("SIGINT", () => onAbort("interrupted", 130));
  process.on("SIGTERM", () => onAbort("terminated", 143));
  const watchdog = setTimeout(() => onAbort(`time limit of ${options.maxMinutes} min reached`, 124), options.maxMinutes * 60_000);
  watchdog.unref();

  const machine = machineInfo();
  const loadAtStart = uptime();
  const date = new Date().toISOString();
  log(`${machine.cpus} cores, ${machine.memoryGiB.toFixed(1)} GiB, Node ${machine.node}; ${loadAtStart}`);

  // 1. Databases: created, migrated and seeded before taking the lock (seeding never touches .next).
  const prepared: { database: BenchDatabase; seed: SeedStats }[] = [];
  for (const provider of options.providers) {
    const database = await createBenchDatabase(provider, { root, reuse: options.reuse });
    if (!options.keep) cleanups.push(() => database.drop());
    log(`${PROVIDER_LABELS[provider]}: migrating and seeding ${database.label} (${options.members} members, ${options.posts} posts)`);
    const seed = await migrateAndSeed(database, { root, members: options.members, posts: options.posts });
    log(`${PROVIDER_LABELS[provider]}: migrated in ${seed.migrateSeconds.toFixed(1)} s, seeded in ${seed.seconds.toFixed(1)} s`);
    prepared.push({ database, seed });
  }

  // 2. The lock, then one build for both providers, then the scenarios.
  let releaseLock: (() => Promise<void>) | null = null;
  if (options.lock) {
    log(`waiting for ${options.lock} (at most ${options.lockWait} s)`);
    const lock: HeldLock = await acquireLock(options.lock, options.lockWait, log);
    releaseLock = () => lock.release();
    cleanups.push(releaseLock);
    log(`took ${options.lock} after ${lock.waitedSeconds.toFixed(0)} s`);
  }
  let buildSeconds: number | null = null;
  if (options.build) {
    log("next build");
    buildSeconds = await nextBuild(root, log, () => aborted);
    log(`built in ${buildSeconds.toFixed(0)} s`);
  }
  const app: BuildSnapshot = snapshotBuild(root);
  cleanups.push(async () => app.remove());
  log(`serving build ${app.buildId} from a private copy in ${app.dir}`);
  let markdownBench: MarkdownBench | null = null;
  if (!options.only || options.only.has("markdown")) {
    log("Markdown: hostile bodies through the render thread");
    markdownBench = await measureRenderer();
    log(`Markdown: worst ${markdownBench.worst?.name} in ${markdownBench.worst?.ms.toFixed(1)} ms`);
  }
  const runs: ProviderRun[] = [];
  for (const { database, seed } of prepared) {
    if (aborted) break;
    runs.push(await runProvider(app, database, seed, options, markdownBench));
  }
  if (releaseLock) {
    cleanups.splice(cleanups.indexOf(releaseLock), 1);
    await releaseLock();
    log(`released ${options.lock}`);
  }

  // 3. The report.
  const missing = [...new Set(runs.flatMap((r) => r.scenarios.filter((s) => s.status === "missing").map((s) => s.path)))];
  const notes = [
    "The ceiling is `GET /unauthorized`: the only route with no auth() and no database (every page is dynamic: the root layout reads headers() for the CSP nonce; `/api/health` queries the database).",
    "The server runs with the bench's query counter (src/bench/query-counter.mjs, a Prisma client extension); sessions are JWT, rate limits in-process (no REDIS_URL).",
    "PostgreSQL gets one `VACUUM (ANALYZE)` after seeding (this machine's server runs with autovacuum off; a deployed one analyzes a freshly loaded table by itself). SQLite is used as seeded.",
    "The build is served from a private copy of `.next` (taken right after `next build`), so an e2e run that rebuilds `.next` meanwhile cannot change what is measured.",
    "autocannon runs in the bench's own Node process on the same 2 cores as the server: the figures are the app's throughput on this machine with its load generator, not on a dedicated server.",
  ];
  notes.push(
    "The posts list has a fixed page size (20, no size parameter): its query-count check compares page 1 with a deep page; the members list compares page 1, a deep page, and sizes 10 and 50.",
  );
  if (missing.length) notes.push(`Routes missing when the bench ran (404): ${missing.map((p) => `\`${p}\``).join(", ")}.`);
  if (options.reuse) notes.push("--reuse: the databases were seeded by an earlier run; the seeding times above are only the top-up.");
  const report: BenchReport = {
    date,
    machine,
    options: {
      members: options.members,
      posts: options.posts,
      durationS: options.duration,
      connections: options.connections,
      serialRequests: options.serial,
      build: options.build,
    },
    loadAtStart,
    loadAtEnd: uptime(),
    buildSeconds,
    runs,
    markdown: markdownBench,
    notes,
  };
  const markdown = renderMarkdown(report);
  const outDir = path.join(root, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const stamp = date.replace(/[:.]/g, "-");
  writeFileSync(path.join(outDir, `${stamp}.md`), markdown);
  writeFileSync(path.join(outDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(markdown);
  log(`wrote bench-results/${stamp}.md and .json`);
}

main()
  .catch((error: unknown) => {
    console.error("[bench] failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (!aborted) await cleanUp();
  });

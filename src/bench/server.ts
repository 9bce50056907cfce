// src/serve.mjs (`npm start`) for the benchmark, on 127.0.0.1 and a free port, with the bench's query counter
// loaded first (src/bench/query-counter.mjs, a Prisma client extension): SIGUSR2 makes the server print
// `[query-stats] total=<n>`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { killTree, sleep, track, waitForExit } from "./processes";
import { parseQueryStats } from "./report";

/** Ports the e2e suite uses (3000, 3001 apps; 4000 OpenID Provider). */
const RESERVED_PORTS = new Set([3000, 3001, 4000]);
const SIGUSR2_BIT = 12n - 1n;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function findFreePort(from: number, attempts = 100): Promise<number> {
  for (let port = from; port < from + attempts; port++) {
    if (!RESERVED_PORTS.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error(`no free port in ${from}..${from + attempts - 1}`);
}

/** Whether a process has a handler for SIGUSR2 (else the signal would terminate it). */
function catchesSigusr2(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    return mask !== undefined && ((BigInt(`0x${mask}`) >> SIGUSR2_BIT) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** The process that serves: `next start`'s child named next-server if there is one, else itself. */
function servingPid(pid: number): number {
  try {
    const children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    for (const child of children) {
      const cmdline = readFileSync(`/proc/${child}/cmdline`, "utf8");
      if (cmdline.includes("next-server")) return child;
    }
  } catch {
    // no children: `next start` serves in its own process (Next 16 does)
  }
  return pid;
}

let clockTicks: number | null = null;

/** CPU time (user + system) a process has used so far, in ms; null if unreadable. */
export function processCpuMs(pid: number): number | null {
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

export interface BenchServer {
  origin: string;
  authUrl: string;
  pid: number;
  /** CPU time the serving process has used so far (ms): with SQLite this includes the queries. */
  cpuMs(): number | null;
  /** Total SQL queries so far, or null if the counter cannot be read. */
  queryTotal(): Promise<number | null>;
  /** Server stderr lines seen so far (errors during the benchmark). */
  errorLines(): string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  root: string;
  /** The app folder served (a private copy of the build, src/bench/build.ts). */
  appDir: string;
  port: number;
  databaseUrl: string;
  readyTimeoutMs?: number;
}

export async function startServer({ root, appDir, port, databaseUrl, readyTimeoutMs = 90_000 }: StartOptions): Promise<BenchServer> {
  const origin = `http://127.0.0.1:${port}`;
  const authUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    AUTH_URL: authUrl,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The benchmark measures the default setup: JWT sessions, in-process rate limits, credentials only.
  for (const key of Object.keys(env)) {
    if (key === "REDIS_URL" || key === "AUTH_SESSION_STRATEGY" || /^AUTH_(GOOGLE|GITHUB|OIDC)_/.test(key)) delete env[key];
  }
  const child: ChildProcess = track(
    spawn(
      process.execPath,
      [
        "--import",
        pathToFileURL(path.join(root, "src/bench/query-counter.mjs")).href,
        path.join(root, "src/serve.mjs"),
        appDir,
        "-p",
        String(port),
        "-H",
        "127.0.0.1",
      ],
      {
        cwd: appDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    ),
  );
  let stdout = "";
  let pendingLine = "";
  let statsSeen = 0;
  let statsTotal: number | null = null;
  const errors: string[] = [];
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    stdout = (stdout + chunk).slice(-20_000);
    const lines = (pendingLine + chunk).split("\n");
    pendingLine = lines.pop() ?? "";
    for (const line of lines) {
      const total = parseQueryStats(line);
      if (total === null) continue;
      statsTotal = total;
      statsSeen++;
    }
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (!line.trim()) continue;
      if (errors.length < 200) errors.push(line);
      if (errors.length <= 20) process.stderr.write(`[next-server] ${line}\n`);
    }
  });

  const stop = async () => {
    killTree(child, "SIGTERM");
    if (!(await waitForExit(child, 10_000))) {
      killTree(child, "SIGKILL");
      await waitForExit(child, 5_000);
    }
  };

  // Ready = /api/health answers 200 (it also loads the database client, and with it the counter).
  const deadline = Date.now() + readyTimeoutMs;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(5_000) });
      ready = response.ok;
      await response.arrayBuffer();
    } catch {
      // not listening yet
    }
    if (!ready) await sleep(300);
  }
  if (!ready) {
    await stop();
    throw new Error(`next start did not become ready on ${origin} within ${readyTimeoutMs / 1000} s\n${errors.slice(-10).join("\n")}\n${stdout.slice(-2_000)}`);
  }

  const pid = servingPid(child.pid!);
  return {
    origin,
    authUrl,
    pid,
    errorLines: () => [...errors],
    cpuMs: () => processCpuMs(pid),
    stop,
    async queryTotal() {
      if (child.exitCode !== null || !catchesSigusr2(pid)) return null;
      const seen = statsSeen;
      process.kill(pid, "SIGUSR2");
      // The answer comes within milliseconds; wait at most 3 s.
      for (let i = 0; i < 300 && statsSeen === seen; i++) await sleep(10);
      if (statsSeen !== seen) return statsTotal;
      return null;
    },
  };
}

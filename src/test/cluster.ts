// Harness for the scale-out and fault specs (src/e2e/cluster/), also used by the Lighthouse and
// screenshot scripts: app instances of the production
// build, each a `next start` on its own port, sharing one fresh PostgreSQL database and the Redis
// server; and a TCP proxy in front of PostgreSQL that a test can cut to simulate a database restart
// (open connections reset, new ones refused) without touching the shared server. Loopback only.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createPostgresDatabase, migrate, REDIS_TEST_URL, seed, type TestDatabase } from "./databases";

const root = path.resolve(import.meta.dirname, "../..");

/** The e2e secret: test-only, the same for every instance (so each can read the others' cookies). */
export const CLUSTER_AUTH_SECRET = "e2e-only-secret-not-for-production-0123456789";

/** A fresh PostgreSQL database with the migrations and the demo data. */
export async function seededPostgres(): Promise<TestDatabase> {
  const database = await createPostgresDatabase();
  migrate(database.url);
  seed(database.url);
  return database;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port from `from` on, skipping those the e2e suite and the bench use. */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port from ${from}`);
}

export interface AppInstance {
  origin: string;
  /** The serving process, to check it is still the one that started (no crash, no restart). */
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface AppOptions {
  port: number;
  databaseUrl: string;
  /** The shared Redis by default; null for none (counters and session checks in memory). */
  redisUrl?: string | null;
  sessionStrategy?: "jwt" | "database";
}

/** Starts src/serve.mjs (Next.js, as `npm start` does) on the existing build; resolves once /api/health answers 200. */
export async function startApp({ port, databaseUrl, redisUrl = REDIS_TEST_URL, sessionStrategy = "jwt" }: AppOptions): Promise<AppInstance> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no production build in .next: run `npm run test:e2e`.");
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.join(root, "src/serve.mjs"), "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl ?? "",
      AUTH_URL: origin,
      AUTH_SECRET: CLUSTER_AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      AUTH_SESSION_STRATEGY: sessionStrategy,
      BCRYPT_COST: "10",
      SIGNIN_IP_LIMIT: "10000",
      REGISTER_IP_LIMIT: "10000",
      // Not configured here: the instances must not reach the e2e OpenID Provider.
      AUTH_OIDC_ISSUER: "",
    },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app on :${port} exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app on :${port} did not become healthy in 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    origin,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A TCP proxy to PostgreSQL. `cut()` resets every open connection and refuses new ones, as a
 * restarting server does; `restore()` accepts connections again.
 */
export interface DatabaseProxy {
  /** The database URL that goes through the proxy. */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startDatabaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let open = true;

  const server = net.createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.toString(),
    cut() {
      open = false;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
    },
    restore() {
      open = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

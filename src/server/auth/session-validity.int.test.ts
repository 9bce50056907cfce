// A revocation that could not reach Redis (it was restarting) must not be outlived by an "ok"
// marker that the restart kept: the other instance re-checks such a marker in the database.
// A Redis server of its own (port and data directory private to this file), restarted for real
// with its data kept, as a persistent Redis is.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { createRateLimitRedis } from "@/server/rate-limit";
import { createUser } from "@/test/fixtures";
import { hashSessionToken } from "./database-sessions";
import { decodeJwtSession, encodeJwtSession } from "./jwt-sessions";
import { setSessionValidityRedis } from "./session-validity";

const jwtParams = { secret: "test-secret-0123456789-abcdefghijklmnop", salt: "authjs.session-token" };
const dir = mkdtempSync(path.join(os.tmpdir(), "orgdesk-redis-"));
let port = 0;
let server: ChildProcess | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<void> {
  server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on("error", () => {});
    const up = await probe.connect().then(
      () => probe.ping().then(() => true),
      () => false,
    );
    probe.disconnect();
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("redis-server did not start");
}

/** Stops Redis keeping its data on disk (what a restart of a persistent Redis does). */
async function stopRedisKeepingData(): Promise<void> {
  const admin = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 0, retryStrategy: () => null });
  admin.on("error", () => {});
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  await admin.call("SHUTDOWN", "SAVE").catch(() => {}); // the connection closes as the server exits
  admin.disconnect();
  await exited;
}

async function until(condition: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 200 && !(await condition()); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
}

let otherInstance: Redis;

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  // The instance under test: the app's own Redis client settings.
  otherInstance = createRateLimitRedis(`redis://127.0.0.1:${port}`);
  setSessionValidityRedis(otherInstance);
});

afterAll(async () => {
  setSessionValidityRedis(null);
  otherInstance?.disconnect();
  server?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("JWT sessions after a Redis restart that kept its data", () => {
  it("a session revoked while Redis was down is refused, though Redis still holds its 'ok'", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const user = await createUser();
    const token: { sub: string; sid?: string } = { sub: user.id };
    const cookie = await encodeJwtSession({ ...jwtParams, token });
    expect(await decodeJwtSession({ ...jwtParams, token: cookie })).not.toBeNull(); // "ok" now in Redis

    await stopRedisKeepingData();
    // Another instance signs the session out meanwhile: the row goes, the revocation cannot reach Redis.
    await db.session.deleteMany({ where: { sessionToken: hashSessionToken(token.sid!) } });
    await startRedis();
    await until(async () => otherInstance.status === "ready");
    const kept = new Redis({ port, host: "127.0.0.1" });
    expect(await kept.get(`orgdesk:sess:s:${hashSessionToken(token.sid!)}`)).toMatch(/^ok/); // the restart kept the marker
    kept.disconnect();

    expect(await decodeJwtSession({ ...jwtParams, token: cookie })).toBeNull();
    vi.restoreAllMocks();
  });

  it("a session still valid after the restart keeps working, and is checked in the database once", async () => {
    const user = await createUser();
    const token: { sub: string; sid?: string } = { sub: user.id };
    const cookie = await encodeJwtSession({ ...jwtParams, token });
    expect(await decodeJwtSession({ ...jwtParams, token: cookie })).not.toBeNull();
    await stopRedisKeepingData();
    await startRedis();
    await until(async () => otherInstance.status === "ready");
    const queries = vi.spyOn(db.session, "findUnique");
    expect(await decodeJwtSession({ ...jwtParams, token: cookie })).not.toBeNull();
    expect(await decodeJwtSession({ ...jwtParams, token: cookie })).not.toBeNull();
    expect(queries).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });
});

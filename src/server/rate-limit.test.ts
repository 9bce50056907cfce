import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isCI, REDIS_TEST_URL } from "@/test/databases";
import { RateLimiterMemory } from "rate-limiter-flexible";
import {
  checkLimits,
  createRateLimitRedis,
  LimiterStore,
  MAX_RATE_LIMIT_KEY_BYTES,
  memoryRateLimitStore,
  rateLimitStore,
  recordFailure,
  redisRateLimitStore,
  type LimitRule,
  type RateLimitStore,
} from "./rate-limit";

const MINUTE = 60_000;
// Every key of this run lives under one random prefix, deleted at the end.
const RUN_PREFIX = `orgdesk:rl:test:${randomBytes(6).toString("hex")}:`;
const SECOND = 1_000;

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 1_000 });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const redisUp = await redisReachable(REDIS_TEST_URL);
// A developer without Redis still gets the memory half, with a visible reason; CI may not skip.
const redisSkipReason =
  redisUp || isCI ? undefined : `Redis is unreachable at ${REDIS_TEST_URL}: Redis tests SKIPPED (set TEST_REDIS_URL or start redis-server)`;
if (redisSkipReason) console.warn(`\n[rate-limit.test] ${redisSkipReason}\n`);

const clients: Redis[] = [];

function testRedis(): Redis {
  if (!redisUp) throw new Error(`Redis is unreachable at ${REDIS_TEST_URL}; CI requires it (set TEST_REDIS_URL).`);
  const client = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

afterAll(async () => {
  if (redisUp) {
    const cleaner = testRedis();
    const keys = await cleaner.keys(`${RUN_PREFIX}*`);
    if (keys.length > 0) await cleaner.del(...keys);
  }
  for (const client of clients) client.disconnect();
});

let storeCount = 0;

const stores: { name: string; create: () => RateLimitStore; skipReason?: string }[] = [
  { name: "memory store", create: () => memoryRateLimitStore() },
  {
    name: "Redis store",
    create: () => redisRateLimitStore(testRedis(), { keyPrefix: `${RUN_PREFIX}${++storeCount}` }),
    skipReason: redisSkipReason,
  },
];

describe.each(stores)("$name", ({ create, skipReason }) => {
  let store: RateLimitStore;

  beforeEach((context) => {
    if (skipReason) context.skip(skipReason);
    store = create();
  });

  it("reports no hits for an unknown key", async () => {
    expect(await store.peek("nobody")).toEqual({ count: 0, resetInMs: 0 });
  });

  it("counts hits per key, within the window", async () => {
    expect((await store.hit("a", MINUTE)).count).toBe(1);
    expect((await store.hit("a", MINUTE)).count).toBe(2);
    const state = await store.hit("a", MINUTE);
    expect(state.count).toBe(3);
    expect(state.resetInMs).toBeGreaterThan(MINUTE - 1_000);
    expect(state.resetInMs).toBeLessThanOrEqual(MINUTE);
    expect((await store.peek("a")).count).toBe(3);
    expect(await store.peek("b")).toEqual({ count: 0, resetInMs: 0 });
  });

  it("forgets hits once the window has ended", async () => {
    await store.hit("short", SECOND);
    await store.hit("short", SECOND);
    await sleep(1_100);
    expect(await store.peek("short")).toEqual({ count: 0, resetInMs: 0 });
    expect(await store.hit("short", SECOND)).toMatchObject({ count: 1 });
  });

  it("does not extend the window on later hits", async () => {
    await store.hit("fixed", 2 * SECOND);
    await sleep(1_000);
    const later = await store.hit("fixed", 2 * SECOND);
    expect(later.count).toBe(2);
    // About a second left (timers may fire a millisecond early); an extended window would show two.
    expect(later.resetInMs).toBeLessThanOrEqual(1.5 * SECOND);
    await sleep(1_100);
    // A sliding window would still hold both hits here.
    expect((await store.peek("fixed")).count).toBe(0);
  });

  it("resets a key without touching others", async () => {
    await store.hit("x", MINUTE);
    await store.hit("y", MINUTE);
    await store.reset("x");
    expect(await store.peek("x")).toEqual({ count: 0, resetInMs: 0 });
    expect((await store.peek("y")).count).toBe(1);
    expect((await store.hit("x", MINUTE)).count).toBe(1);
  });

  it("refuses a non-positive window, or one that is not whole seconds", async () => {
    await expect(store.hit("k", 0)).rejects.toThrow(RangeError);
    await expect(store.hit("k", 1.5)).rejects.toThrow(RangeError);
    await expect(store.hit("k", 1_500)).rejects.toThrow(RangeError);
  });

  describe("checkLimits and recordFailure", () => {
    const WINDOW = 15 * MINUTE;
    const rules = (account: string, ip: string): LimitRule[] => [
      { key: `login:account:${account}`, max: 5, windowMs: WINDOW },
      { key: `login:ip:${ip}`, max: 50, windowMs: WINDOW },
    ];

    it("allows five failures for an account, then refuses the sixth attempt until the window ends", async () => {
      const attempt = rules("ada@example.com", "203.0.113.7");
      for (let failures = 0; failures < 5; failures++) {
        expect(await checkLimits(store, attempt)).toEqual({ allowed: true });
        await recordFailure(store, attempt);
      }
      const sixth = await checkLimits(store, attempt);
      expect(sixth.allowed).toBe(false);
      if (sixth.allowed) return;
      expect(sixth.retryAfterMs).toBeGreaterThan(WINDOW - 5_000);
      expect(sixth.retryAfterMs).toBeLessThanOrEqual(WINDOW);

      // Same IP, another account: the per-account rule does not apply to it.
      expect(await checkLimits(store, rules("grace@example.com", "203.0.113.7"))).toEqual({ allowed: true });
      // A successful sign-in may clear the account counter.
      await store.reset(attempt[0]!.key);
      expect(await checkLimits(store, attempt)).toEqual({ allowed: true });
    });

    it("refuses every account from an IP once the IP has 50 failures", async () => {
      for (let i = 0; i < 50; i++) await recordFailure(store, rules(`user${i % 10}@example.com`, "198.51.100.1"));
      const decision = await checkLimits(store, rules("fresh@example.com", "198.51.100.1"));
      expect(decision.allowed).toBe(false);
      expect(await checkLimits(store, rules("fresh@example.com", "198.51.100.2"))).toEqual({ allowed: true });
    });

    it("returns the longest wait among the rules that refuse", async () => {
      const short: LimitRule = { key: "short", max: 1, windowMs: MINUTE };
      const long: LimitRule = { key: "long", max: 1, windowMs: 10 * MINUTE };
      const open: LimitRule = { key: "open", max: 100, windowMs: 60 * MINUTE };
      await recordFailure(store, [short, long, open]);
      const decision = await checkLimits(store, [short, long, open]);
      expect(decision).toMatchObject({ allowed: false });
      if (decision.allowed) return;
      expect(decision.retryAfterMs).toBeGreaterThan(9 * MINUTE);
      expect(decision.retryAfterMs).toBeLessThanOrEqual(10 * MINUTE);
    });
  });
});

function memoryKeys(store: RateLimitStore): string[] {
  return ((store as LimiterStore).limiter as RateLimiterMemory).dump().storage.map((entry) => String(entry.key));
}

describe("memory store bounds", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("drops a window from memory once it has ended", async () => {
    vi.useFakeTimers();
    const store = memoryRateLimitStore();
    for (let i = 0; i < 100; i++) await store.hit(`k${i}`, SECOND);
    expect(memoryKeys(store)).toHaveLength(100);
    vi.advanceTimersByTime(1_100);
    expect(memoryKeys(store)).toHaveLength(0);
  });
});

describe.skipIf(Boolean(redisSkipReason))("Redis store across app instances", () => {
  it("shares one count between two instances with the same prefix", async () => {
    const keyPrefix = `${RUN_PREFIX}shared`;
    const appA = redisRateLimitStore(testRedis(), { keyPrefix });
    const appB = redisRateLimitStore(testRedis(), { keyPrefix });
    await appA.hit("login:account:ada@example.com", MINUTE);
    await appB.hit("login:account:ada@example.com", MINUTE);
    expect((await appA.peek("login:account:ada@example.com")).count).toBe(2);
    await appB.reset("login:account:ada@example.com");
    expect((await appA.peek("login:account:ada@example.com")).count).toBe(0);
  });

  it("loses no hit under concurrency and sets the expiry once", async () => {
    const keyPrefix = `${RUN_PREFIX}concurrent`;
    const [appA, appB] = [redisRateLimitStore(testRedis(), { keyPrefix }), redisRateLimitStore(testRedis(), { keyPrefix })];
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? appA : appB).hit("k", MINUTE)));
    expect(new Set(results.map((r) => r.count)).size).toBe(100);
    expect((await appA.peek("k")).count).toBe(100);
    const ttl = await testRedis().pttl(`${keyPrefix}:k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE);
  });
});

describe.skipIf(Boolean(redisSkipReason))("keys built from client input", () => {
  it("are stored in Redis at a bounded length, and two long keys that differ only at the end stay apart", async () => {
    const prefix = `${RUN_PREFIX}long:`;
    const store = redisRateLimitStore(testRedis(), { keyPrefix: `${RUN_PREFIX}long` });
    // An attacker's 14 KB "address" or email: without a bound it becomes a 14 KB Redis key.
    const long = `signin:ip:${"x".repeat(14_000)}`;
    await store.hit(`${long}a`, MINUTE);
    await store.hit(`${long}b`, MINUTE);
    await store.hit(`${long}b`, MINUTE);
    expect((await store.peek(`${long}a`)).count).toBe(1);
    expect((await store.peek(`${long}b`)).count).toBe(2);
    const written = await testRedis().keys(`${prefix}*`);
    expect(written).toHaveLength(2);
    for (const key of written) expect(Buffer.byteLength(key)).toBeLessThanOrEqual(prefix.length + MAX_RATE_LIMIT_KEY_BYTES);
  });
});

describe("keys built from client input, in memory", () => {
  it("are held at a bounded length", async () => {
    const store = memoryRateLimitStore();
    const long = `signin:account:${"é".repeat(10_000)}@example.com`;
    await store.hit(long, MINUTE);
    expect((await store.peek(long)).count).toBe(1);
    expect(memoryKeys(store)).toHaveLength(1);
    expect(memoryKeys(store).every((key) => Buffer.byteLength(key) <= MAX_RATE_LIMIT_KEY_BYTES)).toBe(true);
  });
});

describe.skipIf(Boolean(redisSkipReason))("a new app instance", () => {
  it("counts its very first attempts in Redis, not in memory while the client is still connecting", async () => {
    const log = vi.fn();
    const client = createRateLimitRedis(REDIS_TEST_URL);
    const store = redisRateLimitStore(client, { keyPrefix: `${RUN_PREFIX}new`, log });
    try {
      // Sent at once, as the first sign-in after a deploy would be.
      await Promise.all([store.hit("first", MINUTE), store.hit("first", MINUTE)]);
      expect(log).not.toHaveBeenCalled();
      expect(await testRedis().get(`${RUN_PREFIX}new:first`)).toBe("2");
    } finally {
      client.disconnect();
    }
  });
});

describe("Redis outage", () => {
  it("fails fast against a closed port and counts in memory instead, logging once", async () => {
    const unreachable = createRateLimitRedis("redis://127.0.0.1:1");
    const log = vi.fn();
    const store = redisRateLimitStore(unreachable, { log });
    const rules: LimitRule[] = [{ key: "login:account:ada@example.com", max: 5, windowMs: MINUTE }];
    try {
      const started = performance.now();
      for (let i = 0; i < 5; i++) {
        expect(await checkLimits(store, rules)).toEqual({ allowed: true });
        await recordFailure(store, rules);
      }
      expect(await checkLimits(store, rules)).toMatchObject({ allowed: false });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(log).toHaveBeenCalledOnce();
      expect(log.mock.calls[0]![0]).toMatch(/Redis is unreachable/);
    } finally {
      unreachable.disconnect();
    }
  });

  it.skipIf(Boolean(redisSkipReason))("goes back to Redis when it recovers, logging the recovery once", async () => {
    let down = true;
    const refused = () => Promise.reject(new Error("connection refused"));
    // The commands rate-limiter-flexible sends, refused while "down", passed to a real Redis after.
    const flakyRedis = new Proxy(testRedis(), {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (!down || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
        if (property === "multi") {
          const chain = { get: () => chain, pttl: () => chain, exec: refused };
          return () => chain;
        }
        if (property === "rlflxIncr" || property === "del") return refused;
        return value.bind(target);
      },
    });
    const log = vi.fn();
    const keyPrefix = `${RUN_PREFIX}flaky`;
    const store = redisRateLimitStore(flakyRedis, { keyPrefix, log });

    expect((await store.hit("k", MINUTE)).count).toBe(1);
    expect((await store.hit("k", MINUTE)).count).toBe(2);
    expect(await testRedis().get(`${keyPrefix}:k`)).toBeNull();
    down = false;
    expect((await store.hit("k", MINUTE)).count).toBe(1);
    expect((await store.hit("k", MINUTE)).count).toBe(2);
    expect(await testRedis().get(`${keyPrefix}:k`)).toBe("2");
    expect(log.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/unreachable \(connection refused\)/),
      expect.stringMatching(/reachable again/),
    ]);
  });
});

describe("rateLimitStore", () => {
  const globalStore = globalThis as { orgdeskRateLimitStore?: RateLimitStore };

  afterEach(() => {
    vi.unstubAllEnvs();
    delete globalStore.orgdeskRateLimitStore;
  });

  it("is one in-memory store per process when REDIS_URL is unset", () => {
    vi.stubEnv("REDIS_URL", "");
    delete globalStore.orgdeskRateLimitStore;
    const store = rateLimitStore();
    expect((store as LimiterStore).limiter).toBeInstanceOf(RateLimiterMemory);
    expect(rateLimitStore()).toBe(store);
  });
});

import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";

// Fixed-window rate limiting: a window starts at a key's first hit and lasts windowMs, whatever
// happens later. Counters live in Redis when REDIS_URL is set (shared by every app instance), in
// process memory otherwise (fine for one instance and for development).

export interface RateLimitState {
  count: number;
  resetInMs: number;
}

export interface RateLimitStore {
  /** Current number of hits for key within its window, and ms until the window ends (0 when no hits). */
  peek(key: string): Promise<RateLimitState>;
  /** Records one hit; the window (windowMs) starts at the first hit and is not extended by later hits. Returns the new state. */
  hit(key: string, windowMs: number): Promise<RateLimitState>;
  reset(key: string): Promise<void>;
}

/** The longest key a store holds, in UTF-8 bytes (the Redis prefix comes on top). */
export const MAX_RATE_LIMIT_KEY_BYTES = 200;
// 32 code points take at most 128 bytes; with "…#" and 64 hex digits the result stays in bounds.
const KEPT_PREFIX_CODE_POINTS = 32;

/**
 * Keys carry client input (an email, an address), so their length is the client's choice. A key
 * within the bound is kept as it is (readable in redis-cli); a longer one keeps its first 32
 * characters, for the reader, and a SHA-256 of the whole key, so two long keys stay distinct.
 */
export function boundedKey(key: string): string {
  if (Buffer.byteLength(key) <= MAX_RATE_LIMIT_KEY_BYTES) return key;
  const readable = Array.from(key).slice(0, KEPT_PREFIX_CODE_POINTS).join("");
  return `${readable}…#${createHash("sha256").update(key).digest("hex")}`;
}

const NO_HITS: RateLimitState = { count: 0, resetInMs: 0 };

function assertWindow(windowMs: number): void {
  // PEXPIRE takes whole milliseconds; a zero or negative window would count nothing.
  if (!Number.isInteger(windowMs) || windowMs <= 0) {
    throw new RangeError(`windowMs must be a positive integer, got ${windowMs}`);
  }
}

interface Window {
  count: number;
  endsAt: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Beyond this many keys the oldest window is evicted, so a flood of distinct keys cannot exhaust memory. */
  maxKeys?: number;
  /** How often a hit also sweeps every expired window out of the map. */
  sweepIntervalMs?: number;
}

export class MemoryRateLimitStore implements RateLimitStore {
  // Insertion order is window start order (a key is re-inserted when a new window starts), so the
  // first key is the oldest one.
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;
  private readonly sweepIntervalMs: number;
  private nextSweepAt = 0;

  constructor({ maxKeys = 100_000, sweepIntervalMs = 60_000 }: MemoryRateLimitStoreOptions = {}) {
    this.maxKeys = maxKeys;
    this.sweepIntervalMs = sweepIntervalMs;
  }

  /** Number of keys held, expired ones included until the next sweep. */
  get size(): number {
    return this.windows.size;
  }

  /** The keys held, as stored (bounded). */
  keys(): IterableIterator<string> {
    return this.windows.keys();
  }

  async peek(rawKey: string): Promise<RateLimitState> {
    const key = boundedKey(rawKey);
    const now = Date.now();
    const window = this.liveWindow(key, now);
    return window ? { count: window.count, resetInMs: window.endsAt - now } : NO_HITS;
  }

  async hit(rawKey: string, windowMs: number): Promise<RateLimitState> {
    assertWindow(windowMs);
    const key = boundedKey(rawKey);
    const now = Date.now();
    this.sweepIfDue(now);
    let window = this.liveWindow(key, now);
    if (!window) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
      this.evictOverflow();
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.endsAt - now };
  }

  async reset(rawKey: string): Promise<void> {
    this.windows.delete(boundedKey(rawKey));
  }

  private liveWindow(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweepIfDue(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepIntervalMs;
    for (const [key, window] of this.windows) {
      if (window.endsAt <= now) this.windows.delete(key);
    }
  }

  private evictOverflow(): void {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) return;
      this.windows.delete(key);
    }
  }
}

// Both scripts run atomically in Redis, so concurrent hits from several app instances never lose
// a count or restart a window. A counter without an expiry (PTTL -1) gets one, so no key can live
// for ever.
const HIT_SCRIPT = `
local count = redis.call("INCR", KEYS[1])
local ttl = redis.call("PTTL", KEYS[1])
if ttl < 0 then
  redis.call("PEXPIRE", KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

const PEEK_SCRIPT = `
return { tonumber(redis.call("GET", KEYS[1]) or "0"), redis.call("PTTL", KEYS[1]) }
`;

function toState(reply: unknown): RateLimitState {
  const [count, ttl] = reply as [number, number];
  return count > 0 ? { count, resetInMs: Math.max(ttl, 0) } : NO_HITS;
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "orgdesk:rl:",
  ) {}

  async peek(key: string): Promise<RateLimitState> {
    await firstConnectionSettled(this.redis);
    return toState(await this.redis.eval(PEEK_SCRIPT, 1, this.prefix + boundedKey(key)));
  }

  async hit(key: string, windowMs: number): Promise<RateLimitState> {
    assertWindow(windowMs);
    await firstConnectionSettled(this.redis);
    return toState(await this.redis.eval(HIT_SCRIPT, 1, this.prefix + boundedKey(key), windowMs));
  }

  async reset(key: string): Promise<void> {
    await firstConnectionSettled(this.redis);
    await this.redis.del(this.prefix + boundedKey(key));
  }
}

/**
 * What happens while Redis is unreachable: neither failing closed (every sign-in refused, a Redis
 * outage becomes a login outage) nor failing open (no limit at all, brute force goes through).
 * Each call still tries Redis first; when it fails the call is counted in this instance's memory
 * instead, and the switch is logged once per outage (and once on recovery). The cost: during an
 * outage each instance counts on its own, from zero, so N instances allow up to N times the limit.
 */
export class FailoverRateLimitStore implements RateLimitStore {
  private degraded = false;

  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore,
    private readonly log: (message: string) => void = (message) => console.warn(message),
  ) {}

  peek(key: string): Promise<RateLimitState> {
    return this.withFallback((store) => store.peek(key));
  }

  hit(key: string, windowMs: number): Promise<RateLimitState> {
    return this.withFallback((store) => store.hit(key, windowMs));
  }

  async reset(key: string): Promise<void> {
    // Also clear a count left in memory by an earlier outage.
    await this.fallback.reset(key);
    await this.withFallback((store) => store.reset(key));
  }

  private async withFallback<T>(operation: (store: RateLimitStore) => Promise<T>): Promise<T> {
    try {
      const result = await operation(this.primary);
      if (this.degraded) {
        this.degraded = false;
        this.log("[rate-limit] Redis is reachable again: counting in Redis.");
      }
      return result;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        const reason = error instanceof Error ? error.message : String(error);
        this.log(`[rate-limit] Redis is unreachable (${reason}): counting in process memory until it recovers.`);
      }
      return operation(this.fallback);
    }
  }
}

const CONNECT_TIMEOUT_MS = 2_000;
const firstConnection = new WeakMap<Redis, Promise<void>>();

/**
 * Waits for a client's first connection (at most its connect timeout). Without the offline queue a
 * command sent while a new client is still connecting fails at once: right after an instance
 * starts, a count or a session revocation would land in memory only, invisible to the other
 * instances. Once that first attempt has settled this resolves immediately, so an outage later
 * still fails fast.
 */
export function firstConnectionSettled(redis: Redis): Promise<void> {
  return firstConnection.get(redis) ?? Promise.resolve();
}

/** A Redis client that fails fast while Redis is down instead of queueing commands (and requests) for ever. */
export function createRateLimitRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A stalled (not refused) connection would otherwise hold a sign-in until the OS gives up.
    commandTimeout: 1_000,
  });
  // Failures reach callers as rejected commands (FailoverRateLimitStore logs them); without a
  // listener ioredis would print every reconnection attempt.
  redis.on("error", () => {});
  firstConnection.set(
    redis,
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CONNECT_TIMEOUT_MS);
      timer.unref();
      const settle = () => {
        clearTimeout(timer);
        resolve();
      };
      // Connected, or the attempt failed (refused, timed out): either way, stop waiting.
      redis.once("ready", settle);
      redis.once("error", settle);
      redis.once("close", settle);
    }),
  );
  return redis;
}

export function createRateLimitStore(redisUrl: string | undefined): RateLimitStore {
  if (!redisUrl) return new MemoryRateLimitStore();
  return new FailoverRateLimitStore(new RedisRateLimitStore(createRateLimitRedis(redisUrl)), new MemoryRateLimitStore());
}

const globalForRateLimit = globalThis as typeof globalThis & { orgdeskRateLimitStore?: RateLimitStore };

/** The process-wide store (reused across hot reloads in development, so there is one Redis connection). */
export function rateLimitStore(): RateLimitStore {
  return (globalForRateLimit.orgdeskRateLimitStore ??= createRateLimitStore(process.env.REDIS_URL));
}

export interface LimitRule {
  key: string;
  max: number;
  windowMs: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Refuses when any rule has reached its max; returns the longest wait. */
export async function checkLimits(store: RateLimitStore, rules: LimitRule[]): Promise<LimitDecision> {
  const states = await Promise.all(rules.map((rule) => store.peek(rule.key)));
  let refused = false;
  let retryAfterMs = 0;
  states.forEach((state, index) => {
    if (state.count >= rules[index]!.max) {
      refused = true;
      retryAfterMs = Math.max(retryAfterMs, state.resetInMs);
    }
  });
  return refused ? { allowed: false, retryAfterMs } : { allowed: true };
}

/** Counts one failed attempt against every rule. */
export async function recordFailure(store: RateLimitStore, rules: LimitRule[]): Promise<void> {
  await Promise.all(rules.map((rule) => store.hit(rule.key, rule.windowMs)));
}

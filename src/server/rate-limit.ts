import "server-only";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/server/env";
import { sha256 } from "@/server/sha256";

// Fixed-window rate limiting on rate-limiter-flexible: a window starts at a key's first hit and
// lasts windowMs, whatever happens later. Counters live in Redis when REDIS_URL is set (shared by
// every app instance), in process memory otherwise (fine for one instance and for development).
// Callers keep their own rules (how many, which budgets first): a hit is a penalty, which counts
// without ever refusing, and the caller compares the count with its max.

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
  return `${readable}…#${sha256(key)}`;
}

const NO_HITS: RateLimitState = { count: 0, resetInMs: 0 };

function assertWindow(windowMs: number): void {
  // rate-limiter-flexible expires keys in whole seconds; a zero or negative window would count nothing.
  if (!Number.isInteger(windowMs) || windowMs <= 0 || windowMs % 1000 !== 0) {
    throw new RangeError(`windowMs must be a positive whole number of seconds, got ${windowMs} ms`);
  }
}

function toState(result: RateLimiterRes | null): RateLimitState {
  // The memory limiter may still hold a window that ended a moment ago (its timer has not run yet).
  if (!result || result.consumedPoints <= 0 || result.msBeforeNext <= 0) return NO_HITS;
  return { count: result.consumedPoints, resetInMs: result.msBeforeNext };
}

// Never reached: hits are penalties, which do not compare with points.
const UNCOMPARED_POINTS = Number.MAX_SAFE_INTEGER;
const DEFAULT_WINDOW_SECONDS = 60;

export function createMemoryLimiter(): RateLimiterMemory {
  return new RateLimiterMemory({ points: UNCOMPARED_POINTS, duration: DEFAULT_WINDOW_SECONDS });
}

interface LimiterStoreOptions {
  /** Awaited before every call (the Redis client's first connection). */
  ready?: () => Promise<void>;
  /** The limiter that counts while the main one's store fails; a reset clears it too. */
  insurance?: RateLimiterMemory;
  /** Wraps every call (outage and recovery logging). */
  observe?: <T>(call: () => Promise<T>) => Promise<T>;
}

/** A RateLimitStore on one rate-limiter-flexible limiter. */
export class LimiterStore implements RateLimitStore {
  constructor(
    readonly limiter: RateLimiterAbstract,
    private readonly options: LimiterStoreOptions = {},
  ) {}

  async peek(key: string): Promise<RateLimitState> {
    return toState(await this.call(() => this.limiter.get(boundedKey(key))));
  }

  async hit(key: string, windowMs: number): Promise<RateLimitState> {
    assertWindow(windowMs);
    // customDuration applies to a key's first hit only: later hits do not move the window's end.
    const result = await this.call(() => this.limiter.penalty(boundedKey(key), 1, { customDuration: windowMs / 1000 }));
    return toState(result);
  }

  async reset(key: string): Promise<void> {
    // Also clear a count left in memory by an earlier outage.
    await this.options.insurance?.delete(boundedKey(key));
    await this.call(() => this.limiter.delete(boundedKey(key)));
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    await this.options.ready?.();
    return this.options.observe ? this.options.observe(operation) : operation();
  }
}

export function memoryRateLimitStore(): LimiterStore {
  return new LimiterStore(createMemoryLimiter());
}

// rate-limiter-flexible sends every failure of the store through _handleError before it asks the
// insurance limiter (a refusal, a RateLimiterRes, is not a failure). Not in its typings, hence the cast.
const handleStoreError = (RateLimiterRedis.prototype as unknown as { _handleError: (...args: unknown[]) => void })._handleError;

class ObservedRateLimiterRedis extends RateLimiterRedis {
  constructor(
    options: ConstructorParameters<typeof RateLimiterRedis>[0],
    private readonly onStoreError: (error: unknown) => void,
  ) {
    super(options);
  }

  _handleError(...args: unknown[]): void {
    if (!(args[0] instanceof RateLimiterRes)) this.onStoreError(args[0]);
    handleStoreError.apply(this, args);
  }
}

export interface RedisRateLimitStoreOptions {
  /** Keys are `${keyPrefix}:${key}`. */
  keyPrefix?: string;
  log?: (message: string) => void;
}

/**
 * Counts in Redis, with an in-memory insurance limiter for while Redis is unreachable: neither
 * failing closed (every sign-in refused, a Redis outage becomes a login outage) nor failing open
 * (no limit at all, brute force goes through). Each call still tries Redis first; when it fails the
 * call is counted in this instance's memory instead, and the switch is logged once per outage (and
 * once on recovery). The cost: during an outage each instance counts on its own, from zero, so N
 * instances allow up to N times the limit.
 */
export function redisRateLimitStore(
  redis: Redis,
  { keyPrefix = "orgdesk:rl", log = (message) => console.warn(message) }: RedisRateLimitStoreOptions = {},
): LimiterStore {
  let degraded = false;
  let failures = 0;
  const insurance = createMemoryLimiter();
  const limiter = new ObservedRateLimiterRedis(
    { storeClient: redis, keyPrefix, points: UNCOMPARED_POINTS, duration: DEFAULT_WINDOW_SECONDS, insuranceLimiter: insurance },
    (error) => {
      failures += 1;
      if (degraded) return;
      degraded = true;
      const reason = error instanceof Error ? error.message : String(error);
      log(`[rate-limit] Redis is unreachable (${reason}): counting in process memory until it recovers.`);
    },
  );
  return new LimiterStore(limiter, {
    insurance,
    ready: () => firstConnectionSettled(redis),
    observe: async (call) => {
      const failuresBefore = failures;
      const result = await call();
      // Served by Redis (no failure meanwhile) after an outage: it is back.
      if (degraded && failures === failuresBefore) {
        degraded = false;
        log("[rate-limit] Redis is reachable again: counting in Redis.");
      }
      return result;
    },
  });
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
  // Failures reach callers as rejected commands (redisRateLimitStore logs them); without a
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
  if (!redisUrl) return memoryRateLimitStore();
  return redisRateLimitStore(createRateLimitRedis(redisUrl));
}

const globalForRateLimit = globalThis as typeof globalThis & { orgdeskRateLimitStore?: RateLimitStore };

/** The process-wide store (reused across hot reloads in development, so there is one Redis connection). */
export function rateLimitStore(): RateLimitStore {
  return (globalForRateLimit.orgdeskRateLimitStore ??= createRateLimitStore(env.REDIS_URL));
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

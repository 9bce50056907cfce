import "server-only";
import { LRUCache } from "lru-cache";

/**
 * A small in-process cache for expensive, tolerably stale reads (e.g. the overview's counts over
 * 100k rows), on lru-cache: concurrent callers of a cold key share one load (fetch coalesces
 * them), failed loads are not cached, and beyond maxEntries the least recently used key goes.
 */
export function ttlCache<K, V extends object>(
  ttlMs: number,
  load: (key: K) => Promise<V>,
  { maxEntries = 1_000, key: keyOf = (key: K): unknown => key }: { maxEntries?: number; key?: (key: K) => unknown } = {},
) {
  // lru-cache keys must not be null or undefined; a null key is its own entry.
  const NULL_KEY = Symbol("null");
  const entries = new LRUCache<NonNullable<unknown>, V, { argument: K }>({
    max: maxEntries,
    ttl: ttlMs,
    fetchMethod: (_key, _stale, { context }) => load(context.argument),
  });
  return async (argument: K): Promise<V> => {
    const value = await entries.fetch(keyOf(argument) ?? NULL_KEY, { context: { argument } });
    // fetch resolves undefined only when the load did; load's type says it does not.
    return value as V;
  };
}

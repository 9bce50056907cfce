import "server-only";

/**
 * A small in-process cache for expensive, tolerably stale reads (e.g. the overview's counts over
 * 100k rows). Concurrent callers of a cold key share one load; failed loads are not cached.
 */
export function ttlCache<K, V>(
  ttlMs: number,
  load: (key: K) => Promise<V>,
  { maxEntries = 1_000, key: keyOf = (key: K): unknown => key }: { maxEntries?: number; key?: (key: K) => unknown } = {},
) {
  const entries = new Map<unknown, { expires: number; value: Promise<V> }>();
  return (argument: K): Promise<V> => {
    const key = keyOf(argument);
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value);
    const value = load(argument);
    entries.set(key, { expires: now + ttlMs, value });
    // A failed load is forgotten (unless a newer load has taken its place meanwhile).
    value.catch(() => entries.get(key)?.value === value && entries.delete(key));
    return value;
  };
}

import "server-only";

/**
 * A small in-process cache for expensive, tolerably stale reads (e.g. the overview's counts over
 * 100k rows). Concurrent callers of a cold key share one load; failed loads are not cached.
 */
export function ttlCache<K, V>(ttlMs: number, load: (key: K) => Promise<V>, maxEntries = 1_000) {
  const entries = new Map<K, { expires: number; value: Promise<V> }>();
  return (key: K): Promise<V> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as K);
    const value = load(key);
    entries.set(key, { expires: now + ttlMs, value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

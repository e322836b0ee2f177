/**
 * Counts failures per key in a fixed window (in memory; a shared store can implement the same
 * interface for several instances). Used for login throttling per account and per IP.
 */
export interface Throttle {
  /** True when `key` has used up its attempts in the current window. */
  isBlocked(key: string): boolean;
  fail(key: string): void;
  reset(key: string): void;
}

export function memoryThrottle(limit: number, windowMs: number, now: () => number = Date.now): Throttle {
  const entries = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.resetAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  // Drop expired entries now and then so an attack with many keys cannot grow the map forever.
  const sweep = () => {
    if (entries.size < 10_000) return;
    const t = now();
    for (const [key, entry] of entries) if (entry.resetAt <= t) entries.delete(key);
  };
  return {
    isBlocked: (key) => (live(key)?.count ?? 0) >= limit,
    fail: (key) => {
      sweep();
      const entry = live(key);
      if (entry) entry.count += 1;
      else entries.set(key, { count: 1, resetAt: now() + windowMs });
    },
    reset: (key) => {
      entries.delete(key);
    },
  };
}

/**
 * Counts attempts per key in a fixed window. In memory here; `redisThrottles` (redis-throttle.ts)
 * implements the same interface on Redis so that several instances share their counts. Every
 * method is async for that reason: await each call (an un-awaited `isBlocked` is always truthy).
 * Used for login throttling per account and per IP, link requests and self sign-up.
 */
export interface Throttle {
  /** True when `key` has used up its attempts in the current window. */
  isBlocked(key: string): Promise<boolean>;
  fail(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Makes named throttles: in memory, or shared through Redis when REDIS_URL is set. */
export interface ThrottleFactory {
  /** `name` keeps the counters of different limits apart in a shared store. */
  create(name: string, limit: number, windowMs: number): Throttle;
  /** Closes the shared store's connection, if any. */
  close(): Promise<void>;
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
    isBlocked: async (key) => (live(key)?.count ?? 0) >= limit,
    fail: async (key) => {
      sweep();
      const entry = live(key);
      if (entry) entry.count += 1;
      else entries.set(key, { count: 1, resetAt: now() + windowMs });
    },
    reset: async (key) => {
      entries.delete(key);
    },
  };
}

export const memoryThrottles: ThrottleFactory = {
  create: (_name, limit, windowMs) => memoryThrottle(limit, windowMs),
  close: async () => {},
};

import Redis from "ioredis";
import { sha256Hex, type Logger } from "../lib";
import { memoryThrottle, type Throttle, type ThrottleFactory } from "./throttle";

/**
 * INCR, and start the window's expiry on the first hit, in one atomic step (a script rather
 * than `PEXPIRE … NX`, which needs Redis 7). Fixed windows, like the in-memory throttle.
 */
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export interface RedisThrottleOptions {
  /** Keeps these counters apart from anything else in the same Redis. */
  prefix?: string;
  /** How long one Redis command may take before the local fallback answers (ms). */
  commandTimeoutMs?: number;
  /** How long connecting may take (ms). */
  connectTimeoutMs?: number;
}

/**
 * Throttles shared by every instance through Redis (REDIS_URL). Keys are hashed, so no email
 * address, phone number or IP address is ever stored in Redis. When Redis cannot be reached,
 * each call falls back to an in-memory throttle of the same limit: the limits then hold per
 * instance instead of across them, and a warning is logged (at most once a minute) — a Redis
 * outage must neither lock everybody out nor switch the limits off.
 */
export function redisThrottles(
  url: string,
  logger: Logger,
  options: RedisThrottleOptions = {},
): ThrottleFactory {
  const prefix = options.prefix ?? "admit:throttle:";
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    // A socket that never closed cleanly is destroyed after this (the default, 2 s, delays exit).
    disconnectTimeout: 500,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    // Reconnect in the background, never faster than every 2 s.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let warnedAt = 0;
  const warn = (error: unknown) => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    logger.warn({ err: error }, "Redis unreachable: rate limits are counted per instance for now");
  };
  client.on("error", warn);
  let connecting: Promise<void> | undefined;
  const ready = () => {
    if (client.status === "ready") return Promise.resolve();
    connecting ??= client.connect().finally(() => (connecting = undefined));
    return connecting;
  };
  const guarded = async <T>(local: () => Promise<T>, remote: () => Promise<T>): Promise<T> => {
    try {
      if (client.status === "wait") await ready();
      return await remote();
    } catch (error) {
      warn(error);
      return local();
    }
  };

  return {
    create(name: string, limit: number, windowMs: number): Throttle {
      const fallback = memoryThrottle(limit, windowMs);
      const keyOf = (key: string) => `${prefix}${name}:${sha256Hex(key)}`;
      return {
        isBlocked: (key) =>
          guarded(
            () => fallback.isBlocked(key),
            async () => Number((await client.get(keyOf(key))) ?? 0) >= limit,
          ),
        fail: (key) =>
          guarded(
            () => fallback.fail(key),
            async () => {
              await client.eval(HIT, 1, keyOf(key), String(windowMs));
            },
          ),
        reset: (key) =>
          guarded(
            () => fallback.reset(key),
            async () => {
              await client.del(keyOf(key));
            },
          ),
      };
    },
    async close() {
      try {
        if (client.status === "ready") await client.quit();
        else client.disconnect();
      } catch {
        client.disconnect();
      }
    },
  };
}

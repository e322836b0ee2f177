import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import Redis from "ioredis";
import { redisThrottles, type ThrottleFactory } from "../../src/auth";
import { createLogger } from "../../src/lib";
import { Browser, openOrg, person, signUp, signupApp } from "./signup-support";

/**
 * The Redis-backed Throttle against a real Redis: REDIS_TEST_URL (.ci/run sets it), else
 * 127.0.0.1:6379 as on these machines. Skipped, saying why, when no Redis answers.
 */
const URL = process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger("silent");
const prefix = `admit-test:${process.pid}:${Date.now()}:`;
let reachable = false;
const factories: ThrottleFactory[] = [];
const instance = (url = URL) => {
  const factory = redisThrottles(url, logger, { prefix, commandTimeoutMs: 300, connectTimeoutMs: 300 });
  factories.push(factory);
  return factory;
};

beforeAll(async () => {
  const probe = new Redis(URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    reachable = (await probe.ping()) === "PONG";
  } catch {
    reachable = false;
  }
  probe.disconnect();
  if (!reachable) console.log(`SKIPPED: the Redis throttle tests need Redis at ${URL} (none answered)`);
});
afterAll(async () => {
  for (const factory of factories) await factory.close();
  if (!reachable) return;
  const cleanup = new Redis(URL);
  const keys = await cleanup.keys(`${prefix}*`);
  if (keys.length) await cleanup.del(...keys);
  cleanup.disconnect();
});

test("two instances share their counts: a limit reached through one blocks the other", async () => {
  if (!reachable) return;
  const a = instance().create("login", 3, 60_000);
  const b = instance().create("login", 3, 60_000);
  await a.fail("alice@example.com");
  await b.fail("alice@example.com");
  expect(await a.isBlocked("alice@example.com")).toBe(false);
  await a.fail("alice@example.com");
  expect(await b.isBlocked("alice@example.com")).toBe(true);
  expect(await b.isBlocked("bob@example.com")).toBe(false);
  await b.reset("alice@example.com");
  expect(await a.isBlocked("alice@example.com")).toBe(false);
});

test("names keep limits apart; keys are hashed (no address in Redis); the window expires", async () => {
  if (!reachable) return;
  const factory = instance();
  const short = factory.create("short", 1, 300);
  const other = factory.create("other", 1, 60_000);
  await short.fail("+4520123456");
  expect(await short.isBlocked("+4520123456")).toBe(true);
  expect(await other.isBlocked("+4520123456")).toBe(false);
  const redis = new Redis(URL);
  const keys = await redis.keys(`${prefix}short:*`);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^.*short:[0-9a-f]{64}$/);
  expect(await redis.pttl(keys[0] as string)).toBeGreaterThan(0);
  redis.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await short.isBlocked("+4520123456")).toBe(false);
});

test("Redis unreachable: the limits still hold, counted in memory, without hanging", async () => {
  // A port that accepts nothing: every command fails fast and the local fallback answers.
  const closed: Server = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", () => resolve()));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const throttle = instance(`redis://127.0.0.1:${port}`).create("down", 2, 60_000);
  const started = Date.now();
  await throttle.fail("10.0.0.1");
  expect(await throttle.isBlocked("10.0.0.1")).toBe(false);
  await throttle.fail("10.0.0.1");
  expect(await throttle.isBlocked("10.0.0.1")).toBe(true);
  expect(Date.now() - started).toBeLessThan(5_000);
});

test("two app instances with REDIS_URL share the sign-up limit per IP", async () => {
  if (!reachable) return;
  const apps = [
    await signupApp({ perIp: 2 }, { redisUrl: URL }),
    await signupApp({ perIp: 2 }, { redisUrl: URL }),
  ];
  try {
    for (const app of apps) await openOrg(app, "shared");
    // An address of this run only: the counters live in the one Redis that every run shares.
    const ip = `10.${process.pid % 250}.${Date.now() % 250}.${Math.floor(Math.random() * 250)}`;
    const [a, b] = apps.map((app) => new Browser(app, ip)) as [Browser, Browser];
    expect((await signUp(a, "shared", person())).status).toBe(200);
    expect((await signUp(b, "shared", person())).status).toBe(200);
    expect((await signUp(a, "shared", person())).status).toBe(429);
  } finally {
    for (const app of apps) await app.close();
  }
});

import { lookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { createWebhooks, type Webhooks } from "../../src/webhooks";
import { isPrivateAddress } from "../../src/webhooks/network";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/lib";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { deliveryRows, Receiver, subscribe } from "./webhooks-support";

/**
 * SSRF and transport limits of webhook delivery. With private networks not allowed (production's
 * default), endpoints on loopback/private/link-local addresses are refused when saved AND when
 * sent (after DNS, on the address actually connected to). Always: a timeout per attempt, no
 * redirects followed, only a short excerpt of an error answer kept.
 */
let t: TestApp;
let acme: TestOrg;
/** The same database, as a production instance sees it (WEBHOOK_ALLOW_PRIVATE_NETWORKS unset). */
let locked: Webhooks;
let users = 0;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "acme");
  locked = createWebhooks({
    dataSource: t.dataSource,
    // The app's own transaction runner: on SQLite all transactions share one queued connection.
    withTransaction: t.services.withTransaction,
    clock: t.services.clock,
    logger: createLogger("silent"),
    appSecret: t.config.appSecret,
    production: true,
    pollMs: 25,
    config: { maxAttempts: 1, retentionDays: 30 },
    views: (list, tx) => t.services.directory.users.views(list, tx),
  });
});
afterAll(async () => {
  await t.close();
});

/** A change to a new user of acme: queues one user.created per subscribed endpoint. */
async function newUser(): Promise<void> {
  ++users;
  await acme
    .post("/users", userBody(acme.org, { lastName: `User${users}`, email: `net${users}@acme.example` }))
    .expect(201);
}

test.each([
  ["127.0.0.1", true],
  ["127.1.2.3", true],
  ["10.0.0.5", true],
  ["172.16.0.1", true],
  ["172.31.255.255", true],
  ["192.168.1.1", true],
  ["169.254.169.254", true],
  ["100.64.0.1", true],
  ["0.0.0.0", true],
  ["::1", true],
  ["::", true],
  ["fd00::1", true],
  ["fe80::1", true],
  ["::ffff:127.0.0.1", true],
  ["::ffff:a9fe:a9fe", true], // ::ffff:169.254.169.254
  ["64:ff9b::a00:1", true],
  ["not-an-address", true],
  ["8.8.8.8", false],
  ["172.32.0.1", false],
  ["2606:4700:4700::1111", false],
])("isPrivateAddress(%s) = %s", (address, expected) => {
  expect(isPrivateAddress(address)).toBe(expected);
});

describe("private networks not allowed (production default)", () => {
  test.each([
    "https://127.0.0.1/hooks",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.1.2.3:8443/hooks",
    "https://[::1]/hooks",
    "https://[::ffff:7f00:1]/hooks",
    "https://[fd12::1]/hooks",
    "https://localhost/hooks",
    "https://api.localhost/hooks",
    "https://0.0.0.0/",
    "https://2130706433/", // 127.0.0.1 as one number (the URL parser normalises it)
    "https://0x7f.0.0.1/",
    "https://[fe80::1]/",
  ])("creating an endpoint for %s is refused with the reason", async (url) => {
    const before = (await locked.endpoints.list(acme.org.id)).length;
    await expect(locked.endpoints.create(acme.org.id, { url, events: ["*"] })).rejects.toMatchObject({
      code: "webhooks.invalid_endpoint",
      status: 422,
      field: "url",
      message: expect.stringContaining("WEBHOOK_ALLOW_PRIVATE_NETWORKS"),
    });
    expect(await locked.endpoints.list(acme.org.id)).toHaveLength(before);
  });

  test("a host name that resolves to a private address is refused too (when saved)", async () => {
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    // On this machine the host name resolves to loopback (/etc/hosts); elsewhere it may not.
    if (!addresses.some((a) => isPrivateAddress(a.address))) return;
    await expect(
      locked.endpoints.create(acme.org.id, { url: `https://${name}/hooks`, events: ["*"] }),
    ).rejects.toMatchObject({ field: "url", message: expect.stringContaining(`${name} resolves to`) });
  });

  test("changing an endpoint's URL to a private address is refused, the endpoint unchanged", async () => {
    const receiver = await new Receiver().start();
    const id = await subscribe(acme, receiver); // saved while allowed (the test instance)
    await expect(
      locked.endpoints.update(acme.org.id, id, { url: "https://169.254.169.254/" }),
    ).rejects.toMatchObject({ field: "url" });
    expect((await locked.endpoints.get(acme.org.id, id)).url).toBe(receiver.url);
    await t.services.webhooks.endpoints.delete(acme.org.id, id);
    await receiver.stop();
  });

  test.each([
    ["a literal loopback address", (r: Receiver) => r.url],
    [
      "a host name resolving to loopback (checked on the address connected to)",
      (r: Receiver) => r.url.replace("127.0.0.1", "localhost"),
    ],
  ])("at send time, %s is not connected to", async (_what, urlOf) => {
    await t.dataSource.query("DELETE FROM webhook_deliveries");
    const receiver = await new Receiver().start();
    const id = await subscribe(acme, receiver);
    // Saved earlier (or its DNS changed since: rebinding): only the send-time check stands.
    await t.services.webhooks.endpoints.update(acme.org.id, id, { url: urlOf(receiver) });
    await newUser();
    const summary = await locked.newDispatcher({ pollMs: 10 }).drain();
    expect(summary).toMatchObject({ claimed: 1, failed: 1, delivered: 0 });
    expect(receiver.all).toHaveLength(0);
    const [row] = (await t.dataSource.query(
      "SELECT status, lastError FROM webhook_deliveries WHERE endpointId = ?",
      [id],
    )) as Array<{ status: string; lastError: string }>;
    expect(row).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^blocked: .*private/) });
    await t.services.webhooks.endpoints.delete(acme.org.id, id);
    await receiver.stop();
  });
});

describe("transport limits (any environment)", () => {
  let server: Server;
  let behaviour: "redirect" | "hang" | "large" = "redirect";
  let base = "";
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/moved") res.writeHead(200).end("followed!");
      else if (behaviour === "redirect") res.writeHead(307, { location: `${base}/moved` }).end();
      else if (behaviour === "large")
        res.writeHead(500, { "content-type": "text/plain" }).end("E".repeat(1_000_000));
      // "hang": never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function attempt(kind: typeof behaviour) {
    behaviour = kind;
    hits.length = 0;
    await t.dataSource.query("DELETE FROM webhook_deliveries");
    const { endpoint } = await t.services.webhooks.endpoints.create(acme.org.id, {
      url: `${base}/hooks`,
      events: ["user.created"],
    });
    await newUser();
    const started = Date.now();
    const summary = await t.services.webhooks
      .newDispatcher({ pollMs: 10, maxAttempts: 1, sendTimeoutMs: 300 })
      .drain();
    const elapsed = Date.now() - started;
    const rows = (await t.dataSource.query(
      "SELECT status, lastError, responseStatus FROM webhook_deliveries WHERE endpointId = ?",
      [endpoint.id],
    )) as Array<{ status: string; lastError: string; responseStatus: number | null }>;
    await t.services.webhooks.endpoints.delete(acme.org.id, endpoint.id);
    return { summary, elapsed, row: rows[0] };
  }

  test("a redirect is not followed: the attempt fails with the status", async () => {
    const { summary, row } = await attempt("redirect");
    expect(summary.failed).toBe(1);
    expect(hits).toEqual(["/hooks"]);
    expect(row).toMatchObject({ status: "failed", responseStatus: 307 });
    expect(row?.lastError).toContain("redirects are not followed");
  });

  test("a receiver that never answers is cut off at the timeout", async () => {
    const { summary, elapsed, row } = await attempt("hang");
    expect(summary.failed).toBe(1);
    expect(elapsed).toBeLessThan(5_000);
    expect(row?.lastError).toMatch(/^timeout/);
  });

  test("of a huge error answer only a short excerpt is kept", async () => {
    const { row } = await attempt("large");
    expect(row).toMatchObject({ status: "failed", responseStatus: 500 });
    expect(row?.lastError.length).toBeLessThanOrEqual(220);
    expect(row?.lastError).toMatch(/^HTTP 500: E+$/);
  });
});

test("an endpoint is still delivered to when private networks are allowed (tests, on-premises)", async () => {
  await t.dataSource.query("DELETE FROM webhook_deliveries");
  const receiver = await new Receiver().start();
  await subscribe(acme, receiver);
  await newUser();
  await t.services.webhooks.newDispatcher({ pollMs: 10 }).drain();
  expect(receiver.accepted.map((r) => r.type)).toEqual(["user.created"]);
  expect((await deliveryRows(t)).map((r) => r.status)).toEqual(["delivered"]);
  await receiver.stop();
});

test("WEBHOOK_ALLOW_PRIVATE_NETWORKS: off by default in production, on elsewhere, settable both ways", () => {
  const base = { DATA_DIR: "/tmp/admit-webhooks-network", APP_SECRET: "x".repeat(40) };
  const allow = (env: Record<string, string>) =>
    loadConfig({ ...base, ...env }).webhooks.allowPrivateNetworks;
  expect(allow({ NODE_ENV: "production" })).toBe(false);
  expect(allow({ NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" })).toBe(true);
  expect(allow({ NODE_ENV: "development" })).toBe(true);
  expect(allow({ NODE_ENV: "development", WEBHOOK_ALLOW_PRIVATE_NETWORKS: "false" })).toBe(false);
});

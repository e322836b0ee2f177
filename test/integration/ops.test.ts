import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { buildApp, createServices } from "../../src/app";
import { ConfigError, loadConfig, renderExampleEnv, type Config } from "../../src/config";
import { configSchema, SETTINGS } from "../../src/config/schema";
import { openDatabase } from "../../src/db";
import { Department } from "../../src/directory";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { start } from "../../src/main";
import { createTestApp, createTestOrg, testConfig, type TestApp, type TestOrg } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("health, request ids and API errors", () => {
  let t: TestApp;
  let acme: TestOrg;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTestOrg(t, "acme");
  });
  afterAll(async () => t?.close());

  test("/healthz answers 200 {status: ok}", async () => {
    const res = await request(t.app).get("/healthz").expect(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  test("/readyz answers 200 while the database is reachable", async () => {
    const res = await request(t.app).get("/readyz").expect(200);
    expect(res.body).toEqual({ status: "ready" });
  });

  test("a well-formed incoming X-Request-Id is echoed", async () => {
    const res = await request(t.app).get("/healthz").set("X-Request-Id", "lb-1234.abc_DEF").expect(200);
    expect(res.headers["x-request-id"]).toBe("lb-1234.abc_DEF");
  });

  test("without an X-Request-Id a fresh UUID is generated for every request", async () => {
    const first = await request(t.app).get("/healthz").expect(200);
    const second = await request(t.app).get("/healthz").expect(200);
    expect(first.headers["x-request-id"]).toMatch(UUID);
    expect(second.headers["x-request-id"]).toMatch(UUID);
    expect(first.headers["x-request-id"]).not.toBe(second.headers["x-request-id"]);
  });

  test.each([
    ["too long", "a".repeat(65)],
    ["with spaces", "two words"],
    ["with markup", "<script>"],
    ["with a newline-looking escape", "id%0d%0aSet-Cookie:x"],
  ])("a malformed incoming X-Request-Id (%s) is replaced by a generated one", async (_label, incoming) => {
    const res = await request(t.app).get("/healthz").set("X-Request-Id", incoming).expect(200);
    expect(res.headers["x-request-id"]).toMatch(UUID);
  });

  test("an unknown /api/v1 route is a problem+json 404 carrying the request id", async () => {
    const res = await request(t.app).get("/api/v1/no-such-thing").set("X-Request-Id", "req-404").expect(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["x-request-id"]).toBe("req-404");
    expect(res.body).toMatchObject({
      status: 404,
      code: "request.no_route",
      title: "request.no_route",
      type: "https://admit.dev/problems/request.no_route",
      instance: "/api/v1/no-such-thing",
      requestId: "req-404",
    });
    expect(typeof res.body.detail).toBe("string");
  });

  test("an unknown route below an organisation is a problem+json 404 too (once authenticated)", async () => {
    const res = await acme.get("/no-such-collection").expect(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe("request.no_route");
  });

  test("malformed JSON is a problem+json 400, not a 500", async () => {
    const res = await request(t.app)
      .post("/api/v1/orgs/acme/departments")
      .set("Authorization", `Bearer ${acme.apiKey}`)
      .set("Content-Type", "application/json")
      .send('{"name": ')
      .expect(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe("request.malformed_json");
  });

  test("an unknown page outside the API is an HTML 404 with security headers", async () => {
    const res = await request(t.app).get("/no-such-page").expect(404);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toMatch(UUID);
  });
});

describe("/readyz when the database is gone", () => {
  test("answers 503 after the DataSource is destroyed, while /healthz stays 200", async () => {
    const db = await createTestDatabase();
    try {
      const config = testConfig(db.config);
      const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
      const app = buildApp(createServices(config, dataSource, createLogger("silent")));
      await request(app).get("/readyz").expect(200);
      await dataSource.destroy();
      const res = await request(app).get("/readyz").expect(503);
      expect(res.body).toEqual({ status: "database unreachable" });
      await request(app).get("/healthz").expect(200);
    } finally {
      await db.drop();
    }
  });
});

// ── Graceful shutdown of the real server ─────────────────────────────────────────────────────

interface RawResponse {
  text: string;
  status: number;
  /** The server closed the connection after answering. */
  closed: Promise<void>;
}

/** Opens a TCP connection, or rejects with the socket error (e.g. ECONNREFUSED). */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Collects everything the server sends until it has answered one full response. */
function readResponse(socket: Socket): Promise<RawResponse> {
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return new Promise((resolve, reject) => {
    let data = "";
    const onData = (chunk: Buffer) => {
      data += chunk.toString("utf8");
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = /\r\ncontent-length: (\d+)/i.exec(data.slice(0, end))?.[1];
      if (length !== undefined && Buffer.byteLength(data.slice(end + 4)) >= Number(length)) {
        socket.off("data", onData);
        resolve({ text: data, status: Number(data.slice(9, 12)), closed });
      }
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.once("close", () =>
      reject(new Error(`connection closed before a full response: ${JSON.stringify(data)}`)),
    );
  });
}

describe("start() and graceful stop()", () => {
  let db: TestDatabase;
  let config: Config;
  let apiKey: string;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), "admit-ops-"));
    config = testConfig(db.config, {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      autoMigrate: true,
      seedDemo: false,
      shutdownGraceMs: 10_000,
    });
    // An organisation and an API key in the database the server will open.
    const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
    const services = createServices(config, dataSource, createLogger("silent"));
    const org = await services.directory.organisations.create({ slug: "acme", name: "Acme" });
    apiKey = (await services.auth.tokens.issue(org.id, "api_key", "ops")).secret;
    await dataSource.destroy();
    // start() prints a banner to stdout; keep test output clean.
    jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("serves on an ephemeral port, finishes an in-flight request on stop(), then refuses new connections", async () => {
    const { server, stop } = await start(config);
    const { port } = server.address() as AddressInfo;
    expect(port).toBeGreaterThan(0);
    expect((await request(`http://127.0.0.1:${port}`).get("/readyz")).status).toBe(200);

    // An idle keep-alive connection: stop() closes it instead of waiting for it.
    const idle = await openSocket(port);
    const idleAnswer = readResponse(idle);
    idle.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    expect((await idleAnswer).status).toBe(200);
    const idleClosed = new Promise<void>((resolve) => idle.once("close", () => resolve()));

    // An in-flight request: headers sent, the JSON body only half-way.
    const body = JSON.stringify({ name: "Created during shutdown" });
    const busy = await openSocket(port);
    const busyAnswer = readResponse(busy);
    busyAnswer.catch(() => undefined);
    const received = new Promise((resolve) => server.once("request", resolve));
    busy.write(
      [
        "POST /api/v1/orgs/acme/departments HTTP/1.1",
        "Host: localhost",
        "Connection: keep-alive",
        `Authorization: Bearer ${apiKey}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "",
        body.slice(0, 10),
      ].join("\r\n"),
    );
    await received;

    const started = Date.now();
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });

    // The listener is closed at once: a new connection is refused.
    await expect(openSocket(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await idleClosed;
    expect(stopped).toBe(false);

    // The in-flight request still completes, with its write done.
    busy.write(body.slice(10));
    const answer = await busyAnswer;
    expect(answer.status).toBe(201);
    expect(answer.text).toContain('"name":"Created during shutdown"');
    // The client is told not to reuse the connection, and the server closes it with the response.
    expect(answer.text).toMatch(/\r\nConnection: close\r\n/i);
    await answer.closed;
    await stopping;
    // Neither the grace period (10 s) nor the keep-alive timeout (5 s) was sat out.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.listening).toBe(false);

    const check = await openDatabase(db.config, ENTITIES, { migrate: false });
    try {
      expect(await check.getRepository(Department).existsBy({ name: "Created during shutdown" })).toBe(true);
    } finally {
      await check.destroy();
    }
  });

  test("stop() waits no longer than the grace period for a request that never finishes", async () => {
    const graceMs = 300;
    const { server, stop } = await start({ ...config, shutdownGraceMs: graceMs });
    const { port } = server.address() as AddressInfo;
    const stuck = await openSocket(port);
    const closed = new Promise<void>((resolve) => stuck.once("close", () => resolve()));
    stuck.on("error", () => undefined);
    const received = new Promise((resolve) => server.once("request", resolve));
    stuck.write(
      "POST /api/v1/orgs/acme/departments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
    );
    await received;
    const started = Date.now();
    await stop();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(graceMs - 20);
    expect(elapsed).toBeLessThan(graceMs + 5_000);
    await closed;
    expect(server.listening).toBe(false);
  });

  test("calling stop() twice is harmless", async () => {
    const { stop } = await start(config);
    await Promise.all([stop(), stop()]);
    await expect(stop()).resolves.toBeUndefined();
  });
});

// ── Configuration ────────────────────────────────────────────────────────────────────────────

describe("loadConfig", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "admit-config-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function problemsOf(env: NodeJS.ProcessEnv): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error("loadConfig accepted a bad configuration");
  }

  test("lists every bad setting in one error", () => {
    const env = {
      DATA_DIR: dataDir,
      PORT: "abc",
      DATABASE_URL: "ftp://x",
      LOG_LEVEL: "loud",
      JSON_BODY_LIMIT: "lots",
    };
    const problems = problemsOf(env);
    expect(problems).toHaveLength(4);
    for (const key of ["PORT", "DATABASE_URL", "LOG_LEVEL", "JSON_BODY_LIMIT"]) {
      expect(problems.some((p) => p.startsWith(`${key} `))).toBe(true);
    }
    expect(() => loadConfig(env)).toThrow(/Invalid configuration:\n {2}- .*PORT[\s\S]*DATABASE_URL/);
  });

  test("PORT=abc and DATABASE_URL=ftp://x are reported together", () => {
    const problems = problemsOf({ DATA_DIR: dataDir, PORT: "abc", DATABASE_URL: "ftp://x" });
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith("DATABASE_URL"))).toMatch(/sqlite:<path> or mysql:\/\//);
  });

  test("NODE_ENV=production without APP_SECRET fails", () => {
    const problems = problemsOf({ DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(problems).toEqual(["APP_SECRET is required when NODE_ENV=production"]);
    // And no secret was generated behind the operator's back.
    expect(existsSync(join(dataDir, "app-secret"))).toBe(false);
  });

  test("NODE_ENV=production with a short APP_SECRET fails, with a long one succeeds (and seeds no demo)", () => {
    expect(problemsOf({ DATA_DIR: dataDir, NODE_ENV: "production", APP_SECRET: "short" })).toEqual([
      "APP_SECRET must be at least 32 characters",
    ]);
    const secret = "p".repeat(40);
    const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "production", APP_SECRET: secret });
    expect(config.env).toBe("production");
    expect(config.appSecret).toBe(secret);
    expect(config.seedDemo).toBe(false);
  });

  test("defaults: PORT 3000, sqlite:./data/admit.sqlite, and a generated secret kept in DATA_DIR", () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: "development",
      port: 3000,
      host: "0.0.0.0",
      publicUrl: "http://localhost:3000",
      database: { kind: "sqlite", path: "./data/admit.sqlite" },
      dataDir,
      autoMigrate: true,
      seedDemo: true,
      logLevel: "info",
      trustProxy: false,
      jsonBodyLimit: "1mb",
      sessionTtlMs: 12 * 3_600_000,
      shutdownGraceMs: 10_000,
    });
    const file = join(dataDir, "app-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(config.appSecret);
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The next start reads the same secret: sessions and tokens survive a restart.
    expect(loadConfig({ DATA_DIR: dataDir }).appSecret).toBe(config.appSecret);
  });

  test("empty values count as unset, and unknown variables are ignored", () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: "", DATABASE_URL: "", SOMETHING_ELSE: "x" });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "sqlite", path: "./data/admit.sqlite" });
  });

  test("a MySQL URL is recognised, and then neither migrates nor seeds by default", () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: "mysql://admit:pw@db:3306/admit",
      DATABASE_POOL_SIZE: "5",
      PUBLIC_URL: "https://admit.example.com/",
      TRUST_PROXY: "2",
    });
    expect(config.database).toEqual({ kind: "mysql", url: "mysql://admit:pw@db:3306/admit", poolSize: 5 });
    expect(config.autoMigrate).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.publicUrl).toBe("https://admit.example.com");
    expect(config.trustProxy).toBe(2);
  });

  test("config/example.env is exactly what renderExampleEnv() produces (regenerate: npm run config:example)", () => {
    const file = readFileSync(join(__dirname, "..", "..", "config", "example.env"), "utf8");
    expect(file).toBe(renderExampleEnv());
  });

  test("every setting the schema reads is documented, and every documented setting is read", () => {
    expect(SETTINGS.map((s) => s.key).sort()).toEqual(Object.keys(configSchema.shape).sort());
    for (const setting of SETTINGS)
      expect(renderExampleEnv()).toContain(`\n${setting.key}=${setting.example}\n`);
  });
});

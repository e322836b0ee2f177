import express from "express";
import request from "supertest";
import type { DataSource } from "typeorm";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import pino from "pino";
import { createOidc, OidcSigningKey, type Oidc } from "../../src/oidc";
import { createTestApp, type TestApp } from "../support/app";

/**
 * The first signing key on a fresh database, created by several instances starting at once: the
 * database decides, so they all end up publishing the same JWKS with ONE key (an instance that
 * read the empty table before another's insert would otherwise publish a set without the key the
 * other signs with). On MariaDB the instances are separate DataSources with their own pools, as
 * separate processes have; on SQLite they share the app's connection and race in the event loop.
 */
let t: TestApp;
const extra: DataSource[] = [];
/** What the instances log (JSON lines), and what reaches the console directly. */
const logged: string[] = [];
let consoleWarn: jest.SpyInstance;

beforeAll(async () => {
  consoleWarn = jest.spyOn(console, "warn");
  t = await createTestApp();
});
afterAll(async () => {
  for (const dataSource of extra) await dataSource.destroy();
  await t.close();
});

async function instance(): Promise<Oidc> {
  let dataSource = t.dataSource;
  if (t.db.kind === "mysql") {
    dataSource = await openDatabase(t.db.config, ENTITIES, { migrate: false });
    extra.push(dataSource);
  }
  return createOidc({
    dataSource,
    directory: t.services.directory,
    logger: pino({ level: "info" }, { write: (line: string) => void logged.push(line) }),
    publicUrl: t.config.publicUrl,
    appSecret: t.config.appSecret,
    sessionTtlMs: t.config.sessionTtlMs,
    trustProxy: false,
    allowHttpRedirects: true,
    keyCheckMs: 0,
    endBrowserSession: (req, res) => t.services.auth.browser.end(req, res),
  });
}

const keyCount = () => t.dataSource.getRepository(OidcSigningKey).count();

test("instances starting at once on a fresh database create one first key between them", async () => {
  const instances = await Promise.all([instance(), instance(), instance()]);
  expect(await keyCount()).toBe(0);
  const created = await Promise.all(instances.flatMap((o) => [o.keys.ensure(), o.keys.ensure()]));
  expect(created.filter(Boolean)).toHaveLength(1);
  expect(await keyCount()).toBe(1);
  // Later starts find it and add nothing.
  expect(await instances[0]!.keys.ensure()).toBe(false);
  expect(await keyCount()).toBe(1);
});

test("first requests to several instances at once, without a start-up ensure: one key, the same JWKS everywhere", async () => {
  await t.dataSource.getRepository(OidcSigningKey).clear();
  const apps = (await Promise.all([instance(), instance(), instance()])).map((o) => express().use(o.router));
  const answers = await Promise.all(apps.map((app) => request(app).get("/oidc/jwks").expect(200)));
  const sets = answers.map((res) => (res.body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid));
  expect(sets[0]).toHaveLength(1);
  for (const set of sets) expect(set).toEqual(sets[0]);
  expect(await keyCount()).toBe(1);
});

test("a rotation keeps exactly one active key", async () => {
  const [a] = await Promise.all([instance()]);
  const before = await t.dataSource.getRepository(OidcSigningKey).find();
  const rotated = await a!.rotateKeys();
  const active = (await t.dataSource.getRepository(OidcSigningKey).find()).filter((k) => !k.retiredAt);
  expect(active.map((k) => k.kid)).toEqual([rotated.kid]);
  expect(rotated.retired).toEqual(before.filter((k) => !k.retiredAt).map((k) => k.kid));
  // ensure() after a rotation adds nothing: an active key exists.
  expect(await a!.keys.ensure()).toBe(false);
});

test("oidc-provider's load-time notice (Unsupported runtime on Node 20) goes to the structured log, not the console", () => {
  // The provider was loaded by the first requests above, with these instances' loggers.
  const notices = logged
    .map((line) => JSON.parse(line) as { level: number; msg: string; library?: string })
    .filter((entry) => entry.library === "oidc-provider");
  if (Number(process.versions.node.split(".")[0]) < 22)
    expect(notices).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringContaining("Unsupported runtime") }),
    ]);
  expect(consoleWarn.mock.calls.flat().join(" ")).not.toContain("oidc-provider");
});

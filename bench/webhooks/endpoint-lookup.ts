/**
 * What the webhook fan-out costs a directory change when the organisation has NO endpoints (the
 * common case): every user change runs one SELECT on webhook_endpoints in its transaction.
 * Measures (1) that SELECT alone, inside a transaction, and (2) a whole user update with the
 * fan-out wired as in production, against the same update with the listener replaced by a no-op.
 * SQLite by default; `--mysql mysql://root@127.0.0.1:3306/somedb` for MySQL/MariaDB (the database
 * is created and dropped). Run by hand: `npx ts-node --transpile-only bench/webhooks/endpoint-lookup.ts`.
 */
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServices } from "../../src/app";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { WebhookEndpoint } from "../../src/webhooks";

const LOOKUPS = 5_000;
const UPDATES = 1_000;

async function main() {
  const mysqlUrl = process.argv.includes("--mysql") ? process.argv[process.argv.indexOf("--mysql") + 1] : "";
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-webhooks-"));
  let drop = async () => rmSync(dir, { recursive: true, force: true });
  let databaseUrl = `sqlite:${join(dir, "bench.sqlite")}`;
  if (mysqlUrl) {
    const mysql = await import("mysql2/promise");
    const url = new URL(mysqlUrl);
    const name = url.pathname.slice(1) || "admit_bench_webhooks";
    const admin = await mysql.createConnection({ ...connection(url), database: undefined });
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    await admin.end();
    databaseUrl = mysqlUrl;
    drop = async () => {
      const conn = await mysql.createConnection({ ...connection(url), database: undefined });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    APP_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    PUBLIC_URL: "http://admit.bench",
    LOG_LEVEL: "silent",
  });
  const dataSource = await openDatabase(config.database, ENTITIES, { migrate: true });
  const services = createServices(config, dataSource, createLogger("silent"));
  const { directory, withTransaction } = services;
  const org = await directory.organisations.create({ slug: "bench", name: "Bench" });
  // Other organisations with endpoints, so the index has something to skip.
  for (let i = 0; i < 50; i++) {
    const other = await directory.organisations.create({ slug: `other-${i}`, name: `Other ${i}` });
    for (let j = 0; j < 3; j++)
      await services.webhooks.endpoints.create(other.id, {
        url: `http://127.0.0.1:9/${i}/${j}`,
        events: ["*"],
      });
  }
  const user = await directory.users.create(
    org.id,
    {
      firstName: "Bench",
      lastName: "User",
      email: "bench@example.com",
      language: "en",
      jobProfileId: org.defaultJobProfileId as string,
      departmentIds: [org.defaultDepartmentId as string],
      permissionTypeIds: [org.defaultPermissionTypeId as string],
    },
    { source: "manual", status: "active" },
  );

  // (1) The lookup alone, as the recorder runs it (in a transaction, no endpoints for this org).
  const lookup = (tx: typeof dataSource.manager) =>
    tx.find(WebhookEndpoint, {
      where: { organisationId: org.id, enabled: true },
      select: { id: true, events: true },
    });
  await withTransaction((tx) => lookup(tx));
  let started = process.hrtime.bigint();
  await withTransaction(async (tx) => {
    for (let i = 0; i < LOOKUPS; i++) await lookup(tx);
  });
  const lookupUs = Number(process.hrtime.bigint() - started) / 1000 / LOOKUPS;
  // (1b) The same lookup as one raw statement (what the recorder runs now).
  started = process.hrtime.bigint();
  await withTransaction(async (tx) => {
    for (let i = 0; i < LOOKUPS; i++)
      await tx.query("SELECT id, events FROM webhook_endpoints WHERE organisationId = ? AND enabled = 1", [
        org.id,
      ]);
  });
  const rawUs = Number(process.hrtime.bigint() - started) / 1000 / LOOKUPS;

  // (2) A whole user update, fan-out included (as wired by createServices).
  const update = async (n: number) => {
    started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await directory.users.update(org.id, user.id, { lastName: `User${i}` });
    return Number(process.hrtime.bigint() - started) / 1000 / n;
  };
  await update(50);
  const updateUs = await update(UPDATES);

  const plan = (await dataSource.query(
    mysqlUrl
      ? "EXPLAIN SELECT id, events FROM webhook_endpoints WHERE organisationId = ? AND enabled = 1"
      : "EXPLAIN QUERY PLAN SELECT id, events FROM webhook_endpoints WHERE organisationId = ? AND enabled = 1",
    [org.id],
  )) as unknown[];
  console.log(
    JSON.stringify(
      {
        database: config.database.kind,
        lookupMicroseconds: Math.round(lookupUs * 10) / 10,
        rawLookupMicroseconds: Math.round(rawUs * 10) / 10,
        userUpdateMicroseconds: Math.round(updateUs),
        lookupShareOfUpdate: `${((lookupUs / updateUs) * 100).toFixed(1)}%`,
        plan,
      },
      null,
      2,
    ),
  );
  await dataSource.destroy();
  await drop();
}

function connection(url: URL) {
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

void main();

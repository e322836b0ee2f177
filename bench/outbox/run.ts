/**
 * Outbox benchmark, run by hand (see docs/PERFORMANCE.md):
 *
 *   node -r ./scripts/swc-register.js bench/outbox/run.ts [--db sqlite|mysql] [--messages 5000]
 *        [--connections 1,5,0] [--concurrency 16] [--enqueue-samples 2000]
 *        [--mysql-url mysql://root@127.0.0.1:3306]
 *
 * 1. Throughput: for each SMTP pool size, a fresh database gets `--messages` queued emails (the
 *    activation email's size), then the real dispatcher (createNotify: batch 64, 16 sends in
 *    flight) delivers them to a local smtp-server sink running in its own process. Reports
 *    emails/s over the whole drain and the CPU time per email of the dispatcher, the sink and
 *    mysqld, with what two dedicated cores would sustain at that CPU cost.
 *    `--connections 0` is a no-op channel instead of SMTP: the dispatcher's own (database) cost.
 * 2. Enqueue cost: the same small transaction (update one user row) timed with and without one
 *    outbox.enqueue in it, alternating, and the difference of the medians in µs.
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../../src/config";
import { openDatabase, transactionRunner } from "../../src/db";
import { createDirectory, User } from "../../src/directory";
import { ENTITIES } from "../../src/entities";
import { createLogger, systemClock } from "../../src/lib";
import { createNotify, OutboxMessage, type OutgoingMessage } from "../../src/notify";
import { cpuSeconds, databaseServerPid } from "../scim/common";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const DB = args.get("db") ?? "sqlite";
const MESSAGES = Number(args.get("messages") ?? 5000);
const POOLS = (args.get("connections") ?? "1,5,0").split(",").map(Number);
const CONCURRENCY = args.has("concurrency") ? Number(args.get("concurrency")) : undefined;
const SAMPLES = Number(args.get("enqueue-samples") ?? 2000);
const MYSQL = args.get("mysql-url") ?? "mysql://root@127.0.0.1:3306";
const SECRET = "bench-secret-bench-secret-bench-secret-0123";
const logger = createLogger("warn");

/** A fresh database, as in the tests: a temporary SQLite file or a new MySQL database. */
async function freshDatabase(): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  if (DB === "mysql") {
    const mysql = await import("mysql2/promise");
    const name = `admit_bench_outbox_${process.pid}_${Date.now()}`;
    const admin = await mysql.createConnection(MYSQL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    return {
      config: { kind: "mysql", url: `${MYSQL}/${name}`, poolSize: 10 },
      drop: async () => {
        await admin.query(`DROP DATABASE \`${name}\``);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-outbox-"));
  return {
    config: { kind: "sqlite", path: join(dir, "admit.sqlite") },
    drop: async () => rmSync(dir, { recursive: true }),
  };
}

async function setup(dataSource: DataSource) {
  const withTransaction = transactionRunner(dataSource);
  const directory = createDirectory({ dataSource, withTransaction, clock: systemClock });
  const org = await directory.organisations.create({ slug: "bench", name: "Bench" });
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
  return { withTransaction, org, user };
}

const link = (i: number) => `https://admit.example.com/o/bench/activate/${"x".repeat(43)}${i}`;
const message = (organisationId: string, userId: string, i: number): OutgoingMessage => ({
  organisationId,
  userId,
  channel: "email",
  to: `learner${i}@example.com`,
  purpose: "activation",
  subject: "Activate your Bench account",
  text: `Hello,\n\nYour Bench account is ready. Set your password here:\n${link(i)}\n\nThe link expires in 7 days.\n`,
  html: `<p>Hello,</p><p>Your Bench account is ready.</p><p><a href="${link(i)}">Set your password</a></p><p>The link expires in 7 days.</p>`,
  fromName: "Bench Learning",
});

interface Sink {
  port: number;
  pid: number | undefined;
  count(): Promise<number>;
  stop(): void;
}

function startSink(): Promise<Sink> {
  const child = spawn(
    process.execPath,
    ["-r", join(__dirname, "../../scripts/swc-register.js"), join(__dirname, "sink.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<Record<string, number>>((resolve) => lines.once("line", (l) => resolve(JSON.parse(l))));
  return next().then(({ port }) => ({
    port: port as number,
    pid: child.pid,
    count: async () => {
      const answer = next();
      child.stdin.write("count\n");
      return (await answer).received as number;
    },
    stop: () => child.stdin.end(),
  }));
}

async function throughput(maxConnections: number, sink: Sink) {
  const db = await freshDatabase();
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  try {
    const { withTransaction, org, user } = await setup(dataSource);
    const notify = createNotify({
      dataSource,
      withTransaction,
      clock: systemClock,
      logger,
      appSecret: SECRET,
      config: {
        smtp: { url: `smtp://127.0.0.1:${sink.port}`, from: "Bench <no-reply@example.com>", maxConnections },
        worker: "off",
        maxAttempts: 8,
        pollMs: 1000,
      },
      production: false,
      channels: maxConnections === 0 ? { email: noop } : {},
      dispatcher: CONCURRENCY ? { concurrency: CONCURRENCY } : {},
    });
    const enqueueStart = performance.now();
    for (let i = 0; i < MESSAGES; i += 100)
      await withTransaction(async (tx) => {
        for (let j = i; j < Math.min(MESSAGES, i + 100); j++)
          await notify.outbox.enqueue(tx, message(org.id, user.id, j));
      });
    const enqueueMs = performance.now() - enqueueStart;
    const before = await sink.count();
    const cpu = process.cpuUsage();
    const dbPid = DB === "mysql" ? databaseServerPid() : undefined;
    const [sinkCpu, dbCpu] = [cpuSeconds(sink.pid), cpuSeconds(dbPid)];
    const start = performance.now();
    const summary = await notify.dispatcher.drain();
    const ms = performance.now() - start;
    const { user: u, system: s } = process.cpuUsage(cpu);
    const sinkMs = ((cpuSeconds(sink.pid) - sinkCpu) * 1000) / MESSAGES;
    const dbMs = ((cpuSeconds(dbPid) - dbCpu) * 1000) / MESSAGES;
    const dispatcherMs = (u + s) / 1000 / MESSAGES;
    const delivered = maxConnections === 0 ? MESSAGES : (await sink.count()) - before;
    const sent = await dataSource.manager.countBy(OutboxMessage, { status: "sent" });
    await notify.close();
    if (delivered !== MESSAGES || sent !== MESSAGES || summary.sent !== MESSAGES)
      throw new Error(
        `expected ${MESSAGES}, sink got ${delivered}, ${sent} rows sent, summary ${JSON.stringify(summary)}`,
      );
    return {
      maxConnections,
      messages: MESSAGES,
      seconds: +(ms / 1000).toFixed(2),
      emailsPerSecond: Math.round((MESSAGES / ms) * 1000),
      // CPU time per email of each party; steadier than emails/s on a shared machine. The
      // MySQL server's share includes whatever else it served meanwhile.
      cpuMsPerEmail: {
        dispatcher: +dispatcherMs.toFixed(3),
        sink: +sinkMs.toFixed(3),
        ...(dbPid ? { mysqld: +dbMs.toFixed(3) } : {}),
      },
      // What two dedicated cores would sustain if CPU were the only limit.
      cpuBoundOn2Cores: Math.round(2000 / (dispatcherMs + sinkMs + dbMs)),
      enqueuedPerSecond: Math.round((MESSAGES / enqueueMs) * 1000),
    };
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

const noop = {
  name: "smtp" as const,
  send: async () => ({ transport: "smtp" as const }),
  close: async () => undefined,
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The same transaction with and without one enqueue, alternating so both see the same machine. */
async function enqueueCost() {
  const db = await freshDatabase();
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  try {
    const { withTransaction, org, user } = await setup(dataSource);
    const notify = createNotify({
      dataSource,
      withTransaction,
      clock: systemClock,
      logger,
      appSecret: SECRET,
      config: { worker: "off", maxAttempts: 8, pollMs: 1000 },
      production: false,
    });
    const change = (tx: Parameters<Parameters<typeof withTransaction>[0]>[0]) =>
      tx.update(User, { id: user.id }, { updatedAt: new Date() });
    const without: number[] = [];
    const withOne: number[] = [];
    for (let i = 0; i < SAMPLES + 200; i++) {
      const enqueue = i % 2 === 1;
      const start = process.hrtime.bigint();
      await withTransaction(async (tx) => {
        await change(tx);
        if (enqueue) await notify.outbox.enqueue(tx, message(org.id, user.id, i));
      });
      const us = Number(process.hrtime.bigint() - start) / 1000;
      if (i >= 200) (enqueue ? withOne : without).push(us); // the first 200 warm up
    }
    const a = median(without);
    const b = median(withOne);
    return {
      samples: SAMPLES,
      medianWithoutUs: Math.round(a),
      medianWithEnqueueUs: Math.round(b),
      addedUs: Math.round(b - a),
    };
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

async function main() {
  const sink = await startSink();
  console.log(
    `outbox benchmark: ${DB}, ${MESSAGES} emails per run, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  try {
    for (const pool of POOLS) console.log(JSON.stringify(await throughput(pool, sink)));
    console.log(JSON.stringify(await enqueueCost()));
  } finally {
    sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

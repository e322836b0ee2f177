import type { DataSource } from "typeorm";
import { openDatabase, transactionRunner } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import {
  createNotify,
  OutboxMessage,
  type DispatcherOptions,
  type DispatchSummary,
  type Notify,
} from "../../src/notify";
import { createTestApp, type TestApp } from "../support/app";
import { SmtpCapture } from "../support/smtp";
import { childEnv, emailMessage, orgWithUser, shiftingClock, spawnChild } from "./notify-support";

/**
 * Several app instances on one database: each message is claimed by exactly one of them, and a
 * worker that dies (or hangs) mid-send only delays its messages until its lease runs out.
 */

const clock = shiftingClock();
const smtp = new SmtpCapture();
let t: TestApp;
let orgId: string;
let userId: string;
const extra: DataSource[] = [];

/** Another "instance": its own DataSource (own connection or pool) on the same database. */
async function instance(options: Partial<DispatcherOptions>, channels?: Notify["channels"]): Promise<Notify> {
  const dataSource = await openDatabase(t.db.config, ENTITIES, { migrate: false });
  extra.push(dataSource);
  return createNotify({
    dataSource,
    withTransaction: transactionRunner(dataSource),
    clock,
    logger: createLogger("silent"),
    appSecret: t.config.appSecret,
    config: { ...t.config.notify, smtp: { url: smtp.url, from: "no-reply@admit.test", maxConnections: 3 } },
    production: false,
    dispatcher: options,
    channels,
  });
}

beforeAll(async () => {
  await smtp.start();
  t = await createTestApp({ clock });
  ({
    org: { id: orgId },
    user: { id: userId },
  } = await orgWithUser(t));
});
afterAll(async () => {
  for (const dataSource of extra) await dataSource.destroy();
  await t.close();
  await smtp.stop();
});

async function enqueueMany(count: number, subject: string): Promise<string[]> {
  const ids: string[] = [];
  // A few messages per transaction, as a bulk import would.
  for (let i = 0; i < count; i += 10) {
    await t.services.withTransaction(async (tx) => {
      for (let j = i; j < Math.min(count, i + 10); j++)
        ids.push(
          await t.services.notify.outbox.enqueue(
            tx,
            emailMessage(orgId, userId, { subject: `${subject} ${j}` }),
          ),
        );
    });
  }
  return ids;
}

test("three worker processes racing over 300 messages send each exactly once", async () => {
  const ids = await enqueueMany(300, "Race");
  const env = childEnv(t, {
    SMTP_URL: smtp.url,
    SMTP_MAX_CONNECTIONS: "3",
    CHILD_BATCH: "8",
    CHILD_CONCURRENCY: "4",
  });
  const workers = [spawnChild("drain", env), spawnChild("drain", env), spawnChild("drain", env)];
  await Promise.all(workers.map((w) => w.line("ready")));
  for (const w of workers) w.process.stdin?.write("go\n"); // all three start together
  const results = await Promise.all(workers.map((w) => w.line<DispatchSummary>("claimed", 60_000)));
  await Promise.all(workers.map((w) => w.exited));

  const perId = new Map<string, number>();
  for (const mail of smtp.messages) {
    const id = mail.headers["x-admit-message-id"] ?? "";
    perId.set(id, (perId.get(id) ?? 0) + 1);
  }
  expect(ids.filter((id) => perId.get(id) !== 1)).toEqual([]);
  expect(results.reduce((sum, r) => sum + r.claimed, 0)).toBe(300);
  expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(300);
  // More than one of them did real work (otherwise nothing raced).
  expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
  const rows = await t.dataSource.manager.findBy(OutboxMessage, { organisationId: orgId, status: "sent" });
  expect(rows.filter((r) => ids.includes(r.id)).map((r) => r.attempts)).toEqual(ids.map(() => 1));
}, 90_000);

test("a worker that hangs mid-send keeps its claim until the lease ends; then another delivers it once", async () => {
  const hung: Notify["channels"]["email"] = {
    name: "smtp",
    send: () => new Promise(() => undefined), // the process froze (or died) while sending
    close: async () => undefined,
  };
  const stuck = await instance({ leaseMs: 60_000 }, { email: hung, sms: hung });
  const healthy = await instance({ leaseMs: 60_000 });
  const [id] = await enqueueMany(1, "Lease");
  void stuck.dispatcher.runOnce(); // never settles
  // Wait for the stuck worker's claim to be recorded.
  for (
    let i = 0;
    i < 100 && (await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id })).claimId === null;
    i++
  )
    await new Promise((resolve) => setTimeout(resolve, 20));
  const claimed = await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });
  expect(claimed).toMatchObject({ status: "pending", attempts: 1 });
  expect(claimed.claimedUntil).toBeInstanceOf(Date);

  expect(await healthy.dispatcher.drain()).toMatchObject({ claimed: 0 });
  clock.advance(61_000);
  expect(await healthy.dispatcher.drain()).toMatchObject({ claimed: 1, sent: 1 });
  expect(smtp.messages.filter((m) => m.headers["x-admit-message-id"] === id)).toHaveLength(1);
  expect(await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id })).toMatchObject({
    status: "sent",
    attempts: 2,
  });
  await healthy.close();
});

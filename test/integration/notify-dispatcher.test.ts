import { createLogger } from "../../src/lib";
import { createNotify, OutboxMessage, type ChannelSender, type Envelope } from "../../src/notify";
import { createTestApp, type TestApp } from "../support/app";
import { emailMessage, enqueue, orgWithUser, rawRow } from "./notify-support";

/** The dispatcher's own behaviour, with scripted channels on the test's database. */

let t: TestApp;
let orgId: string;
let userId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({
    org: { id: orgId },
    user: { id: userId },
  } = await orgWithUser(t));
});
afterAll(async () => t.close());

/** A channel whose sends take `ms` and are recorded (when they start and when they end). */
function slowChannel(ms: number): ChannelSender & { started: Envelope[]; sent: Envelope[] } {
  const started: Envelope[] = [];
  const sent: Envelope[] = [];
  return {
    name: "smtp",
    started,
    sent,
    send: async (message) => {
      started.push(message);
      await new Promise((resolve) => setTimeout(resolve, ms));
      sent.push(message);
      return { transport: "smtp" };
    },
    close: async () => undefined,
  };
}

function notifyWith(channel: ChannelSender, options: { appSecret?: string; batchSize?: number } = {}) {
  return createNotify({
    dataSource: t.dataSource,
    withTransaction: t.services.withTransaction,
    clock: { now: () => new Date() },
    logger: createLogger("silent"),
    appSecret: options.appSecret ?? t.config.appSecret,
    config: { ...t.config.notify, pollMs: 60_000 },
    production: false,
    dispatcher: { batchSize: options.batchSize ?? 5, concurrency: 1 },
    channels: { email: channel },
  });
}

test("stop() lets the send in flight finish and hands the batch's unsent rows back, due at once", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++)
    ids.push(await enqueue(t, emailMessage(orgId, userId, { subject: `Stop ${i}` })));
  const channel = slowChannel(300);
  const notify = notifyWith(channel);
  notify.dispatcher.start();
  // Wait until a send is under way, then stop.
  for (let i = 0; i < 500 && channel.started.length === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  await notify.dispatcher.stop();
  expect(notify.dispatcher.running).toBe(false);

  // The send under way finished (which row it was is the database's choice among rows due at the same ms).
  expect(channel.sent).toHaveLength(1);
  const sentId = channel.sent[0]?.id;
  const rows = await t.dataSource.manager.findBy(OutboxMessage, { organisationId: orgId });
  const byId = new Map(rows.map((r) => [r.id, r]));
  expect(byId.get(sentId as string)).toMatchObject({ status: "sent", attempts: 1 });
  for (const id of ids.filter((i) => i !== sentId)) {
    const row = byId.get(id);
    expect(row).toMatchObject({ status: "pending", attempts: 0, claimId: null, claimedUntil: null });
    expect(row?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  }
  // Another dispatcher takes them straight away.
  expect(await notifyWith(slowChannel(0)).dispatcher.drain()).toMatchObject({ sent: 4 });
});

test("an unexpected error from a channel counts as transient (retried, not lost)", async () => {
  const id = await enqueue(t, emailMessage(orgId, userId));
  const broken: ChannelSender = {
    name: "smtp",
    send: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x') for bob@example.com");
    },
    close: async () => undefined,
  };
  expect(await notifyWith(broken).dispatcher.drain()).toMatchObject({ retried: 1 });
  const row = await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });
  expect(row).toMatchObject({ status: "pending", attempts: 1 });
  expect(row.lastError).toBe("Cannot read properties of undefined (reading 'x') for b***@example.com");
  await t.dataSource.manager.delete(OutboxMessage, { id });
});

test("a message sealed under another APP_SECRET fails at once, saying why", async () => {
  const id = await enqueue(t, emailMessage(orgId, userId));
  const other = notifyWith(slowChannel(0), { appSecret: "another-secret-another-secret-0123456789" });
  expect(await other.dispatcher.drain()).toMatchObject({ failed: 1 });
  expect(await rawRow(t, id)).toMatchObject({
    status: "failed",
    payload: null,
    lastError: "The message cannot be opened (was APP_SECRET changed?)",
  });
});

import { OutboxMessage } from "../../src/notify";
import { createTestApp, testConfig } from "../support/app";
import { FakeSmsProvider } from "../support/sms";
import { enqueue, LINK, orgWithUser, shiftingClock, smsMessage } from "./notify-support";

/** SMS through the outbox to a Twilio-compatible API and to a signed webhook (a local fake of both). */

const HOUR = 3_600_000;
const sms = new FakeSmsProvider();
const baseNotify = testConfig({ kind: "sqlite", path: ":memory:" }).notify;

beforeAll(async () => {
  await sms.start();
});
afterAll(async () => {
  await sms.stop();
});

async function appWith(notify: Partial<typeof baseNotify>, env: "test" | "production" = "test") {
  const clock = shiftingClock();
  const t = await createTestApp({ clock, config: { env, notify: { ...baseNotify, ...notify } } });
  const { org, user } = await orgWithUser(t, `sms-${env}@example.com`, "+4520123478");
  const row = (id: string) => t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });
  return { t, clock, orgId: org.id, userId: user.id, row, drain: () => t.services.notify.dispatcher.drain() };
}

describe("Twilio-compatible provider", () => {
  let app: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    app = await appWith({ sms: sms.twilioConfig() });
  });
  afterAll(async () => app.t.close());

  test("sends To, From and Body with basic auth; a 201 with a sid is sent, the body wiped", async () => {
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000001" }));
    expect(await app.drain()).toMatchObject({ sent: 1 });
    const got = sms.requests.filter((r) => r.to === "+4520000001");
    expect(got).toEqual([
      expect.objectContaining({
        kind: "twilio",
        status: 201,
        from: sms.from,
        text: `Acme: set your password at ${LINK}`,
      }),
    ]);
    const sent = await app.row(id);
    expect(sent).toMatchObject({
      status: "sent",
      transport: "twilio",
      payload: null,
      recipientMasked: "+45******01",
    });
    expect(sent.providerId).toMatch(/^SM\d{32}$/);
  });

  test("a provider 500 is retried later, then sent", async () => {
    sms.respond({ status: 500, body: { code: 20500, message: "Internal Server Error" } });
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000002" }));
    expect(await app.drain()).toMatchObject({ retried: 1 });
    const waiting = await app.row(id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    expect(waiting.lastError).toBe("Twilio 500: Internal Server Error (code 20500)");

    app.clock.advance(HOUR);
    expect(await app.drain()).toMatchObject({ sent: 1 });
    expect(sms.requests.filter((r) => r.to === "+4520000002").map((r) => r.status)).toEqual([500, 201]);
    expect(await app.row(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  test("a 429 (rate limited) is retried too", async () => {
    sms.respond({ status: 429, body: { code: 20429, message: "Too Many Requests" } });
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000003" }));
    expect(await app.drain()).toMatchObject({ retried: 1 });
    expect((await app.row(id)).status).toBe("pending");
  });

  test("a provider 400 fails the message at once, with the provider's reason (number masked)", async () => {
    sms.respond({
      status: 400,
      body: { code: 21211, message: "The 'To' number +4520000004 is not a valid phone number.", status: 400 },
    });
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000004" }));
    expect(await app.drain()).toMatchObject({ failed: 1 });
    const failed = await app.row(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, payload: null });
    expect(failed.lastError).toBe(
      "Twilio 400: The 'To' number +45******04 is not a valid phone number. (code 21211)",
    );
    // Failed is final: a day later it is not tried again.
    app.clock.advance(24 * HOUR);
    await app.drain();
    expect(sms.requests.filter((r) => r.to === "+4520000004")).toHaveLength(1);
  });

  test("the provider being unreachable is transient", async () => {
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000005" }));
    await sms.stop();
    try {
      expect(await app.drain()).toMatchObject({ retried: 1 });
      expect((await app.row(id)).lastError).toMatch(/^Twilio unreachable: /);
    } finally {
      await sms.start();
    }
    app.clock.advance(HOUR);
    expect(await app.drain()).toMatchObject({ sent: 1 });
  });
});

describe("signed webhook provider", () => {
  let app: Awaited<ReturnType<typeof appWith>>;
  beforeAll(async () => {
    app = await appWith({ sms: sms.webhookConfig() });
  });
  afterAll(async () => app.t.close());

  test("POSTs {to, text, messageId} with a signature that verifies with the shared secret", async () => {
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000011" }));
    expect(await app.drain()).toMatchObject({ sent: 1 });
    const [got, ...more] = sms.requests.filter((r) => r.to === "+4520000011");
    expect(more).toEqual([]);
    expect(got).toMatchObject({ kind: "webhook", signatureValid: true, messageId: id, status: 202 });
    expect(JSON.parse(got?.rawBody ?? "")).toEqual({
      to: "+4520000011",
      text: `Acme: set your password at ${LINK}`,
      messageId: id,
    });
    expect(Math.abs(Number(got?.headers["x-admit-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(await app.row(id)).toMatchObject({ status: "sent", transport: "webhook", payload: null });
  });

  test("a 503 is retried; a 422 fails with the receiver's answer", async () => {
    sms.respond({ status: 503, body: { error: "busy" } });
    const retried = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000012" }));
    expect(await app.drain()).toMatchObject({ retried: 1 });
    expect((await app.row(retried)).lastError).toBe('SMS webhook 503: {"error":"busy"}');

    sms.respond({ status: 422, body: { error: "unsupported destination" } });
    const failed = await enqueue(app.t, smsMessage(app.orgId, app.userId, { to: "+4520000013" }));
    expect(await app.drain()).toMatchObject({ failed: 1 });
    expect(await app.row(failed)).toMatchObject({
      status: "failed",
      lastError: 'SMS webhook 422: {"error":"unsupported destination"}',
    });
  });
});

test("in production, an SMS with no provider configured fails at once with a clear reason", async () => {
  const app = await appWith({}, "production");
  try {
    const id = await enqueue(app.t, smsMessage(app.orgId, app.userId));
    expect(await app.drain()).toMatchObject({ failed: 1 });
    expect(await app.row(id)).toMatchObject({
      status: "failed",
      attempts: 1,
      payload: null,
      lastError: "SMS is not configured (set SMS_PROVIDER)",
    });
  } finally {
    await app.t.close();
  }
});

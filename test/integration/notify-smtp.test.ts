import { OutboxMessage } from "../../src/notify";
import { createTestApp, testConfig, type TestApp } from "../support/app";
import { SmtpCapture } from "../support/smtp";
import { emailMessage, enqueue, LINK, orgWithUser, rawRow, shiftingClock } from "./notify-support";

/** Email through the outbox to a real SMTP server (smtp-server in this process), on SQLite and MariaDB. */

const clock = shiftingClock();
const smtp = new SmtpCapture();
let t: TestApp;
let orgId: string;
let userId: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  await smtp.start();
  const notify = {
    ...testConfig({ kind: "sqlite", path: ":memory:" }).notify,
    smtp: { url: smtp.url, from: "Admit <no-reply@admit.test>", maxConnections: 2 },
    maxAttempts: 3,
    // Long: a message that leaves at once was woken by its commit, not found by a poll.
    pollMs: 60_000,
  };
  t = await createTestApp({ clock, config: { notify } });
  const { org, user } = await orgWithUser(t);
  orgId = org.id;
  userId = user.id;
});
afterAll(async () => {
  await t.services.notify.dispatcher.stop();
  await t.services.notify.close();
  await t.close();
  await smtp.stop();
});

const mailFor = (id: string) => smtp.messages.filter((m) => m.headers["x-admit-message-id"] === id);
const row = (id: string) => t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });

test("a message enqueued in a transaction that rolls back is never sent", async () => {
  let id = "";
  await expect(
    t.services.withTransaction(async (tx) => {
      id = await t.services.notify.outbox.enqueue(
        tx,
        emailMessage(orgId, userId, { subject: "Rolled back" }),
      );
      throw new Error("the change that caused it failed");
    }),
  ).rejects.toThrow("the change that caused it failed");
  expect(id).not.toBe("");
  await t.services.notify.dispatcher.drain();
  expect(await t.dataSource.manager.countBy(OutboxMessage, { id })).toBe(0);
  expect(smtp.messages.filter((m) => m.subject === "Rolled back")).toEqual([]);
});

test("enqueue outside a transaction is refused (it must commit with its cause)", async () => {
  await expect(
    t.services.notify.outbox.enqueue(t.dataSource.manager, emailMessage(orgId, userId)),
  ).rejects.toThrow(/open transaction/);
});

test("a committed message is delivered exactly once, with its subject, bodies, sender name and reply-to", async () => {
  const id = await enqueue(t, emailMessage(orgId, userId));
  const first = await t.services.notify.dispatcher.drain();
  expect(first).toMatchObject({ sent: 1, failed: 0, retried: 0 });
  expect(await t.services.notify.dispatcher.drain()).toMatchObject({ claimed: 0 });

  const [mail, ...others] = mailFor(id);
  expect(others).toEqual([]);
  expect(mail).toMatchObject({
    envelope: { from: "no-reply@admit.test", to: ["alice@example.com"] },
    from: '"Acme Learning" <no-reply@admit.test>',
    to: "alice@example.com",
    replyTo: "hr@acme.example",
    subject: "Activate your account",
  });
  expect(mail?.text).toContain(LINK);
  expect(mail?.html).toContain(`href="${LINK}"`);
  expect(mail?.headers["auto-submitted"]).toBe("auto-generated");

  const sent = await row(id);
  expect(sent).toMatchObject({
    status: "sent",
    attempts: 1,
    transport: "smtp",
    lastError: null,
    claimId: null,
  });
  expect(sent.sentAt).toBeInstanceOf(Date);
  expect(sent.providerId).toMatch(/@/);
});

test("the body is encrypted at rest and wiped once sent; the status keeps only a masked recipient", async () => {
  const id = await enqueue(t, emailMessage(orgId, userId, { to: "bob.secret@example.com" }));
  const stored = await rawRow(t, id);
  const columns = JSON.stringify(stored);
  for (const secret of [
    LINK,
    "tok_live_0123456789abcdef",
    "Set your password",
    "bob.secret@example.com",
    "Activate",
  ])
    expect(columns).not.toContain(secret);
  expect(String(stored.payload)).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
  expect(stored.recipientMasked).toBe("b***@example.com");

  await t.services.notify.dispatcher.drain();
  expect(mailFor(id)).toHaveLength(1);
  expect((await rawRow(t, id)).payload).toBeNull();
});

test("the in-process dispatcher sends right after the commit, without waiting for a poll", async () => {
  t.services.notify.dispatcher.start();
  try {
    const started = Date.now();
    const id = await enqueue(t, emailMessage(orgId, userId, { subject: "Woken" }));
    await smtp.waitFor((m) => m.headers["x-admit-message-id"] === id, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    await t.services.notify.dispatcher.stop();
  }
});

describe("when the SMTP server is down", () => {
  test("the message waits (pending, attempts and lastError kept) and is delivered once the server is back", async () => {
    await smtp.stop();
    const id = await enqueue(t, emailMessage(orgId, userId, { subject: "Waits for SMTP" }));
    expect(await t.services.notify.dispatcher.drain()).toMatchObject({ claimed: 1, retried: 1 });
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, claimId: null });
    expect(waiting.lastError).toMatch(/^SMTP /);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(waiting.payload).not.toBeNull();
    // Not due yet: a second round leaves it alone.
    expect(await t.services.notify.dispatcher.drain()).toMatchObject({ claimed: 0 });

    await smtp.start();
    clock.advance(HOUR);
    expect(await t.services.notify.dispatcher.drain()).toMatchObject({ sent: 1 });
    expect(mailFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null, payload: null });
  });

  test("after OUTBOX_MAX_ATTEMPTS (3 here) transient failures the message fails, keeping the last error", async () => {
    await smtp.stop();
    try {
      const id = await enqueue(t, emailMessage(orgId, userId, { subject: "Never delivered" }));
      for (let attempt = 1; attempt <= 3; attempt++) {
        await t.services.notify.dispatcher.drain();
        clock.advance(2 * HOUR);
      }
      const failed = await row(id);
      expect(failed).toMatchObject({ status: "failed", attempts: 3, payload: null });
      expect(failed.lastError).toMatch(/^SMTP .*\(gave up after 3 attempts\)$/);
    } finally {
      await smtp.start();
    }
  });
});

test("a recipient the server refuses (550) fails at once, with the reason and no full address", async () => {
  smtp.rejectRecipients.add("nobody@example.com");
  const id = await enqueue(t, emailMessage(orgId, userId, { to: "nobody@example.com" }));
  expect(await t.services.notify.dispatcher.drain()).toMatchObject({ failed: 1 });
  const failed = await row(id);
  expect(failed).toMatchObject({ status: "failed", attempts: 1, payload: null });
  expect(failed.lastError).toMatch(/550/);
  expect(failed.lastError).toContain("<n***@example.com>: Recipient address rejected");
  expect(failed.lastError).not.toContain("nobody@example.com");
  expect(mailFor(id)).toEqual([]);
});

import request from "supertest";
import { createTestApp, type TestApp } from "../support/app";
import { SmtpCapture } from "../support/smtp";
import { emailMessage, enqueue, orgWithUser, smsMessage } from "./notify-support";

/** GET /api/v1/orgs/:org/users/:id/deliveries: a user's delivery status, recipients masked. */

const smtp = new SmtpCapture();
let t: TestApp;
let a: Awaited<ReturnType<typeof orgWithUser>>;
let b: Awaited<ReturnType<typeof orgWithUser>>;

beforeAll(async () => {
  await smtp.start();
  smtp.rejectRecipients.add("gone@example.com");
  t = await createTestApp({
    config: {
      notify: {
        worker: "off",
        maxAttempts: 8,
        pollMs: 1000,
        smtp: { url: smtp.url, from: "no-reply@admit.test", maxConnections: 1 },
      },
    },
  });
  a = await orgWithUser(t, "alice.person@example.com", "+4520123478");
  b = await orgWithUser(t, "bob@example.com");
});
afterAll(async () => {
  await t.services.notify.close();
  await t.close();
  await smtp.stop();
});

test("lists the user's messages newest first, with status, attempts, reason, and masked recipients only", async () => {
  const sent = await enqueue(t, emailMessage(a.org.id, a.user.id, { to: "alice.person@example.com" }));
  await t.services.notify.dispatcher.drain();
  const refused = await enqueue(
    t,
    emailMessage(a.org.id, a.user.id, { to: "gone@example.com", purpose: "password_reset" }),
  );
  await t.services.notify.dispatcher.drain();
  const waiting = await enqueue(t, smsMessage(a.org.id, a.user.id));
  await enqueue(t, emailMessage(b.org.id, b.user.id, { to: "bob@example.com" }));

  const res = await a.api.get(`/users/${a.user.id}/deliveries`).expect(200);
  expect(res.body.items).toEqual([
    expect.objectContaining({
      id: waiting,
      channel: "sms",
      to: "+45******78",
      status: "pending",
      attempts: 0,
      sentAt: null,
    }),
    expect.objectContaining({
      id: refused,
      purpose: "password_reset",
      to: "g***@example.com",
      status: "failed",
      attempts: 1,
      lastError: expect.stringMatching(/^SMTP EENVELOPE: 550 .*g\*\*\*@example\.com/),
    }),
    expect.objectContaining({
      id: sent,
      purpose: "activation",
      channel: "email",
      to: "a***@example.com",
      status: "sent",
      lastError: null,
    }),
  ]);
  expect(Date.parse(res.body.items[2].sentAt)).not.toBeNaN();
  expect(res.text).not.toContain("alice.person@");
  expect(res.text).not.toContain("gone@");
  expect(res.text).not.toContain("20123478");
  expect(res.text).not.toContain("tok_live");
});

test("another organisation's user is a 404 (like any user that is not yours), and no key is a 401", async () => {
  await a.api.get(`/users/${b.user.id}/deliveries`).expect(404);
  await request(t.app).get(`/api/v1/orgs/${a.org.slug}/users/${a.user.id}/deliveries`).expect(401);
  const own = await b.api.get(`/users/${b.user.id}/deliveries`).expect(200);
  expect(own.body.items).toHaveLength(1);
});

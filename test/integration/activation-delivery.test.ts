import { extractLinks } from "../../src/notify";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { FakeSmsProvider } from "../support/sms";
import { SmtpCapture } from "../support/smtp";
import { apiPut, Browser, outboxMessages } from "./activation-support";

/**
 * The whole path a person takes, with real transports: the activation leaves through the outbox
 * over SMTP (a real SMTP server in the test) or a Twilio-compatible API (a fake provider), the
 * link is read from what arrived, followed, a password chosen, and the person signs in.
 */
const PASSWORD = "delivered-and-activated-9";
let t: TestApp;
let acme: TestOrg;
let smtp: SmtpCapture;
let sms: FakeSmsProvider;

const pathOf = (text: string, html?: string) => {
  const link = extractLinks(text, html).find((l) => l.includes("/activate/") || l.includes("/reset/"));
  if (!link) throw new Error(`no link in: ${text}`);
  return new URL(link).pathname;
};

beforeAll(async () => {
  smtp = await new SmtpCapture().start();
  sms = await new FakeSmsProvider().start();
  t = await createTestApp({
    config: {
      notify: {
        worker: "off",
        maxAttempts: 3,
        pollMs: 1000,
        smtp: { url: smtp.url, from: "Admit <no-reply@admit.test>", maxConnections: 2 },
        sms: sms.twilioConfig(),
      },
    },
  });
  acme = await createTestOrg(t, "acme");
  await apiPut(t, acme, "/communication", {
    autoSend: { manual: true },
    senderName: "Acme Learning",
    replyTo: "help@acme.test",
  }).expect(200);
});
afterAll(async () => {
  await t?.services.notify.close();
  await t?.close();
  await smtp?.stop();
  await sms?.stop();
});

test("email: created → mail arrives over SMTP → link → password → signed in → can log in", async () => {
  const created = await acme.post(
    "/users",
    userBody(acme.org, { email: "mia@example.com", firstName: "Mia" }),
  );
  expect(created.status).toBe(201);
  await t.services.notify.dispatcher.drain();
  const mail = await smtp.waitFor((m) => m.envelope.to.includes("mia@example.com"));
  expect(mail.from).toContain("Acme Learning");
  expect(mail.replyTo).toBe("help@acme.test");
  expect(mail.subject).toBe("Activate your acme org account");
  expect(mail.text).toContain("Hi Mia,");

  const link = pathOf(mail.text, mail.html);
  expect(link).toMatch(/^\/o\/acme\/activate\//);
  const browser = new Browser(t);
  const done = await browser.submit(link, { password: PASSWORD, confirm: PASSWORD });
  expect(done.headers.location).toBe("/o/acme/account");
  expect((await browser.get("/o/acme/account")).text).toContain("mia@example.com");

  const login = await new Browser(t).submit("/o/acme/login", {
    identifier: "mia@example.com",
    password: PASSWORD,
  });
  expect(login.headers.location).toBe("/o/acme/account");
  const status = await acme.get(`/users/${created.body.id}/activation`).expect(200);
  expect(status.body).toMatchObject({ status: "activated", delivery: { status: "sent", channel: "email" } });
});

test("SMS: with the package, a user with phone and email gets the link by SMS through Twilio", async () => {
  await apiPut(t, acme, "/communication", { smsEnabled: true }).expect(200);
  try {
    const created = await acme.post(
      "/users",
      userBody(acme.org, { email: "sms.user@example.com", phone: "+45 20 12 34 90", language: "da" }),
    );
    expect(created.status).toBe(201);
    await t.services.notify.dispatcher.drain();
    const got = await sms.waitFor((r) => r.to === "+4520123490");
    expect(got).toMatchObject({ kind: "twilio", status: 201, from: sms.from });
    expect(got.text).toMatch(
      /^acme org: aktivér din konto og vælg en adgangskode: http:\/\/admit\.test\/o\/acme\/activate\//,
    );
    expect(smtp.messages.some((m) => m.envelope.to.includes("sms.user@example.com"))).toBe(false);

    const status = await acme.get(`/users/${created.body.id}/activation`).expect(200);
    expect(status.body).toMatchObject({ status: "sent", channel: "sms", delivery: { status: "sent" } });
    const browser = new Browser(t);
    const done = await browser.submit(pathOf(got.text), { password: PASSWORD, confirm: PASSWORD });
    expect(done.headers.location).toBe("/o/acme/account");
  } finally {
    await apiPut(t, acme, "/communication", { smsEnabled: false }).expect(200);
  }
});

test("a password reset arrives by email and works", async () => {
  await new Browser(t).submit("/o/acme/forgot", { identifier: "mia@example.com" });
  await t.services.notify.dispatcher.drain();
  const mail = await smtp.waitFor(
    (m) => m.envelope.to.includes("mia@example.com") && m.subject.includes("Reset"),
  );
  const browser = new Browser(t);
  const done = await browser.submit(pathOf(mail.text, mail.html), {
    password: `${PASSWORD}-2`,
    confirm: `${PASSWORD}-2`,
  });
  expect(done.headers.location).toBe("/o/acme/account");
});

test("a recipient the mail server refuses: the activation status says failed", async () => {
  smtp.rejectRecipients.add("bounce@example.com");
  const created = await acme.post("/users", userBody(acme.org, { email: "bounce@example.com" })).expect(201);
  await t.services.notify.dispatcher.drain();
  const status = await acme.get(`/users/${created.body.id}/activation`).expect(200);
  expect(status.body).toMatchObject({ status: "failed", delivery: { status: "failed", channel: "email" } });
  expect(status.body.delivery.lastError).toMatch(/550|5\.1\.1/);
  expect(await outboxMessages(t, { purpose: "activation" })).not.toHaveLength(0);
});

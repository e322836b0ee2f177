import request from "supertest";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, type TestApp } from "../support/app";
import { emailMessage, enqueue, LINK, orgWithUser, rawRow, smsMessage } from "./notify-support";

/** With no SMTP/SMS configured outside production, messages land in /dev/outbox, links clickable. */

describe("outside production, with nothing configured", () => {
  let t: TestApp;
  let slug: string;
  let emailId: string;
  let smsId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { org, user } = await orgWithUser(t);
    slug = org.slug;
    emailId = await enqueue(
      t,
      emailMessage(org.id, user.id, {
        html: `<p>Hello <b>Alice</b> &amp; welcome</p><p><a href="${LINK}?a=1&amp;b=2">Set your password</a></p><script>alert(1)</script>`,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5)); // "newest first" needs distinct times
    smsId = await enqueue(t, smsMessage(org.id, user.id));
    await t.services.notify.dispatcher.drain();
  });
  afterAll(async () => t.close());

  test("messages are marked sent via the dev outbox and keep their (still sealed) body", async () => {
    for (const id of [emailId, smsId]) {
      const row = await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });
      expect(row).toMatchObject({ status: "sent", transport: "dev", attempts: 1 });
      expect(String((await rawRow(t, id)).payload)).toMatch(/^v1\./);
      expect(String((await rawRow(t, id)).payload)).not.toContain("tok_live");
    }
  });

  test("/dev/outbox lists them newest first: time, organisation, recipient, subject or purpose, status", async () => {
    const res = await request(t.app).get("/dev/outbox").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.text).toContain(slug);
    expect(res.text).toContain("email: alice@example.com");
    expect(res.text).toContain("sms: +4520123478");
    expect(res.text).toContain("Activate your account");
    expect(res.text).toContain("sent (dev)");
    expect(res.text.indexOf(`/dev/outbox/${smsId}`)).toBeLessThan(res.text.indexOf(`/dev/outbox/${emailId}`));
  });

  test("a message page shows the text and its activation link as a working <a>; the HTML only sandboxed", async () => {
    const res = await request(t.app).get(`/dev/outbox/${emailId}`).expect(200);
    expect(res.text).toContain(`<a href="${LINK}">${LINK}</a>`);
    expect(res.text).toContain(`<a href="${LINK}?a=1&amp;b=2">`);
    expect(res.text).toContain("Set your password here: ");
    expect(res.text).toMatch(/From<\/dt>\s*<dd>Acme Learning/);
    // The email's HTML is escaped into a sandboxed srcdoc (no scripts); nothing of it runs in the page.
    expect(res.text).toMatch(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    expect(res.text).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Hello &lt;b&gt;Alice');
    expect(res.text).not.toMatch(/<script/i);
  });

  test("an SMS page shows its text and link", async () => {
    const res = await request(t.app).get(`/dev/outbox/${smsId}`).expect(200);
    expect(res.text).toContain(`<a href="${LINK}">${LINK}</a>`);
    expect(res.text).toContain("Acme: set your password at");
  });

  test("an unknown message is a 404 page", async () => {
    await request(t.app).get("/dev/outbox/00000000-0000-4000-8000-000000000000").expect(404);
  });
});

describe("in production", () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({ config: { env: "production" } });
    const { org, user } = await orgWithUser(t);
    id = await enqueue(t, emailMessage(org.id, user.id));
    await t.services.notify.dispatcher.drain();
  });
  afterAll(async () => t.close());

  test("/dev/outbox does not exist (404), nor does any message page", async () => {
    await request(t.app).get("/dev/outbox").expect(404);
    const res = await request(t.app).get(`/dev/outbox/${id}`).expect(404);
    expect(res.text).not.toContain("tok_live");
  });

  test("an email with no SMTP configured fails at once, saying so, and its body is gone", async () => {
    expect(await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id })).toMatchObject({
      status: "failed",
      lastError: "Email is not configured (set SMTP_URL)",
      payload: null,
    });
  });
});

import type { Organisation } from "../../../src/directory";
import { createHarness, createUser, type Harness } from "./harness";

let h: Harness;
let org: Organisation;

beforeAll(async () => {
  h = await createHarness();
  org = await h.directory.organisations.create({
    slug: "acme",
    name: "Acme & Co",
    defaultLanguage: "en",
    languages: ["en", "da", "de"],
  });
});
afterAll(async () => h?.close());

const sendTo = async (fields: Parameters<typeof createUser>[2]) => {
  const user = await createUser(h, org, fields);
  await h.activation.send(org.id, user.id);
  const message = h.outbox.messages.filter((m) => m.userId === user.id).at(-1);
  if (!message) throw new Error("nothing was enqueued");
  return message;
};

test("an email carries the organisation's sender name, reply-to, subject, text and HTML", async () => {
  await h.activation.settings.update(org.id, { senderName: "Acme Training", replyTo: "help@acme.test" });
  const message = await sendTo({ email: "alice@example.com" });
  expect(message).toMatchObject({
    channel: "email",
    to: "alice@example.com",
    purpose: "activation",
    fromName: "Acme Training",
    replyTo: "help@acme.test",
    subject: "Activate your Acme & Co account",
  });
  expect(message.text).toContain("Hi Alice,");
  expect(message.html).toContain("Acme &amp; Co");
  expect(message.text).toMatch(/https:\/\/admit\.test\/o\/acme\/activate\/[A-Za-z0-9_-]{43}/);
});

test("without a sender name the organisation's name is used, and no reply-to", async () => {
  await h.activation.settings.update(org.id, { senderName: null, replyTo: null });
  const message = await sendTo({ email: "bob@example.com", firstName: "Bob" });
  expect(message.fromName).toBe("Acme & Co");
  expect(message.replyTo).toBeUndefined();
});

test("<script> in a first name is escaped in the HTML body", async () => {
  const message = await sendTo({ email: "mallory@example.com", firstName: "<script>alert(1)</script>" });
  expect(message.html).toContain("Hi &lt;script&gt;alert(1)&lt;/script&gt;,");
  expect(message.html).not.toContain("<script>");
});

test("a Danish user gets the Danish template", async () => {
  const message = await sendTo({ email: "dorte@example.com", firstName: "Dorte", language: "da" });
  expect(message.subject).toBe("Aktivér din konto hos Acme & Co");
  expect(message.text).toContain("Hej Dorte");
  expect(message.html).toContain("Aktivér min konto");
});

test("a language without a built-in template falls back to the organisation's default language", async () => {
  const message = await sendTo({ email: "dieter@example.com", firstName: "Dieter", language: "de" });
  expect(message.subject).toBe("Activate your Acme & Co account");
});

test("the organisation's own template wins over the built-in one, for that language only", async () => {
  await h.activation.putTemplate(org, "activation", "da", {
    subject: "Velkommen, {{firstName}}",
    html: '<p>Hej {{firstName}}</p><p><a href="{{link}}">Start</a></p>',
    text: "Hej {{firstName}}: {{link}}",
    sms: "Start her: {{link}}",
  });
  const danish = await sendTo({ email: "freja@example.com", firstName: "Freja<b>", language: "da" });
  expect(danish.subject).toBe("Velkommen, Freja<b>");
  expect(danish.html).toContain("<p>Hej Freja&lt;b&gt;</p>");
  expect(danish.text).toMatch(/^Hej Freja<b>: https:\/\/admit\.test\/o\/acme\/activate\//);
  const english = await sendTo({ email: "erik@example.com", firstName: "Erik" });
  expect(english.subject).toBe("Activate your Acme & Co account");
});

test("resending invalidates the earlier link and sends a new one", async () => {
  const user = await createUser(h, org, { email: "carol@example.com", firstName: "Carol" });
  await h.activation.send(org.id, user.id);
  await h.activation.send(org.id, user.id);
  const [first, second] = h.outbox.for("carol@example.com").map((m) => /activate\/(\S+)$/m.exec(m.text)?.[1]);
  expect(first).toBeDefined();
  expect(second).not.toBe(first);
  const self = h.activation.selfService;
  expect(await self.open(org, first as string, "activation", "10.0.0.1")).toBeNull();
  expect((await self.open(org, second as string, "activation", "10.0.0.1"))?.id).toBe(user.id);
});

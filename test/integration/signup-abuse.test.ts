import type { TestApp, TestOrg } from "../support/app";
import { outboxMessages, titleOf } from "./activation-support";
import { Browser, comparable, openOrg, person, signUp, signupApp, texter, usersOf } from "./signup-support";

/** Limits low enough to reach in a test; every browser has its own IP unless it says otherwise. */
const LIMITS = { perIp: 4, perIdentifier: 2, smsPerNumber: 2, smsPerOrganisation: 3 };
let t: TestApp;
let acme: TestOrg;
let ip = 0;
const browser = (address = `10.0.${Math.floor(++ip / 250)}.${ip % 250}`) => new Browser(t, address);

beforeAll(async () => {
  t = await signupApp(LIMITS);
  acme = await openOrg(t, "acme", {}, { smsEnabled: true });
});
afterAll(async () => t?.close());

describe("no enumeration", () => {
  test("an existing email gets the same status and page as a new one; its owner gets a notice instead", async () => {
    const existing = person();
    const first = await signUp(browser(), "acme", existing);
    const again = await signUp(browser(), "acme", { ...existing, firstName: "Mallory" });
    const fresh = await signUp(browser(), "acme", person());
    expect([first.status, again.status, fresh.status]).toEqual([200, 200, 200]);
    expect(comparable(again.text)).toBe(comparable(fresh.text));
    expect(titleOf(again.text)).toBe("Check your messages");
    expect((await usersOf(t, acme)).filter((u) => u.email === existing.email)).toHaveLength(1);
    const [notice] = await outboxMessages(t, { to: existing.email, purpose: "signup_attempt" });
    expect(notice?.subject).toBe("You already have an account at acme org");
    expect(notice?.text).toContain("http://admit.test/o/acme/forgot");
    expect(await outboxMessages(t, { to: existing.email, purpose: "activation" })).toHaveLength(1);
  });

  test("an existing username gets the same answer; the notice goes to the owner's phone", async () => {
    const owner = texter();
    await signUp(browser(), "acme", owner);
    const again = await signUp(browser(), "acme", texter({ userName: owner.userName as string }));
    const fresh = await signUp(browser(), "acme", texter());
    expect(again.status).toBe(fresh.status);
    expect(comparable(again.text)).toBe(comparable(fresh.text));
    const stored = (await usersOf(t, acme)).find((u) => u.userName === owner.userName);
    const [notice] = await outboxMessages(t, { to: stored?.phone ?? "-", purpose: "signup_attempt" });
    expect(notice?.channel).toBe("sms");
  });

  test("the honeypot: a bot gets the same page, and nothing is created or sent", async () => {
    const bot = person({ website: "http://spam.example" });
    const res = await signUp(browser(), "acme", bot);
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toBe("Check your messages");
    expect((await usersOf(t, acme)).some((u) => u.email === bot.email)).toBe(false);
    expect(await outboxMessages(t, { to: bot.email })).toEqual([]);
  });
});

describe("rate limits", () => {
  test("per IP: every submission counts, then 429 for that IP only", async () => {
    const same = browser("192.0.2.10");
    const statuses = [];
    for (const form of [person({ email: "bad" }), person(), person(), person(), person()])
      statuses.push((await signUp(same, "acme", form)).status);
    expect(statuses).toEqual([422, 200, 200, 200, 429]);
    const refused = await signUp(same, "acme", person());
    expect(refused.text).toContain("Too many sign-ups from here right now.");
    expect((await signUp(browser("192.0.2.11"), "acme", person())).status).toBe(200);
  });

  test("per identifier: the same email from many IPs, existing or not, is refused after the limit", async () => {
    const form = person();
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await signUp(browser(), "acme", form)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe("SMS limits (SMS pumping)", () => {
  test("per number: a number named too often is refused, whatever the username", async () => {
    await openOrg(t, "numbers", {}, { smsEnabled: true });
    const phone = "+45 31 23 45 67";
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await signUp(browser(), "numbers", texter({ phone }))).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await signUp(browser(), "numbers", texter({ phone }));
    expect(refused.text).toContain("We cannot send more text messages right now.");
  });

  test("per organisation: after the hour's SMS budget username sign-ups wait, email sign-ups go on", async () => {
    const org = await openOrg(t, "budget", {}, { smsEnabled: true });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await signUp(browser(), "budget", texter())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await usersOf(t, org)).filter((u) => u.phone)).toHaveLength(3);
    expect((await signUp(browser(), "budget", person())).status).toBe(200);
  });
});

describe("an email domain that signs in with SSO", () => {
  test("is sent to the SSO connection instead of getting an account", async () => {
    const org = await openOrg(t, "ssoorg");
    const { connection } = await t.services.sso.connections.create(org.org.id, {
      kind: "oidc",
      name: "Contoso ID",
      issuer: "https://id.contoso.example",
      clientId: "admit",
      clientSecret: "secret-secret-secret",
      emailDomains: ["contoso.example"],
    });
    const res = await signUp(browser(), "ssoorg", person({ email: "kim@Contoso.example" }));
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toBe("Sign in with your organisation's account");
    expect(res.text).toContain(
      `href="/o/ssoorg/sso/${connection.id}/start?login_hint=kim%40Contoso.example">Continue with Contoso ID</a>`,
    );
    expect(await usersOf(t, org)).toEqual([]);
  });
});

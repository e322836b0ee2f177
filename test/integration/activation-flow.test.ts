import request from "supertest";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import {
  alertOf,
  Browser,
  csrfOf,
  latestLink,
  outboxMessages,
  TestClock,
  titleOf,
} from "./activation-support";

const DAY = 24 * 3_600_000;
const PASSWORD = "a-long-and-unusual-passphrase";
let t: TestApp;
let acme: TestOrg;
const clock = new TestClock();
let n = 0;

/** A pending user created through the admin API, and an activation sent to them. */
async function invited(overrides: Record<string, unknown> = {}) {
  const email = `person${++n}@example.com`;
  const user = await acme.post("/users", userBody(acme.org, { email, ...overrides })).expect(201);
  await acme.post(`/users/${user.body.id}/activation`).expect(202);
  return { id: user.body.id as string, email, link: await latestLink(t, email, "activation") };
}

/** The invalid-link page with its per-browser CSRF value blanked, to compare two of them. */
const comparable = (html: string) => html.replace(/value="[^"]{20,}"/g, 'value=""');

beforeAll(async () => {
  t = await createTestApp({ clock, config: { trustProxy: true } });
  acme = await createTestOrg(t, "acme");
});
afterAll(async () => t?.close());

describe("an activation link", () => {
  test("opens a labelled set-password form with a CSRF field, no inline script or style", async () => {
    const { link, email } = await invited();
    expect(link).toMatch(/^\/o\/acme\/activate\/[A-Za-z0-9_-]{43}$/);
    const page = await new Browser(t).get(link);
    expect(page.status).toBe(200);
    expect(titleOf(page.text)).toBe("Activate your account");
    expect(page.text).toContain(email);
    expect(page.text).toMatch(/<label for="password">New password<\/label>/);
    expect(page.text).toMatch(/<label for="confirm">Repeat the new password<\/label>/);
    expect(csrfOf(page.text).length).toBeGreaterThan(20);
    expect(page.text).not.toMatch(/<script|style=/i);
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
  });

  test("refuses a weak password (and keeps working), then activates, signs in and lands on the account", async () => {
    const { link, id, email } = await invited();
    const browser = new Browser(t);
    const short = await browser.submit(link, { password: "short", confirm: "short" });
    expect(short.status).toBe(422);
    expect(alertOf(short.text)).toBe("Use at least 12 characters");
    const common = await browser.submit(link, { password: "qwertyuiop123", confirm: "qwertyuiop123" });
    expect(common.status).toBe(422);
    expect(alertOf(common.text)).toMatch(/most common/);
    const mismatch = await browser.submit(link, { password: PASSWORD, confirm: `${PASSWORD}!` });
    expect(alertOf(mismatch.text)).toBe("The two passwords are not the same.");

    const done = await browser.submit(link, { password: PASSWORD, confirm: PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("/o/acme/account");
    const account = await browser.get("/o/acme/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain(email);
    expect((await acme.get(`/users/${id}`).expect(200)).body.status).toBe("active");
    expect((await acme.get(`/users/${id}/activation`).expect(200)).body.status).toBe("activated");

    // The new password signs in through the login form as well.
    const login = await new Browser(t).submit("/o/acme/login", { identifier: email, password: PASSWORD });
    expect(login.headers.location).toBe("/o/acme/account");
  });

  test("without the CSRF field the form is refused (403) and the link still works", async () => {
    const { link } = await invited();
    const browser = new Browser(t);
    await browser.get(link);
    expect((await browser.post(link, { password: PASSWORD, confirm: PASSWORD })).status).toBe(403);
    expect((await browser.get(link)).status).toBe(200);
  });

  test("two parallel submissions of the form: exactly one activates", async () => {
    const { link } = await invited();
    const first = new Browser(t);
    const second = new Browser(t);
    const [a, b] = await Promise.all([first.get(link), second.get(link)]);
    const results = await Promise.all([
      first.post(link, { _csrf: csrfOf(a.text), password: PASSWORD, confirm: PASSWORD }),
      second.post(link, { _csrf: csrfOf(b.text), password: PASSWORD, confirm: PASSWORD }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    const loser = results.find((r) => r.status === 410);
    expect(titleOf(loser?.text ?? "")).toBe("This link can't be used");
  });

  test("unknown, used, replaced and expired links all get the same page, status and form", async () => {
    const used = await invited();
    await new Browser(t).submit(used.link, { password: PASSWORD, confirm: PASSWORD });
    const replaced = await invited();
    await acme.post(`/users/${replaced.id}/activation`).expect(202);
    const fresh = await latestLink(t, replaced.email, "activation");
    expect(fresh).not.toBe(replaced.link);
    const expired = await invited();
    const unknown = `/o/acme/activate/${"A".repeat(43)}`;

    clock.advance(7 * DAY + 60_000);
    const pages = await Promise.all(
      [unknown, used.link, replaced.link, expired.link, "/o/acme/activate/short"].map((path) =>
        new Browser(t).get(path),
      ),
    );
    clock.advance(-(7 * DAY + 60_000));
    for (const page of pages) {
      expect(page.status).toBe(410);
      expect(comparable(page.text)).toBe(comparable(pages[0]?.text ?? ""));
    }
    const page = pages[0]?.text ?? "";
    expect(titleOf(page)).toBe("This link can't be used");
    expect(page).toMatch(/<form method="post" action="\/o\/acme\/activate"/);
    expect(page).toMatch(/<label for="identifier">Email or username<\/label>/);
    expect(csrfOf(page).length).toBeGreaterThan(20);
    // The replacing link works; the expired one works again with the clock back (only time decided).
    expect((await new Browser(t).get(fresh)).status).toBe(200);
    expect((await new Browser(t).get(expired.link)).status).toBe(200);
  });

  test("a Danish user's page is in Danish", async () => {
    const { link } = await invited({ language: "da" });
    const page = await new Browser(t).get(link);
    expect(page.text).toContain('<html lang="da">');
    expect(titleOf(page.text)).toBe("Aktivér din konto");
  });

  test("another organisation's slug does not open the link", async () => {
    await createTestOrg(t, "other");
    const { link } = await invited();
    const res = await new Browser(t).get(link.replace("/o/acme/", "/o/other/"));
    expect(res.status).toBe(410);
    expect((await new Browser(t).get(link)).status).toBe(200);
  });

  test("guessing links is throttled per IP: after 20 bad ones even a good link gets 429", async () => {
    const { link } = await invited();
    const attacker = new Browser(t, "203.0.113.9");
    for (let i = 0; i < 20; i += 1) {
      expect((await attacker.get(`/o/acme/activate/${String(i).padStart(43, "x")}`)).status).toBe(410);
    }
    const blocked = await attacker.get(link);
    expect(blocked.status).toBe(429);
    expect(alertOf(blocked.text)).toBe("Too many attempts. Wait a few minutes and try again.");
    // Another address is not affected.
    expect((await new Browser(t, "203.0.113.10").get(link)).status).toBe(200);
  });

  test("the messages were enqueued with the user's id for their delivery status", async () => {
    const { id, email } = await invited();
    const [message] = await outboxMessages(t, { to: email });
    expect(message).toMatchObject({ channel: "email", purpose: "activation", status: "pending" });
    const status = await acme.get(`/users/${id}/activation`).expect(200);
    expect(status.body).toMatchObject({
      status: "pending",
      channel: "email",
      delivery: { status: "pending" },
    });
    await request(t.app).get("/healthz").expect(200);
  });
});

import request from "supertest";
import { hashPassword } from "../../src/auth";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { alertOf, apiPut, Browser, latestLink, outboxMessages, titleOf } from "./activation-support";

const OLD = "the-old-password-that-works";
const NEW = "a-brand-new-passphrase-2024";
let t: TestApp;
let acme: TestOrg;

/** The answer page with its per-browser CSRF value blanked, to compare two answers. */
const comparable = (html: string) => html.replace(/value="[^"]{20,}"/g, 'value=""');

async function activeUser(email: string, fields: Record<string, unknown> = {}) {
  const { directory } = t.services;
  const org = acme.org;
  return directory.users.create(
    org.id,
    {
      firstName: "Rita",
      lastName: "Reset",
      email,
      language: "en",
      jobProfileId: org.defaultJobProfileId as string,
      departmentIds: [org.defaultDepartmentId as string],
      permissionTypeIds: [org.defaultPermissionTypeId as string],
      ...fields,
    },
    { source: "manual", status: "active", passwordHash: await hashPassword(OLD) },
  );
}

beforeAll(async () => {
  // Every link answer takes at least 1 s here (300 ms in production): on a loaded CI machine the
  // known account's real work alone took ~800 ms, past a 300 ms floor, and the times drew apart.
  t = await createTestApp({ config: { trustProxy: true, linkAnswerMs: 1_000 } });
  acme = await createTestOrg(t, "acme");
});
afterAll(async () => t?.close());

describe("Forgot your password?", () => {
  test("the login page links to it; the page has a labelled field and a CSRF token", async () => {
    const login = await new Browser(t).get("/o/acme/login");
    expect(login.text).toMatch(/<a href="\/o\/acme\/forgot">Forgot your password\?<\/a>/);
    const page = await new Browser(t).get("/o/acme/forgot");
    expect(page.status).toBe(200);
    expect(titleOf(page.text)).toBe("Forgot your password?");
    expect(page.text).toMatch(/<label for="identifier">Email or username<\/label>/);
    expect(page.text).toMatch(/name="_csrf" value="[^"]{20,}"/);
    const danish = await request(t.app).get("/o/acme/forgot").set("Accept-Language", "da").expect(200);
    expect(titleOf(danish.text)).toBe("Glemt din adgangskode?");
    expect(danish.text).toMatch(/<label for="identifier">E-mail eller brugernavn<\/label>/);
  });

  test("reset by email: the link sets a new password, signs in, and works once", async () => {
    await activeUser("rita@example.com");
    const answer = await new Browser(t).submit("/o/acme/forgot", { identifier: "RITA@example.com" });
    expect(answer.status).toBe(200);
    expect(titleOf(answer.text)).toBe("Check your messages");
    const link = await latestLink(t, "rita@example.com", "password_reset");
    expect(link).toMatch(/^\/o\/acme\/reset\/[A-Za-z0-9_-]{43}$/);

    const browser = new Browser(t);
    const page = await browser.get(link);
    expect(titleOf(page.text)).toBe("Choose a new password");
    const done = await browser.submit(link, { password: NEW, confirm: NEW });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("/o/acme/account");
    expect((await browser.get("/o/acme/account")).status).toBe(200);

    const oldLogin = await new Browser(t).submit("/o/acme/login", {
      identifier: "rita@example.com",
      password: OLD,
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await new Browser(t).submit("/o/acme/login", {
      identifier: "rita@example.com",
      password: NEW,
    });
    expect(newLogin.status).toBe(303);
    expect((await new Browser(t).get(link)).status).toBe(410);
  });

  test("a reset signs out the sessions that used the old password", async () => {
    await activeUser("sam@example.com");
    const before = new Browser(t);
    await before.submit("/o/acme/login", { identifier: "sam@example.com", password: OLD });
    expect((await before.get("/o/acme/account")).status).toBe(200);
    await new Browser(t).submit("/o/acme/forgot", { identifier: "sam@example.com" });
    const link = await latestLink(t, "sam@example.com", "password_reset");
    await new Browser(t).submit(link, { password: NEW, confirm: NEW });
    expect((await before.get("/o/acme/account")).status).toBe(303);
  });

  test("the reset goes by the same routing: SMS with the package, for a username + phone user", async () => {
    await apiPut(t, acme, "/communication", { smsEnabled: true }).expect(200);
    try {
      await activeUser("both@example.com", { userName: "both.user", phone: "+4520123460" });
      await new Browser(t).submit("/o/acme/forgot", { identifier: "both.user" });
      const [sms] = await outboxMessages(t, { to: "+4520123460" });
      expect(sms).toMatchObject({ channel: "sms", purpose: "password_reset" });
      expect(sms?.text).toMatch(/\/o\/acme\/reset\/[A-Za-z0-9_-]{43}/);
      expect(await outboxMessages(t, { to: "both@example.com" })).toEqual([]);
    } finally {
      await apiPut(t, acme, "/communication", { smsEnabled: false }).expect(200);
    }
  });

  test("the answer never tells whether an account exists: same status, same page, similar time", async () => {
    await activeUser("known@example.com");
    const deactivated = await activeUser("gone@example.com");
    await acme.post(`/users/${deactivated.id}/deactivate`).expect(200);
    const pending = await acme
      .post("/users", userBody(acme.org, { email: "never-sent@example.com" }))
      .expect(201);
    expect(pending.status).toBe(201);

    const ask = async (identifier: string) => {
      const started = Date.now();
      const res = await new Browser(t).submit("/o/acme/forgot", { identifier });
      return { res, ms: Date.now() - started };
    };
    const known = await ask("known@example.com");
    const answers = [known];
    for (const identifier of ["nobody@example.com", "gone@example.com", "never-sent@example.com", ""]) {
      answers.push(await ask(identifier));
    }
    for (const { res } of answers) {
      expect(res.status).toBe(200);
      expect(comparable(res.text)).toBe(comparable(known.res.text));
    }
    const times = answers.map((a) => a.ms);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(250);
    // Only the active, known account got a message.
    expect(await outboxMessages(t, { to: "known@example.com" })).toHaveLength(1);
    for (const to of ["gone@example.com", "never-sent@example.com"])
      expect(await outboxMessages(t, { to })).toEqual([]);
  });

  test("one person gets at most 3 links an hour through the forms; the answer stays the same", async () => {
    await activeUser("busy@example.com");
    for (let i = 0; i < 5; i += 1) {
      const res = await new Browser(t, `198.51.100.${i}`).submit("/o/acme/forgot", {
        identifier: "busy@example.com",
      });
      expect(res.status).toBe(200);
    }
    expect(await outboxMessages(t, { to: "busy@example.com" })).toHaveLength(3);
  });

  test("too many requests from one address get 429", async () => {
    const browser = new Browser(t, "192.0.2.77");
    for (let i = 0; i < 20; i += 1) {
      expect((await browser.submit("/o/acme/forgot", { identifier: `x${i}@example.com` })).status).toBe(200);
    }
    const blocked = await browser.submit("/o/acme/forgot", { identifier: "x@example.com" });
    expect(blocked.status).toBe(429);
    expect(alertOf(blocked.text)).toMatch(/Too many attempts/);
  });
});

describe("Send me a new link (from a dead activation link)", () => {
  test("a pending person who was sent an activation gets a new one; the answer is the usual one", async () => {
    const user = await acme.post("/users", userBody(acme.org, { email: "late@example.com" })).expect(201);
    await acme.post(`/users/${user.body.id}/activation`).expect(202);
    const first = await latestLink(t, "late@example.com", "activation");
    const res = await new Browser(t).submit(
      "/o/acme/activate/" + "B".repeat(43),
      { identifier: "late@example.com" },
      "/o/acme/activate",
    );
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toBe("Check your messages");
    const second = await latestLink(t, "late@example.com", "activation");
    expect(second).not.toBe(first);
    expect((await new Browser(t).get(first)).status).toBe(410);
    expect((await new Browser(t).get(second)).status).toBe(200);
  });

  test("an expired reset link's page offers the same form, posting to /forgot", async () => {
    const page = await new Browser(t).get(`/o/acme/reset/${"C".repeat(43)}`);
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/<form method="post" action="\/o\/acme\/forgot"/);
  });
});

import { User } from "../../src/directory";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { alertOf, apiPut, Browser, outboxMessages, TestClock } from "./activation-support";

const HOUR = 3_600_000;
const FAILED = "The email/username or password is not right.";
const NEW = "my-very-own-passphrase-42";
let t: TestApp;
let acme: TestOrg;
const clock = new TestClock();
let n = 0;

const create = async (overrides: Record<string, unknown> = {}) =>
  (
    await acme
      .post("/users", userBody(acme.org, { email: `otp${++n}@example.com`, ...overrides }))
      .expect(201)
  ).body as { id: string; email: string | null; userName: string | null };

const signIn = (identifier: string, password: string, browser = new Browser(t)) =>
  browser.submit("/o/acme/login", { identifier, password });

const row = (id: string) => t.dataSource.getRepository(User).findOneByOrFail({ id });

beforeAll(async () => {
  t = await createTestApp({ clock });
  acme = await createTestOrg(t, "acme");
});
afterAll(async () => t?.close());

describe("POST /users/{id}/one-time-password", () => {
  test("a generated one is shown once; the user signs in with it and must choose a new password", async () => {
    const user = await create();
    const grant = await acme.post(`/users/${user.id}/one-time-password`, {}).expect(200);
    expect(grant.headers["cache-control"]).toBe("no-store");
    expect(grant.body).toMatchObject({ userId: user.id, sentBy: null });
    expect(grant.body.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(new Date(grant.body.expiresAt).getTime()).toBeGreaterThan(clock.now().getTime() + 167 * HOUR);
    const stored = await row(user.id);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordMustChange).toBe(true);
    expect(stored.passwordExpiresAt).toBeInstanceOf(Date);
    expect((await acme.get(`/users/${user.id}/activation`).expect(200)).body).toMatchObject({
      status: "sent",
      oneTimePassword: { expired: false },
    });

    const browser = new Browser(t);
    const login = await signIn(user.email as string, grant.body.password, browser);
    expect(login.headers.location).toBe("/o/acme/password");
    expect((await browser.get("/o/acme/account")).headers.location).toBe("/o/acme/password");
    const changed = await browser.submit("/o/acme/password", { password: NEW, confirm: NEW });
    expect(changed.headers.location).toBe("/o/acme/account");

    const after = await row(user.id);
    expect(after).toMatchObject({ passwordMustChange: false, passwordExpiresAt: null, status: "active" });
    expect((await acme.get(`/users/${user.id}/activation`).expect(200)).body.status).toBe("activated");
    expect((await signIn(user.email as string, grant.body.password)).status).toBe(401);
    expect((await signIn(user.email as string, NEW)).headers.location).toBe("/o/acme/account");
  });

  test("a typed one is checked (8+ characters, not a common password) and never echoed", async () => {
    const user = await create();
    const short = await acme.post(`/users/${user.id}/one-time-password`, { password: "short7!" }).expect(422);
    expect(short.body).toMatchObject({ code: "auth.password_too_short", field: "password" });
    const common = await acme
      .post(`/users/${user.id}/one-time-password`, { password: "Password123" })
      .expect(422);
    expect(common.body.code).toBe("auth.password_too_common");
    const ok = await acme
      .post(`/users/${user.id}/one-time-password`, { password: "Summer-Cat-81" })
      .expect(200);
    expect(ok.body.password).toBeUndefined();
    expect((await signIn(user.email as string, "Summer-Cat-81")).headers.location).toBe("/o/acme/password");
  });

  test("an expired one-time password is refused with the same answer as a wrong one", async () => {
    await apiPut(t, acme, "/communication", { oneTimePasswordLifetimeHours: 24 }).expect(200);
    const user = await create();
    await acme.post(`/users/${user.id}/one-time-password`, { password: "Autumn-Dog-27" }).expect(200);
    clock.advance(24 * HOUR + 60_000);
    try {
      const refused = await signIn(user.email as string, "Autumn-Dog-27");
      const wrong = await signIn(user.email as string, "Autumn-Dog-28");
      expect(refused.status).toBe(401);
      expect(alertOf(refused.text)).toBe(FAILED);
      expect(alertOf(wrong.text)).toBe(alertOf(refused.text));
      expect((await acme.get(`/users/${user.id}/activation`).expect(200)).body.oneTimePassword).toMatchObject(
        {
          expired: true,
        },
      );
    } finally {
      clock.advance(-(24 * HOUR + 60_000));
      await apiPut(t, acme, "/communication", { oneTimePasswordLifetimeHours: 168 }).expect(200);
    }
    expect((await signIn(user.email as string, "Autumn-Dog-27")).status).toBe(303);
  });

  test("a user with neither email nor phone: flagged, then granted, then flagged again once it expires", async () => {
    const user = await create({ email: null, userName: `nomail${++n}`, phone: "+4520123480" });
    const path = `/users/${user.id}/activation`;
    expect((await acme.get(path).expect(200)).body.status).toBe("needs_one_time_password");
    await acme.post(`/users/${user.id}/one-time-password`, {}).expect(200);
    expect((await acme.get(path).expect(200)).body.status).toBe("sent");
    clock.advance(169 * HOUR);
    try {
      expect((await acme.get(path).expect(200)).body.status).toBe("needs_one_time_password");
    } finally {
      clock.advance(-169 * HOUR);
    }
  });

  test("send: true delivers it by the routing rule; unreachable → 422 and nothing changes", async () => {
    const user = await create();
    const grant = await acme.post(`/users/${user.id}/one-time-password`, { send: true }).expect(200);
    expect(grant.body.sentBy).toBe("email");
    const [message] = await outboxMessages(t, { to: user.email as string, purpose: "one_time_password" });
    expect(message?.text).toContain(grant.body.password);
    expect(message?.text).toContain("http://admit.test/o/acme/login");

    const phoneOnly = await create({ email: null, userName: `sendless${++n}`, phone: "+4520123481" });
    const refused = await acme.post(`/users/${phoneOnly.id}/one-time-password`, { send: true }).expect(422);
    expect(refused.body.code).toBe("activation.no_channel");
    expect((await row(phoneOnly.id)).passwordHash).toBeNull();
  });

  test("an active user's sessions end when an administrator gives them a one-time password", async () => {
    const user = await create();
    const first = await acme.post(`/users/${user.id}/one-time-password`, {}).expect(200);
    const browser = new Browser(t);
    await signIn(user.email as string, first.body.password, browser);
    await browser.submit("/o/acme/password", { password: NEW, confirm: NEW });
    expect((await browser.get("/o/acme/account")).status).toBe(200);
    await acme.post(`/users/${user.id}/one-time-password`, {}).expect(200);
    expect((await browser.get("/o/acme/account")).status).toBe(303);
  });

  test("deactivated → 409; unknown user → 404; unknown field → 400", async () => {
    const user = await create();
    await acme.post(`/users/${user.id}/deactivate`).expect(200);
    const res = await acme.post(`/users/${user.id}/one-time-password`, {}).expect(409);
    expect(res.body.code).toBe("activation.user_deactivated");
    await acme.post("/users/00000000-0000-4000-8000-000000000000/one-time-password", {}).expect(404);
    await acme.post(`/users/${user.id}/one-time-password`, { pasword: "x" }).expect(400);
  });
});

import request from "supertest";
import { Session } from "../../src/auth";
import type { UserFields } from "../../src/directory";
import { createPasswordUser, createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";

/** A minimal browser: keeps the cookies the app sets and sends them back. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly t: TestApp) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async get(path: string): Promise<request.Response> {
    const req = request(this.t.app).get(path);
    if (this.cookies.size) req.set("Cookie", this.cookieHeader);
    return this.absorb(await req);
  }

  async post(path: string, form: Record<string, string>): Promise<request.Response> {
    const req = request(this.t.app).post(path).type("form");
    if (this.cookies.size) req.set("Cookie", this.cookieHeader);
    return this.absorb(await req.send(form));
  }

  private absorb(res: request.Response): request.Response {
    for (const line of setCookies(res)) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = /expires=thu, 01 jan 1970/i.test(line) || /max-age=0(;|$)/i.test(line);
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

function setCookies(res: request.Response): string[] {
  const header = res.headers["set-cookie"] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === "string" ? [header] : [];
}

const cookieLine = (res: request.Response, name: string) =>
  setCookies(res).find((c) => c.startsWith(`${name}=`));

/** Every <input> of a page, as attribute maps (whatever the markup's formatting). */
function inputs(html: string): Array<Record<string, string>> {
  return [...html.matchAll(/<input\b([^>]*)>/g)].map((m) =>
    Object.fromEntries(
      [...(m[1] ?? "").matchAll(/([a-z-]+)(?:="([^"]*)")?/gi)].map((a) => [a[1], a[2] ?? ""]),
    ),
  );
}

function input(html: string, name: string): Record<string, string> | undefined {
  return inputs(html).find((i) => i.name === name);
}

function hiddenField(html: string, name: string): string | undefined {
  const field = input(html, name);
  return field?.type === "hidden" ? field.value : undefined;
}

function csrfOf(html: string): string {
  const value = hiddenField(html, "_csrf");
  if (!value) throw new Error("the page has no _csrf field");
  return value;
}

/** The text of the label for an input id, or undefined. */
function labelFor(html: string, id: string): string | undefined {
  return new RegExp(`<label\\s+for="${id}"\\s*>\\s*([^<]*?)\\s*</label>`).exec(html)?.[1];
}

const alertOf = (html: string) => /role="alert"[^>]*>\s*([^<]*?)\s*<\/div>/.exec(html)?.[1];

const SLUG = "acme";
const LOGIN = `/o/${SLUG}/login`;
const ACCOUNT = `/o/${SLUG}/account`;
const PASSWORD_PAGE = `/o/${SLUG}/password`;
const FAILED = "The email/username or password is not right.";
const PASSWORD = "Correct-Horse-Battery-9";

let t: TestApp;
let acme: TestOrg;

async function createUser(
  fields: Partial<UserFields>,
  options: { password?: string; mustChange?: boolean } = {},
) {
  const person = { firstName: "Test", lastName: "Person", ...fields };
  const password = options.password ?? PASSWORD;
  return createPasswordUser(t.services, acme.org, person, { password, mustChange: options.mustChange });
}

/** Opens the login page and submits it, as a person would. */
async function signIn(browser: Browser, identifier: string, password: string, next?: string, slug = SLUG) {
  const page = await browser.get(`/o/${slug}/login`);
  expect(page.status).toBe(200);
  return browser.post(`/o/${slug}/login`, {
    _csrf: csrfOf(page.text),
    identifier,
    password,
    ...(next !== undefined ? { next } : {}),
  });
}

async function sessionRows(userId: string) {
  return t.dataSource.getRepository(Session).find({ where: { userId }, order: { createdAt: "ASC" } });
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, SLUG);
  await createTestOrg(t, "other");
});
afterAll(async () => t?.close());

describe("the login page", () => {
  test("renders with labelled identifier and password inputs and a _csrf field backed by a cookie", async () => {
    const res = await request(t.app).get(LOGIN).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(labelFor(res.text, "identifier")).toBe("Email or username");
    expect(input(res.text, "identifier")).toMatchObject({
      type: "text",
      id: "identifier",
      autocomplete: "username",
    });
    expect(labelFor(res.text, "password")).toBe("Password");
    expect(input(res.text, "password")).toMatchObject({
      type: "password",
      id: "password",
      autocomplete: "current-password",
    });
    expect(csrfOf(res.text).length).toBeGreaterThanOrEqual(20);
    expect(cookieLine(res, "admit_csrf")).toBeDefined();
    expect(res.text).toMatch(/<title>\s*Sign in · acme org\s*<\/title>/);
  });

  test("is shown in the browser's language when the organisation offers it", async () => {
    const res = await request(t.app).get(LOGIN).set("Accept-Language", "da").expect(200);
    expect(res.text).toContain('<html lang="da">');
    expect(labelFor(res.text, "identifier")).toBe("E-mail eller brugernavn");
  });

  test("sends security headers: a CSP without 'unsafe-inline', nosniff, no framing, no caching", async () => {
    const res = await request(t.app).get(LOGIN).expect(200);
    const csp = res.headers["content-security-policy"] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  test("an unknown organisation gets a 404 page, for the page and for a login attempt", async () => {
    const page = await request(t.app).get("/o/no-such-org/login").expect(404);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.text).toContain("This page does not exist.");
    expect(input(page.text, "identifier")).toBeUndefined();
    const post = await request(t.app)
      .post("/o/no-such-org/login")
      .type("form")
      .send({ identifier: "a@example.com", password: "x" })
      .expect(404);
    expect(post.text).toContain("This page does not exist.");
    expect(cookieLine(post, "admit_session")).toBeUndefined();
  });
});

describe("signing in", () => {
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    alice = (await createUser({ firstName: "Alice", email: "alice@example.com" })).id;
    bob = (await createUser({ firstName: "Bob", userName: "Bob.Builder", phone: "+45 20 12 34 56" })).id;
  });

  test("with an email: 303 to the account page, which then shows the person", async () => {
    const browser = new Browser(t);
    const res = await signIn(browser, "alice@example.com", PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
    const account = await browser.get(ACCOUNT);
    expect(account.status).toBe(200);
    expect(account.text).toContain("alice@example.com");
    expect(await sessionRows(alice)).toHaveLength(1);
  });

  test("with a username (a user with username and phone, no email)", async () => {
    const browser = new Browser(t);
    const res = await signIn(browser, "Bob.Builder", PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
    const account = await browser.get(ACCOUNT);
    expect(account.status).toBe(200);
    expect(account.text).toContain("Bob.Builder");
    expect(account.text).toContain("+4520123456");
    expect((await sessionRows(bob)).length).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ["ALICE@Example.COM", "alice@example.com"],
    ["  alice@EXAMPLE.com  ", "alice@example.com"],
    ["bob.builder", "Bob.Builder"],
    ["BOB.BUILDER", "Bob.Builder"],
  ])("the identifier is case-insensitive: %p signs in", async (identifier, shown) => {
    const browser = new Browser(t);
    const res = await signIn(browser, identifier, PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
    expect((await browser.get(ACCOUNT)).text).toContain(shown);
  });

  test("the session cookie (and the CSRF cookie) are HttpOnly, SameSite=Lax, path /", async () => {
    const browser = new Browser(t);
    const page = await browser.get(LOGIN);
    const csrf = cookieLine(page, "admit_csrf") as string;
    const res = await browser.post(LOGIN, {
      _csrf: csrfOf(page.text),
      identifier: "alice@example.com",
      password: PASSWORD,
    });
    const session = cookieLine(res, "admit_session") as string;
    for (const line of [csrf, session]) {
      expect(line).toMatch(/;\s*HttpOnly(;|$)/i);
      expect(line).toMatch(/;\s*SameSite=Lax(;|$)/i);
      expect(line).toMatch(/;\s*Path=\/(;|$)/i);
    }
    // publicUrl is http:// in tests; Secure is set only behind https.
    expect(session).not.toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*Max-Age=\d+/i);
  });

  test("a wrong password and an unknown user get the same 401 page and message, and no session", async () => {
    const browser = new Browser(t);
    const page = await browser.get(LOGIN);
    const csrf = csrfOf(page.text);
    const wrong = await browser.post(LOGIN, {
      _csrf: csrf,
      identifier: "alice@example.com",
      password: "not-the-password",
    });
    const unknown = await browser.post(LOGIN, {
      _csrf: csrf,
      identifier: "nobody@example.com",
      password: "not-the-password",
    });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(alertOf(res.text)).toBe(FAILED);
      expect(cookieLine(res, "admit_session")).toBeUndefined();
      // The form is shown again, ready for another try.
      expect(csrfOf(res.text)).toBe(csrf);
    }
    // Apart from the echoed identifier the two pages are identical: nothing tells them apart.
    expect(wrong.text.replace("alice@example.com", "X")).toBe(
      unknown.text.replace("nobody@example.com", "X"),
    );
    expect(input(wrong.text, "identifier")?.value).toBe("alice@example.com");
    expect(browser.cookies.has("admit_session")).toBe(false);
  });

  test("an empty identifier or password is a 401, not an error page", async () => {
    const browser = new Browser(t);
    const page = await browser.get(LOGIN);
    const res = await browser.post(LOGIN, { _csrf: csrfOf(page.text), identifier: "", password: "" });
    expect(res.status).toBe(401);
    expect(alertOf(res.text)).toBe(FAILED);
  });

  describe("CSRF", () => {
    const credentials = { identifier: "alice@example.com", password: PASSWORD };

    test("a missing _csrf field → 403, even with the right password", async () => {
      const browser = new Browser(t);
      await browser.get(LOGIN);
      const res = await browser.post(LOGIN, credentials);
      expect(res.status).toBe(403);
      expect(res.text).toContain("This form expired.");
      expect(cookieLine(res, "admit_session")).toBeUndefined();
    });

    test("an invalid _csrf value → 403", async () => {
      const browser = new Browser(t);
      const page = await browser.get(LOGIN);
      const res = await browser.post(LOGIN, { ...credentials, _csrf: `${csrfOf(page.text)}x` });
      expect(res.status).toBe(403);
      expect(cookieLine(res, "admit_session")).toBeUndefined();
    });

    test("a _csrf value without its cookie → 403", async () => {
      const page = await request(t.app).get(LOGIN).expect(200);
      const res = await request(t.app)
        .post(LOGIN)
        .type("form")
        .send({ ...credentials, _csrf: csrfOf(page.text) });
      expect(res.status).toBe(403);
      expect(cookieLine(res, "admit_session")).toBeUndefined();
    });

    test("a _csrf value with a tampered (unsigned) cookie → 403", async () => {
      const page = await request(t.app).get(LOGIN).expect(200);
      const token = csrfOf(page.text);
      const res = await request(t.app)
        .post(LOGIN)
        .set("Cookie", `admit_csrf=${token}.forged`)
        .type("form")
        .send({ ...credentials, _csrf: token });
      expect(res.status).toBe(403);
    });

    test("another browser's _csrf value → 403", async () => {
      const mine = new Browser(t);
      await mine.get(LOGIN);
      const theirs = await request(t.app).get(LOGIN).expect(200);
      const res = await mine.post(LOGIN, { ...credentials, _csrf: csrfOf(theirs.text) });
      expect(res.status).toBe(403);
    });
  });

  test("when already signed in, the login page goes straight to the account", async () => {
    const browser = new Browser(t);
    expect((await signIn(browser, "alice@example.com", PASSWORD)).status).toBe(303);
    const res = await browser.get(LOGIN);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
  });

  test("a session of one organisation does not open another organisation's account page", async () => {
    const browser = new Browser(t);
    expect((await signIn(browser, "alice@example.com", PASSWORD)).status).toBe(303);
    const res = await browser.get("/o/other/account");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/o/other/login?next=${encodeURIComponent("/o/other/account")}`);
    // And alice has no account in "other": her credentials do not work there.
    const there = await signIn(new Browser(t), "alice@example.com", PASSWORD, undefined, "other");
    expect(there.status).toBe(401);
  });
});

describe("throttling", () => {
  test("after 10 failures the account is throttled (429), even with the right password", async () => {
    const carol = await createUser({ firstName: "Carol", email: "carol@example.com" });
    const browser = new Browser(t);
    const page = await browser.get(LOGIN);
    const csrf = csrfOf(page.text);
    for (let i = 1; i <= 10; i++) {
      const res = await browser.post(LOGIN, {
        _csrf: csrf,
        identifier: "carol@example.com",
        password: `wrong-${i}`,
      });
      expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 401 });
    }
    for (const identifier of ["carol@example.com", "CAROL@example.com"]) {
      const res = await browser.post(LOGIN, { _csrf: csrf, identifier, password: PASSWORD });
      expect(res.status).toBe(429);
      expect(alertOf(res.text)).toBe("Too many failed attempts. Wait a few minutes and try again.");
      expect(cookieLine(res, "admit_session")).toBeUndefined();
    }
    expect(await sessionRows(carol.id)).toHaveLength(0);
    // Another account from the same address is not locked out by carol's failures.
    expect((await signIn(new Browser(t), "alice@example.com", PASSWORD)).status).toBe(303);
  });
});

describe("signing out", () => {
  test("logout ends the session on the server: the old cookie no longer opens /account", async () => {
    const user = await createUser({ firstName: "Olga", email: "olga@example.com" });
    const browser = new Browser(t);
    expect((await signIn(browser, "olga@example.com", PASSWORD)).status).toBe(303);
    const oldCookie = browser.cookieHeader;
    const account = await browser.get(ACCOUNT);
    expect(account.status).toBe(200);

    const logout = await browser.post(`/o/${SLUG}/logout`, { _csrf: csrfOf(account.text) });
    expect(logout.status).toBe(303);
    expect(logout.headers.location).toBe(LOGIN);
    expect(cookieLine(logout, "admit_session")).toMatch(/^admit_session=;.*Expires=Thu, 01 Jan 1970/);

    // A copy of the cookie kept from before the logout is dead too: the session ended server-side.
    const replay = await request(t.app).get(ACCOUNT).set("Cookie", oldCookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe(`${LOGIN}?next=${encodeURIComponent(ACCOUNT)}`);
    const [session] = await sessionRows(user.id);
    expect(session?.revokedAt).toBeInstanceOf(Date);
  });

  test("logout without the _csrf field is refused (403) and the session stays", async () => {
    const browser = new Browser(t);
    await createUser({ firstName: "Pia", email: "pia@example.com" });
    expect((await signIn(browser, "pia@example.com", PASSWORD)).status).toBe(303);
    const res = await browser.post(`/o/${SLUG}/logout`, {});
    expect(res.status).toBe(403);
    expect((await browser.get(ACCOUNT)).status).toBe(200);
  });
});

describe("deactivation", () => {
  test("a deactivated user cannot sign in, and their open session stops working at once", async () => {
    const dave = await createUser({ firstName: "Dave", email: "dave@example.com" });
    const browser = new Browser(t);
    expect((await signIn(browser, "dave@example.com", PASSWORD)).status).toBe(303);
    expect((await browser.get(ACCOUNT)).status).toBe(200);

    const deactivated = await acme.post(`/users/${dave.id}/deactivate`).expect(200);
    expect(deactivated.body.status).toBe("deactivated");

    const after = await browser.get(ACCOUNT);
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(new RegExp(`^${LOGIN}\\?next=`));
    const sessions = await sessionRows(dave.id);
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.revokedAt).toBeInstanceOf(Date);

    const again = await signIn(new Browser(t), "dave@example.com", PASSWORD);
    expect(again.status).toBe(401);
    expect(alertOf(again.text)).toBe(FAILED);

    // Reactivated, the same password works again.
    await acme.post(`/users/${dave.id}/reactivate`).expect(200);
    expect((await signIn(new Browser(t), "dave@example.com", PASSWORD)).status).toBe(303);
  });
});

describe("a one-time password must be replaced", () => {
  const ONE_TIME = "OneTime-Password-123";
  const NEW = "my own new password 2024";
  let erinId: string;
  let first: Browser;
  let second: Browser;

  beforeAll(async () => {
    erinId = (
      await createUser(
        { firstName: "Erin", email: "erin@example.com" },
        { password: ONE_TIME, mustChange: true },
      )
    ).id;
    first = new Browser(t);
    second = new Browser(t);
  });

  test("signing in lands on /password, and /account redirects there", async () => {
    const res = await signIn(first, "erin@example.com", ONE_TIME, ACCOUNT);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(PASSWORD_PAGE);
    const account = await first.get(ACCOUNT);
    expect(account.status).toBe(303);
    expect(account.headers.location).toBe(PASSWORD_PAGE);
    expect((await signIn(second, "erin@example.com", ONE_TIME)).headers.location).toBe(PASSWORD_PAGE);
  });

  test("the new-password form has labelled inputs and a _csrf field", async () => {
    const page = await first.get(PASSWORD_PAGE);
    expect(page.status).toBe(200);
    expect(labelFor(page.text, "password")).toBe("New password");
    expect(labelFor(page.text, "confirm")).toBe("Repeat the new password");
    expect(input(page.text, "password")).toMatchObject({ type: "password", autocomplete: "new-password" });
    expect(input(page.text, "confirm")).toMatchObject({ type: "password", autocomplete: "new-password" });
    expect(csrfOf(page.text).length).toBeGreaterThan(20);
  });

  test("without the _csrf field the change is refused (403)", async () => {
    const res = await first.post(PASSWORD_PAGE, { password: NEW, confirm: NEW });
    expect(res.status).toBe(403);
  });

  test("a too-short password is refused (422) with the rule shown", async () => {
    const page = await first.get(PASSWORD_PAGE);
    const res = await first.post(PASSWORD_PAGE, {
      _csrf: csrfOf(page.text),
      password: "short-pw",
      confirm: "short-pw",
    });
    expect(res.status).toBe(422);
    expect(alertOf(res.text)).toBe("Use at least 12 characters");
  });

  test("two different passwords are refused (422)", async () => {
    const page = await first.get(PASSWORD_PAGE);
    const res = await first.post(PASSWORD_PAGE, {
      _csrf: csrfOf(page.text),
      password: NEW,
      confirm: `${NEW}!`,
    });
    expect(res.status).toBe(422);
    expect(alertOf(res.text)).toBe("The two passwords are not the same.");
  });

  test("the email itself is refused as a password (422)", async () => {
    const page = await first.get(PASSWORD_PAGE);
    const res = await first.post(PASSWORD_PAGE, {
      _csrf: csrfOf(page.text),
      password: "ERIN@example.com",
      confirm: "ERIN@example.com",
    });
    expect(res.status).toBe(422);
  });

  test("the one-time password itself is refused as the new password (422): whoever handed it out knows it", async () => {
    const page = await first.get(PASSWORD_PAGE);
    const res = await first.post(PASSWORD_PAGE, {
      _csrf: csrfOf(page.text),
      password: ONE_TIME,
      confirm: ONE_TIME,
    });
    expect(res.status).toBe(422);
    expect(alertOf(res.text)).toBe(
      "Choose a password of your own, not the one-time password you were given.",
    );
  });

  test("none of the refusals changed anything: still must change, the one-time password still set", async () => {
    const user = await t.services.directory.users.get(acme.org.id, erinId);
    expect(user.passwordMustChange).toBe(true);
    expect((await first.get(ACCOUNT)).headers.location).toBe(PASSWORD_PAGE);
  });

  test("a good password lands on /account and signs out the other sessions", async () => {
    const page = await first.get(PASSWORD_PAGE);
    const res = await first.post(PASSWORD_PAGE, { _csrf: csrfOf(page.text), password: NEW, confirm: NEW });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
    const account = await first.get(ACCOUNT);
    expect(account.status).toBe(200);
    expect(account.text).toContain("erin@example.com");

    const other = await second.get(ACCOUNT);
    expect(other.status).toBe(303);
    expect(other.headers.location).toMatch(new RegExp(`^${LOGIN}\\?next=`));
    const sessions = await sessionRows(erinId);
    expect(sessions.filter((s) => s.revokedAt === null)).toHaveLength(1);

    const user = await t.services.directory.users.get(acme.org.id, erinId);
    expect(user.passwordMustChange).toBe(false);
  });

  test("afterwards the one-time password no longer works and the new one does", async () => {
    expect((await signIn(new Browser(t), "erin@example.com", ONE_TIME)).status).toBe(401);
    const res = await signIn(new Browser(t), "erin@example.com", NEW);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
  });
});

describe("the next parameter", () => {
  beforeAll(async () => {
    await createUser({ firstName: "Nora", email: "nora@example.com" });
  });

  test("a page that needs sign-in sends to the login page with next, and signing in returns there", async () => {
    const browser = new Browser(t);
    const gate = await browser.get(ACCOUNT);
    expect(gate.status).toBe(303);
    const location = gate.headers.location as string;
    expect(location).toBe(`${LOGIN}?next=${encodeURIComponent(ACCOUNT)}`);
    const page = await browser.get(location);
    expect(hiddenField(page.text, "next")).toBe(ACCOUNT);
    const res = await browser.post(LOGIN, {
      _csrf: csrfOf(page.text),
      identifier: "nora@example.com",
      password: PASSWORD,
      next: ACCOUNT,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
  });

  test("a path inside /o/{slug}/ is followed after sign-in", async () => {
    const res = await signIn(new Browser(t), "nora@example.com", PASSWORD, `/o/${SLUG}/account?tab=profile`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/o/${SLUG}/account?tab=profile`);
  });

  test.each([
    "//evil.com",
    "//evil.com/o/acme/account",
    "https://evil.com",
    "https://evil.com/o/acme/account",
    "http:evil.com",
    "/\\evil.com",
    `/o/${SLUG}//evil.com`,
    `/o/${SLUG}/\\evil.com`,
    `/o/${SLUG}/\\\\evil.com`,
    `/o/${SLUG}`,
    "/o/other/account",
    "/o/acmeevil/account",
    "javascript:alert(1)",
  ])("no open redirect: next=%p falls back to the account page", async (next) => {
    const res = await signIn(new Browser(t), "nora@example.com", PASSWORD, next);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(ACCOUNT);
  });

  test.each(["//evil.com", "https://evil.com", "/o/other/account"])(
    "the login page does not carry an outside next=%p into its form",
    async (next) => {
      const page = await request(t.app)
        .get(`${LOGIN}?next=${encodeURIComponent(next)}`)
        .expect(200);
      expect(hiddenField(page.text, "next")).toBeUndefined();
      expect(page.text).not.toContain("evil.com");
    },
  );
});

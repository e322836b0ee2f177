import request from "supertest";
import type { TestApp, TestOrg } from "../support/app";
import { createTestOrg } from "../support/app";
import { csrfOf, latestLink, outboxMessages, titleOf } from "./activation-support";
import { Browser, control, fieldError, openOrg, person, signUp, signupApp, usersOf } from "./signup-support";

let t: TestApp;
let closed: TestOrg;
let acme: TestOrg;

beforeAll(async () => {
  t = await signupApp();
  closed = await createTestOrg(t, "closed");
  acme = await openOrg(t, "acme");
});
afterAll(async () => t?.close());

describe("when sign-up is off (the default)", () => {
  test("the login page has no 'Create one now!' link", async () => {
    const page = await request(t.app).get("/o/closed/login").expect(200);
    expect(page.text).not.toContain("/o/closed/signup");
    expect(page.text).not.toContain("Create one now!");
  });

  test("GET and POST /signup answer the friendly 404 page, and nothing is created", async () => {
    const browser = new Browser(t);
    const get = await browser.get("/o/closed/signup");
    expect(get.status).toBe(404);
    expect(titleOf(get.text)).toBe("Page not found");
    const login = await browser.get("/o/closed/login");
    const post = await browser.post("/o/closed/signup", { _csrf: csrfOf(login.text), ...person() });
    expect(post.status).toBe(404);
    expect(await usersOf(t, closed)).toEqual([]);
  });
});

describe("when sign-up is on", () => {
  test('the login page says "Don\'t have an account? Create one now!" with a link to the form', async () => {
    const page = await request(t.app).get("/o/acme/login").expect(200);
    expect(page.text).toMatch(/Don&#39;t have an account\? <a href="\/o\/acme\/signup">Create one now!<\/a>/);
  });

  test("the form: a label for every control, CSRF, a hidden honeypot, no inline script or style", async () => {
    const page = await new Browser(t).get("/o/acme/signup");
    expect(page.status).toBe(200);
    expect(titleOf(page.text)).toBe("Create your account");
    for (const id of ["firstName", "lastName", "email", "language", "website"])
      expect(page.text).toContain(`<label for="${id}">`);
    expect(control(page.text, "email")).toContain('autocomplete="email"');
    expect(page.text).toContain('<div class="hp">');
    expect(csrfOf(page.text).length).toBeGreaterThan(20);
    expect(page.text).not.toMatch(/<script|style=/i);
    // Without SMS in the organisation's package, only email sign-up is offered.
    expect(page.text).not.toContain('name="method"');
    expect(page.text).not.toContain('id="departmentId"');
  });

  test("without the CSRF field the form is refused (403) and nothing is created", async () => {
    const before = (await usersOf(t, acme)).length;
    const res = await new Browser(t).post("/o/acme/signup", person());
    expect(res.status).toBe(403);
    expect((await usersOf(t, acme)).length).toBe(before);
  });

  test("an empty form: 422, a message next to each field, aria-invalid, nothing created", async () => {
    const before = (await usersOf(t, acme)).length;
    const res = await signUp(new Browser(t), "acme", {
      firstName: "",
      lastName: "",
      email: "",
      language: "",
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, "firstName")).toBe("Enter your first name");
    expect(fieldError(res.text, "lastName")).toBe("Enter your last name");
    expect(fieldError(res.text, "email")).toBe("Enter your email address");
    expect(fieldError(res.text, "language")).toBe("Choose a language from the list");
    expect(control(res.text, "email")).toContain('aria-invalid="true"');
    expect(control(res.text, "email")).toContain('aria-describedby="email-hint email-error"');
    expect(res.text).toMatch(/role="alert"[\s\S]*<a href="#firstName">Enter your first name<\/a>/);
    expect((await usersOf(t, acme)).length).toBe(before);
  });

  test("values are kept on error, and only the refused field is marked", async () => {
    const res = await signUp(
      new Browser(t),
      "acme",
      person({ email: "sam.example.com", firstName: "Ünïcode" }),
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, "email")).toBe(
      "Enter an email address in the right format, like name@example.com",
    );
    expect(control(res.text, "email")).toContain('value="sam.example.com"');
    expect(control(res.text, "firstName")).toContain('value="Ünïcode"');
    expect(control(res.text, "firstName")).not.toContain("aria-invalid");
    expect(fieldError(res.text, "firstName")).toBeUndefined();
  });

  test("messages are in Danish on a Danish page", async () => {
    const browser = new Browser(t);
    await browser.get("/o/acme/signup?lang=da");
    const res = await signUp(browser, "acme", person({ firstName: "", email: "x" }));
    expect(res.text).toContain('<html lang="da">');
    expect(fieldError(res.text, "firstName")).toBe("Skriv dit fornavn");
    expect(fieldError(res.text, "email")).toMatch(/^Skriv en e-mailadresse i det rigtige format/);
  });

  test("a valid sign-up: the same 'check your messages' page, a pending signup user with the defaults, an activation email", async () => {
    const form = person({ language: "da" });
    const res = await signUp(new Browser(t), "acme", form);
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toBe("Check your messages");
    const user = (await usersOf(t, acme)).find((u) => u.email === form.email);
    expect(user).toMatchObject({ status: "pending", source: "signup", language: "da", passwordHash: null });
    const view = await acme.get(`/users/${user?.id}`).expect(200);
    expect(view.body.departments.map((d: { id: string }) => d.id)).toEqual([acme.org.defaultDepartmentId]);
    expect(view.body.jobProfile.id).toBe(acme.org.defaultJobProfileId);
    expect(view.body.permissionTypes.map((p: { id: string }) => p.id)).toEqual([
      acme.org.defaultPermissionTypeId,
    ]);
    expect(await latestLink(t, form.email as string, "activation")).toMatch(/^\/o\/acme\/activate\//);
    const [message] = await outboxMessages(t, { to: form.email, purpose: "activation" });
    expect(message?.subject).toBe("Aktivér din konto hos acme org");
  });

  test("the allowed email domains: another domain is refused with the list, nothing created", async () => {
    const org = await openOrg(t, "domains", { allowedEmailDomains: ["@Example.COM", "corp.example"] });
    const res = await signUp(new Browser(t), "domains", person({ email: "sam@gmail.com" }));
    expect(res.status).toBe(422);
    expect(fieldError(res.text, "email")).toBe(
      "Sign-up is only open to email addresses ending in @corp.example, @example.com",
    );
    expect(await usersOf(t, org)).toEqual([]);
    expect((await signUp(new Browser(t), "domains", person({ email: "sam@corp.example" }))).status).toBe(200);
  });
});

describe("the language switch", () => {
  test("links are only a query (?lang=), keep an inside next, and ?lang= is remembered in a cookie", async () => {
    const browser = new Browser(t);
    const login = await browser.get("/o/acme/login?next=%2Fo%2Facme%2Faccount");
    expect(login.text).toMatch(/<nav class="langs" aria-label="Choose language">/);
    expect(login.text).toContain('href="?next=%2Fo%2Facme%2Faccount&amp;lang=da"');
    const outside = await browser.get("/o/acme/login?next=https%3A%2F%2Fevil.example");
    expect(outside.text).toContain('href="?lang=da"');
    const danish = await browser.get("/o/acme/login?lang=da");
    expect(danish.text).toContain('<html lang="da">');
    expect(browser.cookies.get("admit_lang")).toBe("da");
    expect(titleOf((await browser.get("/o/acme/signup")).text)).toBe("Opret din konto");
    // A language the organisation does not offer is not taken.
    await createTestOrg(t, "english", ["en"]);
    const english = await new Browser(t).get("/o/english/login?lang=da");
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).not.toContain('class="langs"');
  });
});

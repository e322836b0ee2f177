import type { Browser, Page } from "playwright-core";
import {
  describeBrowser,
  launchChromium,
  linkIn,
  newContext,
  signupOrg,
  startLiveApp,
  type LiveApp,
} from "./support";

/**
 * Self sign-up in a real browser (Debian chromium) against the real app on a real port: the
 * activation email read from a real SMTP server, the SMS from a fake Twilio.
 */
const PASSWORD = "correct horse battery staple";
/** The page's document, seen from a test compiled without the DOM library. */
type Focus = { document: { activeElement: { id: string } | null } };
let live: LiveApp;
let browser: Browser;
let page: Page;

describeBrowser("self sign-up in a browser", () => {
  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveApp(), launchChromium()]);
    await signupOrg(live, "acme", "Acme Care", true);
    await live.services.directory.organisations.create({ slug: "closed", name: "Closed Corp" });
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });
  beforeEach(async () => {
    page = await (await newContext(browser)).newPage();
  });
  afterEach(async () => page?.context().close());

  /** Chooses a password on an activation page and lands on the account page. */
  async function activate(link: string) {
    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Repeat the new password").fill(PASSWORD);
    await page.getByRole("button", { name: "Activate my account" }).click();
    await page.waitForURL(/\/o\/acme\/account$/);
    await page.getByRole("heading", { name: "Your account" }).waitFor();
  }

  async function signOutAndIn(identifier: string) {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/o\/acme\/login$/);
    await page.getByLabel("Email or username").fill(identifier);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/o\/acme\/account$/);
  }

  test("email: sign up → activation email → set password → account → sign out → sign in with the email", async () => {
    const email = `erin.${Date.now()}@example.com`;
    await page.goto(`${live.url}/o/acme/login`);
    await page.getByRole("link", { name: "Create one now!" }).click();
    await page.waitForURL(/\/o\/acme\/signup$/);
    await page.getByLabel("First name", { exact: true }).fill("Erin");
    await page.getByLabel("Last name", { exact: true }).fill("Email");
    await page.getByLabel("With my email address").check();
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your messages" }).waitFor();

    const mail = await live.smtp.waitFor((m) => m.envelope.to.includes(email));
    expect(mail.subject).toBe("Activate your Acme Care account");
    await activate(linkIn(mail.text, "activate"));
    expect(await page.locator("main").innerText()).toContain(email);
    await signOutAndIn(email);
  });

  test("username + phone: sign up → SMS → activate → sign in with the username", async () => {
    const userName = `sam${Date.now() % 100000}`;
    await page.goto(`${live.url}/o/acme/signup`);
    await page.getByLabel("First name", { exact: true }).fill("Sam");
    await page.getByLabel("Last name", { exact: true }).fill("Sms");
    await page.getByLabel("With a username and my mobile number").check();
    // The email field is hidden once username + phone is chosen (CSS only, no script).
    await page.getByLabel("Email address", { exact: true }).waitFor({ state: "hidden" });
    await page.getByLabel("Username", { exact: true }).fill(userName);
    await page.getByLabel("Mobile number", { exact: true }).fill("+45 20 55 12 34");
    await page.getByLabel("Language", { exact: true }).selectOption("en");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your messages" }).waitFor();

    const sms = await live.sms.waitFor((r) => r.to === "+4520551234");
    expect(sms.text).toContain("Acme Care: activate your account");
    await activate(linkIn(sms.text, "activate"));
    await signOutAndIn(userName);
  });

  test("validation errors are shown in place, values kept, the summary links to the fields", async () => {
    await page.goto(`${live.url}/o/acme/signup`);
    await page.getByLabel("Last name", { exact: true }).fill("Kept");
    await page.getByLabel("Email address", { exact: true }).fill("not-an-email");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    const firstName = page.getByLabel("First name", { exact: true });
    expect(await firstName.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#firstName-error").innerText()).toContain("Enter your first name");
    expect(await page.locator("#email-error").innerText()).toContain("like name@example.com");
    expect(await page.getByLabel("Last name", { exact: true }).inputValue()).toBe("Kept");
    expect(await page.getByLabel("Email address", { exact: true }).inputValue()).toBe("not-an-email");
    await page.getByRole("link", { name: "Enter your first name" }).click();
    expect(await page.evaluate(() => (globalThis as unknown as Focus).document.activeElement?.id)).toBe(
      "firstName",
    );
  });

  test("the language switch turns the pages Danish, and they stay Danish", async () => {
    await page.goto(`${live.url}/o/acme/login`);
    await page
      .getByRole("navigation", { name: "Choose language" })
      .getByRole("link", { name: "Dansk" })
      .click();
    await page.getByRole("heading", { name: "Log ind" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("da");
    await page.getByRole("link", { name: "Opret en nu!" }).click();
    await page.getByRole("heading", { name: "Opret din konto" }).waitFor();
    expect(page.url()).not.toContain("lang=");
    await page.getByRole("button", { name: "Opret konto" }).click();
    expect(await page.locator("#firstName-error").innerText()).toContain("Skriv dit fornavn");
  });

  test("sign-up off: no link on the login page, and the form is not there", async () => {
    await page.goto(`${live.url}/o/closed/login`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.getByRole("link", { name: "Create one now!" }).count()).toBe(0);
    const res = await page.goto(`${live.url}/o/closed/signup`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Back to sign in" }).waitFor();
  });
});

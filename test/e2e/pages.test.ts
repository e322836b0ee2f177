import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { hashPassword } from "../../src/auth";
import type { Organisation } from "../../src/directory";
import {
  DESKTOP,
  describeBrowser,
  launchChromium,
  linkIn,
  newContext,
  PHONE,
  screenshotDir,
  seriousViolations,
  signupOrg,
  startLiveApp,
  submitLogin,
  type LiveApp,
} from "./support";

/**
 * Every employee-facing page passes axe-core with no serious or critical violation, and is
 * photographed at phone and desktop width into artifacts/screenshots/ (not committed) for a
 * human to look at.
 */
const PASSWORD = "a-long-and-unusual-passphrase";
let live: LiveApp;
let browser: Browser;
let page: Page;
let org: Organisation;
let activationLink: string;

/** axe at desktop width, then a screenshot at each width. */
async function check(name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(screenshotDir(), `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

describeBrowser("the pages: accessibility (axe-core) and screenshots", () => {
  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveApp(), launchChromium()]);
    org = await signupOrg(live, "acme", "Acme Care", true);
    const { directory, signup, activation } = live.services;
    const north = await directory.departments.create(org.id, { name: "North Clinic" });
    const south = await directory.departments.create(org.id, { name: "South Clinic" });
    await signup.settings.update(org.id, {
      userSelectsDepartment: true,
      selectableDepartmentIds: [north.id, south.id],
    });
    const base = {
      language: "en",
      jobProfileId: org.defaultJobProfileId as string,
      departmentIds: [north.id],
      permissionTypeIds: [org.defaultPermissionTypeId as string],
    };
    await directory.users.create(
      org.id,
      { ...base, firstName: "Ada", lastName: "Active", email: "ada@acme.example", phone: "+45 20 12 34 56" },
      { source: "manual", status: "active", passwordHash: await hashPassword(PASSWORD) },
    );
    const pending = await directory.users.create(
      org.id,
      { ...base, firstName: "Pia", lastName: "Pending", email: "pia@acme.example" },
      { source: "manual" },
    );
    // SMS is on for this organisation, but Pia has no phone: her link comes by email.
    await activation.send(org.id, pending.id);
    activationLink = linkIn(
      (await live.smtp.waitFor((m) => m.envelope.to.includes("pia@acme.example"))).text,
      "activate",
    );
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });
  beforeEach(async () => {
    // bypassCSP only so that axe can be injected: the pages themselves never need a script.
    page = await (await newContext(browser, { bypassCSP: true })).newPage();
  });
  afterEach(async () => page?.context().close());

  test("login, with its sign-up link", async () => {
    await page.goto(`${live.url}/o/acme/login`);
    await check("login");
  });

  test("sign-up, empty and with errors in place", async () => {
    await page.goto(`${live.url}/o/acme/signup`);
    await check("signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await check("signup-errors");
  });

  test("sign-up done, in Danish", async () => {
    await page.goto(`${live.url}/o/acme/signup?lang=da`);
    await page.getByLabel("Fornavn").fill("Dorte");
    await page.getByLabel("Efternavn").fill("Dansk");
    await page.getByLabel("E-mailadresse", { exact: true }).fill(`dorte.${Date.now()}@example.com`);
    await page.getByLabel("Afdeling").selectOption({ label: "South Clinic" });
    await page.getByRole("button", { name: "Opret konto" }).click();
    await page.getByRole("heading", { name: "Tjek dine beskeder" }).waitFor();
    await check("signup-sent-da");
  });

  test("activation (set password)", async () => {
    await page.goto(activationLink);
    await page.getByRole("heading", { name: "Activate your account" }).waitFor();
    await check("activate");
  });

  test("account, after signing in", async () => {
    await page.goto(`${live.url}/o/acme/login`);
    await submitLogin(page, "ada@acme.example", PASSWORD);
    await page.waitForURL(/\/o\/acme\/account$/);
    await check("account");
  });

  test("forgot password, and a friendly error page", async () => {
    await page.goto(`${live.url}/o/acme/forgot`);
    await check("forgot");
    await page.goto(`${live.url}/o/acme/no-such-page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await check("error-404");
  });
});

import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import {
  DESKTOP,
  PHONE,
  describeBrowser,
  newContext,
  screenshotDir,
  seriousViolations,
  startConsole,
  submitLogin,
  type LiveApp,
} from "./support";

/**
 * The console's navigation on a phone and on a desktop, in a real browser: on a phone it is one
 * "Menu" toggle (a <details>, no JavaScript) that opens with the keyboard; on a desktop the
 * sections are shown and the toggle is not. Both pass axe-core (whole page) with no serious or
 * critical violation; screenshots go to artifacts/screenshots/polish-*.png.
 */
const PASSWORD = "a-long-and-unusual-passphrase";
let live: LiveApp;
let browser: Browser;
let page: Page;

const navLink = (name: string) => page.locator(".console-nav").getByRole("link", { name, exact: true });

describeBrowser("the console's navigation on a phone and a desktop", () => {
  beforeAll(async () => {
    ({ live, browser } = await startConsole(PASSWORD));
    // axe-core is injected as a script: the test context bypasses the CSP (the app still sends it).
    const context = await newContext(browser, { bypassCSP: true });
    page = await context.newPage();
    await page.goto(`${live.url}/o/acme/login?next=/o/acme/admin/users`);
    await submitLogin(page, "ada@acme.example", PASSWORD);
    await page.waitForURL(/\/o\/acme\/admin\/users$/);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test("390px: one Menu toggle with the open section; the keyboard opens it; axe passes", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${live.url}/o/acme/admin/users`);
    const toggle = page.locator(".console-nav summary");
    expect(await toggle.isVisible()).toBe(true);
    expect((await toggle.textContent())?.replace(/\s+/g, " ").trim()).toBe("Menu · , Users");
    expect(await navLink("Departments").isVisible()).toBe(false);
    // The navigation no longer pushes the page down: one row, not ~270px.
    const closed = await page.locator(".console-nav").boundingBox();
    expect(closed?.height).toBeLessThan(80);
    const heading = await page.locator("main h1").boundingBox();
    expect(heading?.y).toBeLessThan(220);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir(), "polish-nav-phone-closed.png") });

    // Keyboard: the toggle is reachable and Enter opens it (a real button role for screen readers).
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await page.locator(".console-nav details").getAttribute("open")).toBe("");
    expect(await navLink("Departments").isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir(), "polish-nav-phone-open.png") });
    await navLink("Departments").click();
    await page.waitForURL(/\/admin\/departments$/);
    // The next page starts folded again, naming the section now open.
    expect(await navLink("Users").isVisible()).toBe(false);
    expect(await toggle.textContent()).toContain("Departments");
  });

  test("1280px: the sections are shown, the toggle is not, and Tab reaches the links; axe passes", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${live.url}/o/acme/admin/users`);
    expect(await page.locator(".console-nav summary").isVisible()).toBe(false);
    for (const name of ["Users", "Departments", "Sign-up", "Audit log"])
      expect([name, await navLink(name).isVisible()]).toEqual([name, true]);
    // Shown is not enough: it must take the keyboard's focus (not hidden content).
    await navLink("Departments").focus();
    const focusable = await navLink("Departments").evaluate(
      (a) => (a.ownerDocument as unknown as { activeElement: unknown }).activeElement === a,
    );
    expect(focusable).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir(), "polish-nav-desktop.png") });
    await navLink("Departments").click();
    await page.waitForURL(/\/admin\/departments$/);
  });
});

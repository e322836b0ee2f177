import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Organisation } from "../../src/directory";
import { row, xlsxBuffer } from "../support/xlsx";
import {
  DESKTOP,
  describeBrowser,
  newContext,
  screenshotDir,
  seriousViolations,
  startConsole,
  submitLogin,
  type LiveApp,
} from "./support";

/**
 * The administration console in a real browser against the real app (real SMTP capture, the
 * in-process outbox worker): sign in as an administrator, create a department, create a user by
 * hand, send the activation and see it delivered, import an Excel file and read its report.
 * Each page passes axe-core with no serious or critical violation; the users list is
 * photographed at desktop width into artifacts/screenshots/.
 */
const PASSWORD = "a-long-and-unusual-passphrase";
let live: LiveApp;
let browser: Browser;
let page: Page;
let org: Organisation;

async function accessible(name: string): Promise<void> {
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}

describeBrowser("the administration console in a browser", () => {
  beforeAll(async () => {
    ({ live, browser, org } = await startConsole(PASSWORD));
    const { directory } = live.services;
    // A few colleagues so the list looks like a list.
    const people = [
      ["Bo", "Berg", "bo.berg@acme.example"],
      ["Carla", "Christensen", "carla@acme.example"],
      ["Dan", "Dahl", "dan@acme.example"],
      ["Eva", "Eriksen", "eva@acme.example"],
    ];
    for (const [firstName, lastName, email] of people) {
      await directory.users.create(
        org.id,
        {
          firstName,
          lastName,
          email,
          language: "da",
          jobProfileId: org.defaultJobProfileId ?? "",
          departmentIds: [org.defaultDepartmentId ?? ""],
          permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
        },
        { source: "scim" },
      );
    }
    // axe-core is injected as a script: the test context bypasses the CSP (the app still sends it).
    const context = await newContext(browser, { bypassCSP: true });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test("a signed-out visitor is sent to the login page and comes back to the console", async () => {
    await page.goto(`${live.url}/o/acme/admin/users`);
    expect(new URL(page.url()).pathname).toBe("/o/acme/login");
    await submitLogin(page, "ada@acme.example", PASSWORD);
    await page.waitForURL(/\/o\/acme\/admin\/users$/);
    expect(await page.locator("h1").textContent()).toBe("Users");
    expect(await page.locator('.console-nav a[aria-current="page"]').textContent()).toContain("Users");
    await accessible("console-users");
  });

  test("create a department", async () => {
    await page.getByRole("link", { name: "Departments" }).click();
    await page.getByLabel("Name of the new entry").fill("Night shift");
    await page.getByRole("button", { name: "Add" }).click();
    expect(await page.getByRole("status").textContent()).toContain("“Night shift” was added.");
    expect(await page.locator("table.data").textContent()).toContain("Night shift");
    await accessible("console-departments");
  });

  test("create a user by hand: errors inline first, then the user", async () => {
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByRole("link", { name: "New user" }).click();
    await page.getByLabel("First name").fill("Mia");
    // No last name: the directory's rule answers, next to the field and in the summary.
    await page.getByRole("button", { name: "Create" }).click();
    const summary = page.getByRole("alert");
    expect(await summary.textContent()).toContain("Last name");
    expect(await page.locator("#f-lastName").getAttribute("aria-invalid")).toBe("true");
    await accessible("console-user-form-errors");
    await page.screenshot({
      path: join(screenshotDir(), "console-user-form-errors-desktop.png"),
      fullPage: true,
    });
    // The summary links to the field.
    await summary.getByRole("link").first().click();
    await page.getByLabel("Last name").fill("Madsen");
    await page.getByLabel("Email").fill("mia@acme.example");
    await page.getByLabel("Night shift").check();
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await page.locator("h1").textContent()).toBe("Mia Madsen");
    expect(await page.getByRole("status").textContent()).toContain("The user was created.");
    expect(await page.locator("dl.facts").first().textContent()).toContain("Night shift");
  });

  test("send the activation: delivered through SMTP, and the user page says so", async () => {
    await page.getByRole("button", { name: /^(Send|Resend) activation$/ }).click();
    expect(await page.getByRole("status").textContent()).toContain("The activation message is on its way.");
    const mail = await live.smtp.waitFor((m) => m.envelope.to.includes("mia@acme.example"));
    expect(mail.text).toMatch(/\/o\/acme\/activate\//);
    // The outbox worker marks it sent; the page shows the delivery. The status badge, not the
    // text: the table's "Sent" column header is always there (this loop used to wait for a
    // lowercase "sent" that the polished page never shows, and so always ran to its end).
    const sentBadge = page.locator("section[aria-labelledby=deliveries] td .badge-ok");
    for (let i = 0; i < 50 && !(await sentBadge.count()); i++) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    expect(await sentBadge.first().textContent()).toBe("Sent");
    const deliveries = await page.locator("section[aria-labelledby=deliveries] table").textContent();
    // In words (console polish): "Activation", not the internal "activation".
    expect(deliveries).toContain("Activation");
    await accessible("console-user");
    await page.screenshot({ path: join(screenshotDir(), "console-user-desktop.png"), fullPage: true });
  }, 30_000);

  test("import users: upload, read the check, apply, read the report", async () => {
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.locator("details.menu > summary").click();
    await page.getByRole("link", { name: "Import users" }).click();
    const file = await xlsxBuffer({
      rows: [
        row({
          firstName: "Nora",
          lastName: "Nielsen",
          email: "nora@acme.example",
          language: "da",
          jobProfile: "Default Job Profile",
          departments: "Night shift",
          permissionTypes: "Learner",
        }),
        row({ firstName: "Otto", lastName: "", email: "otto@acme.example", language: "en" }),
      ],
    });
    const dir = join(tmpdir(), `console-e2e-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "new-people.xlsx");
    writeFileSync(path, file);
    await page.getByLabel("Excel file (.xlsx)").setInputFiles(path);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.waitForURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
    // The page refreshes itself while the check runs.
    await page.getByRole("button", { name: "Import these users" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("h1").textContent()).toContain("new-people.xlsx");
    const counts = await page.locator("dl.counts").textContent();
    expect(counts).toMatch(/Ready\s*1/);
    expect(counts).toMatch(/With errors\s*1/);
    expect(await page.locator("table.data").textContent()).toMatch(/3\s*Error/);
    // Row 3 (Otto) has no last name: the import's own message, with its column.
    expect(await page.locator("table.data tbody").textContent()).toMatch(/Last name.*required/i);
    expect(await page.getByRole("status").first().textContent()).toContain("Nothing has been imported yet");
    await accessible("console-import-check");
    await page.screenshot({
      path: join(screenshotDir(), "console-import-check-desktop.png"),
      fullPage: true,
    });
    await page.getByRole("button", { name: "Import these users" }).click();
    await page.waitForURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
    await page.getByRole("link", { name: "Download the report" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("dl.counts").textContent()).toMatch(/Created\s*1/);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the report" }).click();
    const report = await download;
    expect(report.suggestedFilename()).toMatch(/^import-report-.*\.xlsx$/);
    // Nora is in the list now.
    await page.goto(`${live.url}/o/acme/admin/users?q=nora`);
    expect(await page.locator("table.data tbody").textContent()).toContain("Nora Nielsen");
  });

  test("the users list at desktop width (screenshot)", async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${live.url}/o/acme/admin/users`);
    await page.screenshot({ path: join(screenshotDir(), "console-users-desktop.png"), fullPage: true });
    await page.goto(`${live.url}/o/acme/admin/audit`);
    expect(await page.locator("table.data").textContent()).toContain("user.send_activation");
    await accessible("console-audit");
    await page.screenshot({ path: join(screenshotDir(), "console-audit-desktop.png"), fullPage: true });
  });
});

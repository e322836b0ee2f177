import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Organisation } from "../../src/directory";
import { idpMetadataXml } from "../support/saml-idp";
import {
  DESKTOP,
  PHONE,
  describeBrowser,
  screenshotDir,
  seriousViolations,
  startConsole,
  submitLogin,
  type LiveApp,
} from "./support";

/**
 * The review of the whole console in a real browser: EVERY console page at laptop (1280px) and
 * phone (390px) width passes axe-core on the whole page (header and navigation included, not only
 * `main`), nothing but a table's own scroll container is wider than the screen, and each page is
 * photographed into artifacts/screenshots/review-*.png. The destructive actions ask first, without
 * JavaScript.
 */
const PASSWORD = "a-long-and-unusual-passphrase";
let live: LiveApp;
let browser: Browser;
let org: Organisation;
const ids: Record<string, string> = {};

async function signedInContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  // axe-core is injected as a script: the test context bypasses the CSP (the app still sends it).
  const context = await browser.newContext({ viewport, locale: "en-GB", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${live.url}/o/acme/login`);
  await submitLogin(page, "ada@acme.example", PASSWORD);
  await page.waitForURL(/\/o\/acme\/(account|admin)/);
  await page.close();
  return context;
}

/**
 * Elements wider than the viewport that are not inside a horizontal scroll container. Browser code
 * as a string: the test project is compiled without the DOM's types.
 */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scroller = el.parentElement;
    let contained = false;
    while (scroller && scroller !== document.body) {
      const style = getComputedStyle(scroller);
      if (["auto", "scroll", "hidden"].includes(style.overflowX) && scroller.getBoundingClientRect().right <= width + 1) {
        contained = true;
        break;
      }
      scroller = scroller.parentElement;
    }
    if (!contained) found.push(el.tagName.toLowerCase() + "." + el.className + " (" + Math.round(box.right) + "px)");
  }
  // What actually widens the page (e.g. an absolutely positioned element escaping its scroller).
  if (document.documentElement.scrollWidth > width) found.push("page scrollWidth " + document.documentElement.scrollWidth);
  return found.slice(0, 5);
})()`;

async function overflowing(page: Page): Promise<string[]> {
  return (await page.evaluate(OVERFLOWING)) as string[];
}

const pages = (): Array<[string, string]> => [
  ["users", "users"],
  ["users-filtered", `users?status=active&q=a`],
  ["user-new", "users/new"],
  ["user", `users/${ids.user}`],
  ["user-edit", `users/${ids.user}/edit`],
  ["import", "users/import"],
  ["departments", "departments"],
  ["department", `departments/${org.defaultDepartmentId ?? ""}`],
  ["job-profiles", "job-profiles"],
  ["permission-types", "permission-types"],
  ["communication", "communication"],
  ["template", "communication/templates/activation/en"],
  ["signup", "signup"],
  ["sso", "sso"],
  ["sso-new-saml", "sso/new/saml"],
  ["sso-new-oidc", "sso/new/oidc"],
  ["sso-connection", `sso/${ids.sso}`],
  ["scim", "scim"],
  ["scim-mapping", "scim/mapping"],
  ["scim-log", "scim/log"],
  ["audit", "audit"],
  ["audit-provisioning", "audit/provisioning"],
];

describeBrowser("the whole console, reviewed at laptop and phone width", () => {
  beforeAll(async () => {
    const setup = await startConsole(PASSWORD, "Acme Care Services");
    ({ live, browser, org } = setup);
    const ada = setup.admin;
    const { directory, sso, auth, audit } = live.services;
    const base = {
      language: "en",
      jobProfileId: org.defaultJobProfileId ?? "",
      departmentIds: [org.defaultDepartmentId ?? ""],
    };
    for (const [firstName, lastName] of [
      ["Bartholomew", "Vandersteen-Christiansen"],
      ["Carla", "Christensen"],
      ["Dan", "Dahl"],
    ] as const) {
      const user = await directory.users.create(
        org.id,
        {
          ...base,
          firstName,
          lastName,
          email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@long-department-name.acme.example`,
          permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
        },
        { source: "scim" },
      );
      ids.user ??= user.id;
    }
    const { connection } = await sso.connections.create(org.id, {
      name: "Acme Entra ID",
      kind: "saml",
      enabled: true,
      metadataXml: idpMetadataXml(),
      emailDomains: ["acme.example"],
    } as never);
    ids.sso = connection.id;
    await auth.tokens.issue(org.id, "scim", "Entra provisioning");
    await audit.record(org.id, {
      actor: { kind: "user", id: ada.id, label: "Ada Admin (ada@acme.example)" },
      action: "department.create",
      target: { type: "department", id: null, label: "Night shift" },
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test("deactivate asks first: a plain confirmation page (no JavaScript), Cancel changes nothing, Yes deactivates", async () => {
    const context = await signedInContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${live.url}/o/acme/admin/users/${ids.user}`);
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page
      .getByRole("heading", { name: /^Deactivate Bartholomew Vandersteen-Christiansen\?$/ })
      .waitFor();
    await page.screenshot({
      path: join(screenshotDir(), "review-confirm-deactivate-phone.png"),
      fullPage: true,
    });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.waitForURL(new RegExp(`/admin/users/${ids.user}$`));
    expect((await live.services.directory.users.get(org.id, ids.user ?? "")).status).not.toBe("deactivated");
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("button", { name: "Yes, deactivate" }).click();
    await page.waitForURL(new RegExp(`/admin/users/${ids.user}$`));
    expect(await page.getByRole("status").textContent()).toContain("deactivated");
    expect((await live.services.directory.users.get(org.id, ids.user ?? "")).status).toBe("deactivated");
    await context.close();
  }, 60_000);

  test.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "every page at %s width: whole-page axe passes, nothing overflows the screen, screenshot taken",
    async (name, viewport) => {
      const context = await signedInContext(viewport);
      const page = await context.newPage();
      const problems: Array<{ page: string; violations: string[]; overflow: string[] }> = [];
      for (const [label, path] of pages()) {
        const res = await page.goto(`${live.url}/o/acme/admin/${path}`);
        expect({ label, status: res?.status() }).toEqual({ label, status: 200 });
        await page.screenshot({ path: join(screenshotDir(), `review-${label}-${name}.png`), fullPage: true });
        const violations = await seriousViolations(page);
        const overflow = await overflowing(page);
        if (violations.length || overflow.length) problems.push({ page: label, violations, overflow });
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    180_000,
  );
});

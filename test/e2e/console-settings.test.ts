import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Organisation } from "../../src/directory";
import { IDP_SSO_URL, idpMetadataXml } from "../support/saml-idp";
import {
  describeBrowser,
  newContext,
  screenshotDir,
  seriousViolations,
  startConsole,
  submitLogin,
  type LiveApp,
} from "./support";

/**
 * The console's settings sections in a real browser (Debian chromium, the real CSP) against the
 * real app: a SCIM token made in the console and used by a real SCIM request, which then shows
 * in the provisioning log; a communication setting changed in the console and its effect on the
 * next user (the activation email in a real SMTP server); the mapping dry run on a pasted payload.
 */
const PASSWORD = "an-admin-passphrase-for-tests";
let live: LiveApp;
let browser: Browser;
let page: Page;
let org: Organisation;

const scimUser = (userName: string, department = "Cardiology") => ({
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  ],
  userName,
  active: true,
  name: { givenName: "Sam", familyName: "Scim" },
  emails: [{ primary: true, type: "work", value: userName }],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department },
});

async function scimPost(token: string, body: unknown): Promise<Response> {
  return fetch(`${live.url}/scim/v2/Users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
    body: JSON.stringify(body),
  });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `console-${name}-desktop.png`), fullPage: true });
}

describeBrowser("console settings sections in a browser", () => {
  beforeAll(async () => {
    ({ live, browser, org } = await startConsole(PASSWORD));
    page = await (await newContext(browser)).newPage();
    await page.goto(`${live.url}/o/acme/admin/scim`);
    // Not signed in: the login page, which brings the admin back to the console afterwards.
    await page.waitForURL(/\/o\/acme\/login\?next=/);
    await submitLogin(page, "ada@acme.example", PASSWORD);
    await page.waitForURL(/\/o\/acme\/admin\/scim$/);
  });
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await live?.close();
  });

  test("SCIM: create a token in the console, use it in a real SCIM request, see the request in the provisioning log", async () => {
    expect(await page.getByRole("textbox", { name: "SCIM base URL" }).inputValue()).toBe(
      `${live.url}/scim/v2`,
    );
    await page.getByLabel("Name", { exact: true }).fill("Entra production");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("heading", { name: "Token created" }).waitFor();
    const token = await page.getByLabel("Token (secret)").inputValue();
    expect(token).toMatch(/^admit_scim_/);
    await shot("scim-token-created");

    const res = await scimPost(token, scimUser("sam@acme.example"));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };

    await page.getByRole("link", { name: "I have copied it" }).click();
    expect(await page.locator("main").innerText()).not.toContain(token);
    await page.getByRole("link", { name: "Provisioning log" }).click();
    const row = page.getByRole("row", { name: /POST \/scim\/v2\/Users/ });
    expect(await row.innerText()).toContain("201");
    await shot("scim-log");
    await row.getByRole("link").click();
    await page.waitForURL(/\/scim\/log\/[^/]+$/);
    expect(await page.locator("main").innerText()).toContain(created.id);
    expect(await page.locator("main").innerText()).toContain("Entra production");

    // The filter form narrows in the database: failures only → the 201 is gone.
    await page.goto(`${live.url}/o/acme/admin/scim/log`);
    await page.getByLabel("Result").selectOption("failure");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=failure/);
    expect(await page.getByRole("row", { name: /POST \/scim\/v2\/Users/ }).count()).toBe(0);
  });

  test("Communication: turning on automatic activation for SCIM users makes the next SCIM user get the email", async () => {
    const token = (await live.services.auth.tokens.issue(org.id, "scim", "second")).secret;
    expect((await scimPost(token, scimUser("before@acme.example"))).status).toBe(201);

    await page.goto(`${live.url}/o/acme/admin/communication`);
    const scimBox = page.getByLabel("SCIM provisioning (your identity provider)");
    expect(await scimBox.isChecked()).toBe(false);
    await scimBox.check();
    await page.getByLabel("Sender name").fill("Acme Training");
    // A bad value first: the inline error, and nothing saved.
    await page.getByLabel("Activation link lifetime").fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#f-linkLifetimeHours-error").waitFor();
    expect((await live.services.activation.settings.get(org.id)).autoSend.scim).toBe(false);
    await page.getByLabel("Activation link lifetime").fill("72");
    await page.getByRole("button", { name: "Save" }).click();
    expect(await page.getByRole("status").innerText()).toContain("saved");
    await shot("communication");

    expect((await scimPost(token, scimUser("after@acme.example"))).status).toBe(201);
    const mail = await live.smtp.waitFor((m) => m.envelope.to.includes("after@acme.example"));
    expect(mail.from).toContain("Acme Training");
    expect(mail.text).toContain("/o/acme/activate/");
    // The user created before the change got nothing.
    expect(live.smtp.messages.some((m) => m.envelope.to.includes("before@acme.example"))).toBe(false);
  });

  test("Mapping: add a rule, paste a sample payload in the dry run, see the assignment and the rule that decided", async () => {
    await page.goto(`${live.url}/o/acme/admin/scim/mapping`);
    await page.getByLabel("Assigns").selectOption("department");
    await page.getByLabel("Read from").selectOption("attribute");
    await page.getByLabel("Attribute", { exact: true }).fill("enterprise.department");
    await page.getByLabel("Value map").fill("Cardio = Cardiology");
    await page.getByLabel("When the value names nothing").selectOption("create");
    await page.getByRole("button", { name: "Add rule" }).click();
    expect(await page.getByRole("status").innerText()).toContain("rule is added");

    await page
      .getByLabel("SCIM user (JSON)")
      .fill(JSON.stringify(scimUser("dry@acme.example", "Cardio"), null, 2));
    await page.getByRole("button", { name: "Run dry run" }).click();
    const result = page.locator("#dry-run-result-panel");
    expect((await result.locator('dd[data-target="department"]').innerText()).trim()).toBe("Cardiology");
    expect(await result.getByRole("row", { name: /#0/ }).innerText()).toContain("Would be created");
    await shot("mapping-dry-run");
    // A dry run writes nothing.
    const departments = await live.services.directory.departments.list(org.id);
    expect(departments.map((d) => d.name)).not.toContain("Cardiology");
  });

  test("SSO: a SAML connection from pasted metadata; SP metadata download; Test login starts the real SP-initiated login in a new tab", async () => {
    await page.goto(`${live.url}/o/acme/admin/sso`);
    await page.getByRole("link", { name: "New SAML connection" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Acme IdP");
    await page.getByLabel("IdP metadata XML").fill(idpMetadataXml());
    await page.getByLabel("Create users on first login (just-in-time)").check();
    await page.getByRole("button", { name: "Create", exact: true }).click();
    expect(await page.getByRole("status").innerText()).toContain("connection is created");
    await shot("sso-connection");

    const href = (await page
      .getByRole("link", { name: "Download SP metadata" })
      .getAttribute("href")) as string;
    const metadata = await page.request.get(`${live.url}${href}`);
    expect(metadata.status()).toBe(200);
    expect(await metadata.text()).toContain("AssertionConsumerService");

    // The IdP is not reachable from here: answer its sign-in URL, and look at what reached it.
    await page
      .context()
      .route(`${IDP_SSO_URL}**`, (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<title>IdP</title>" }),
      );
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      page.getByRole("button", { name: "Test login" }).click(),
    ]);
    await popup.waitForURL((url) => url.href.startsWith(IDP_SSO_URL));
    expect(new URL(popup.url()).searchParams.get("SAMLRequest")).toBeTruthy();
    await popup.close();
  });

  // One test per section: axe on a whole page takes seconds on a slow CI machine, and eight of
  // them in one test outgrew its timeout there.
  describe("the sections have no serious or critical accessibility violations (axe-core)", () => {
    let checked: Page;
    beforeAll(async () => {
      // axe is injected as a script, which the real CSP forbids: a separate context without it.
      const context = await newContext(browser, { bypassCSP: true });
      await context.addCookies(await page.context().cookies());
      checked = await context.newPage();
    });
    afterAll(async () => {
      await checked?.context().close();
    });

    test.each([
      "communication",
      "communication/templates/activation/en",
      "signup",
      "sso",
      "sso/new/saml",
      "scim",
      "scim/mapping",
      "scim/log",
    ])("%s", async (path) => {
      await checked.goto(`${live.url}/o/acme/admin/${path}`);
      // The whole page: the header (sign-out, languages) and the navigation too.
      expect(await seriousViolations(checked)).toEqual([]);
      await checked.screenshot({
        path: join(screenshotDir(), `console-${path.replace(/\//g, "-")}-desktop.png`),
        fullPage: true,
      });
    });
  });
});

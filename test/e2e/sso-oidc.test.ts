import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { createTestApp, type TestApp } from "../support/app";
import { startOidcIdp, type OidcIdp } from "../support/oidc-idp";

/**
 * A browser clicks through an OIDC login (PRODUCT.md §2): Admit's login page → "Sign in with …" →
 * the IdP's own login and consent pages (oidc-provider) → back to Admit's account page. Headless
 * Debian Chromium through playwright-core (STACK.md: `npx playwright install` cannot download here).
 */

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const available = existsSync(CHROMIUM);
if (!available)
  console.log(`skipping the SSO browser test: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
const maybe = available ? describe : describe.skip;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

maybe("OIDC login in a real browser", () => {
  let t: TestApp;
  let server: Server;
  let idp: OidcIdp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ config: { publicUrl: base } });
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    idp = await startOidcIdp();
    const { directory, sso } = t.services;
    const org = await directory.organisations.create({
      slug: "acme",
      name: "Acme",
      defaultLanguage: "en",
      languages: ["en"],
    });
    const { connection } = await sso.connections.create(org.id, {
      kind: "oidc",
      name: "Acme Okta",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      jit: true,
    });
    idp.register([sso.login.urls(org, connection.id).callback]);
    idp.accounts.set("bianca", {
      email: "bianca@acme.example",
      email_verified: true,
      given_name: "Bianca",
      family_name: "Browser",
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  test("login page → Sign in with Acme Okta → IdP login and consent → account page", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/o/acme/login`);
    await page.getByRole("link", { name: "Sign in with Acme Okta" }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill("bianca");
    await page.locator('input[name="password"]').fill("any password");
    await page.locator('button[type="submit"]').click();
    // oidc-provider asks for consent on a first login; then the browser is sent back to Admit.
    const consent = page.locator('input[name="prompt"][value="consent"]');
    await Promise.race([
      page.waitForURL(`${base}/o/acme/account`).catch(() => undefined),
      consent.waitFor({ state: "attached" }).catch(() => undefined),
    ]);
    if (page.url().startsWith(idp.issuer)) await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${base}/o/acme/account`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("bianca@acme.example");
    expect(text).toContain("Bianca");
    const user = await t.services.directory.users.findByLogin(
      (await t.services.directory.organisations.getBySlug("acme")).id,
      "bianca@acme.example",
    );
    expect({ source: user?.source, status: user?.status }).toEqual({ source: "sso", status: "active" });
    await page.close();
  }, 60_000);
});

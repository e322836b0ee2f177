import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify, createRemoteJWKSet } from "jose";
import type { Browser } from "playwright-core";
import {
  authorization,
  createTestOrg,
  PASSWORD,
  passwordUser,
  startAdmit,
  type LiveAdmit,
} from "../integration/oidc-provider-support";
import { describeBrowser, launchChromium, newContext } from "./support";

/**
 * The learning platform's sign-in in a real browser (headless Chromium, Admit's strict CSP): the
 * platform sends the browser to Admit, the person types their password on the organisation's login
 * page, and the browser lands on the platform's callback with a code the platform redeems.
 */

describeBrowser("signing in to the platform through Admit in a real browser", () => {
  let admit: LiveAdmit;
  let browser: Browser;
  let platformServer: Server;
  let redirectUri: string;
  let lms: { clientId: string; secret: string };

  beforeAll(async () => {
    admit = await startAdmit();
    const acme = await createTestOrg(admit.t, "acme");
    await passwordUser(admit.t, acme.org, { email: "eva@acme.example", firstName: "Eva" });
    // The platform's callback: a page that says it got the answer.
    platformServer = createServer((_req, res) =>
      res.end("<!doctype html><title>LMS</title><h1>Signed in</h1>"),
    );
    await new Promise<void>((resolve) => platformServer.listen(0, "127.0.0.1", resolve));
    redirectUri = `http://127.0.0.1:${(platformServer.address() as AddressInfo).port}/callback`;
    const created = await admit.t.services.oidc.clients.create({
      name: "LMS",
      redirectUris: [redirectUri],
      organisationId: acme.org.id,
    });
    lms = { clientId: created.client.clientId, secret: created.secret as string };
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    platformServer?.close();
    await admit?.close();
  });

  test("password login on the Admit page, back to the platform with a code that yields a valid ID token", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const flow = await authorization(admit.issuer, lms, redirectUri);
    await page.goto(flow.url);
    expect(new URL(page.url()).pathname).toBe("/o/acme/login");
    await page.fill("#identifier", "eva@acme.example");
    await page.fill("#password", PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(redirectUri)),
      page.click("button[type=submit]"),
    ]);
    expect(await page.textContent("h1")).toBe("Signed in");

    const tokens = await flow.exchange(page.url());
    const { payload } = await jwtVerify(
      tokens.id_token as string,
      createRemoteJWKSet(new URL(`${admit.issuer}/jwks`)),
      { issuer: admit.issuer, audience: lms.clientId },
    );
    expect(payload).toMatchObject({ given_name: "Eva", email: "eva@acme.example", org_slug: "acme" });
    expect(violations).toEqual([]);
    await context.close();
  });
});

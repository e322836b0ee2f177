import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import axe from "axe-core";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildApp, createServices, type Services } from "../../src/app";
import { openDatabase } from "../../src/db";
import type { Organisation } from "../../src/directory";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { createActivePerson, testConfig } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { FakeSmsProvider } from "../support/sms";
import { SmtpCapture } from "../support/smtp";

/** Debian's chromium (installed by .ci/run); the tests skip, saying so, where it is missing. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const describeBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) console.log(`SKIPPED: the browser tests need ${CHROMIUM} (apt-get install chromium)`);

export const SCREENSHOTS = join(__dirname, "..", "..", "artifacts", "screenshots");
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The real app on 127.0.0.1 (a free port), on a fresh database, delivering through a real SMTP
 * server (mail captured) and a fake Twilio (SMS captured) with the in-process outbox worker.
 */
export interface LiveApp {
  url: string;
  services: Services;
  smtp: SmtpCapture;
  sms: FakeSmsProvider;
  close(): Promise<void>;
}

export async function startLiveApp(): Promise<LiveApp> {
  const smtp = await new SmtpCapture().start();
  const sms = await new FakeSmsProvider().start();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db: TestDatabase = await createTestDatabase();
  const config = testConfig(db.config, {
    publicUrl: url,
    notify: {
      smtp: { url: smtp.url, from: "Admit <no-reply@admit.test>", maxConnections: 1 },
      sms: sms.twilioConfig(),
      worker: "inprocess",
      maxAttempts: 3,
      pollMs: 200,
    },
  });
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  const services = createServices(config, dataSource, createLogger(config.logLevel));
  server.on("request", buildApp(services));
  services.notify.dispatcher.start();
  return {
    url,
    services,
    smtp,
    sms,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.notify.dispatcher.stop();
      await services.notify.close();
      await services.throttles.close();
      await services.scim.log.flush();
      await dataSource.destroy();
      await db.drop();
      await smtp.stop();
      await sms.stop();
    },
  };
}

/** An organisation (English and Danish) with self sign-up on, and SMS in its package if asked. */
export async function signupOrg(
  live: LiveApp,
  slug: string,
  name: string,
  sms = false,
): Promise<Organisation> {
  const { directory, signup, activation } = live.services;
  const org = await directory.organisations.create({
    slug,
    name,
    defaultLanguage: "en",
    languages: ["en", "da"],
  });
  await signup.settings.update(org.id, { enabled: true });
  if (sms) await activation.settings.update(org.id, { smsEnabled: true });
  return org;
}

/** The first link in a message body that leads to one of the app's pages. */
export function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+/${path}/[A-Za-z0-9_-]+`).exec(text);
  if (!match) throw new Error(`no /${path}/ link in: ${text}`);
  return match[0];
}

export function screenshotDir(): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return SCREENSHOTS;
}

export async function newContext(
  browser: Browser,
  options: { bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, locale: "en-GB", ...options });
}

/** An active administrator of the organisation (console access) who signs in with this password. */
export function createAdmin(
  live: LiveApp,
  org: Organisation,
  password: string,
  email = "ada@acme.example",
): ReturnType<typeof createActivePerson> {
  return createActivePerson(live.services, org, {
    email,
    password,
    consoleAccess: true,
    firstName: "Ada",
    lastName: "Admin",
  });
}

export interface ConsoleSetup {
  live: LiveApp;
  browser: Browser;
  org: Organisation;
  admin: Awaited<ReturnType<typeof createAdmin>>;
}

/**
 * The live app and chromium, started side by side, with the organisation "acme" (English and
 * Danish) and its administrator Ada (ada@acme.example), who signs in with `password`.
 */
export async function startConsole(password: string, name = "Acme Care"): Promise<ConsoleSetup> {
  const [live, browser] = await Promise.all([startLiveApp(), launchChromium()]);
  try {
    const org = await live.services.directory.organisations.create({
      slug: "acme",
      name,
      defaultLanguage: "en",
      languages: ["en", "da"],
    });
    return { live, browser, org, admin: await createAdmin(live, org, password) };
  } catch (error) {
    // The caller never gets them to close: close them here.
    await browser.close();
    await live.close();
    throw error;
  }
}

/** Fills the login form the page shows and submits it; the caller waits for where it leads. */
export async function submitLogin(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByLabel("Email or username").fill(identifier);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * The serious and critical axe-core violations of the whole page (header and navigation too). axe
 * is injected as a script, so the page's context must bypass the CSP (the app still sends it).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  // The test compiles without the DOM library: the page's globals are reached through globalThis.
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({ resultTypes: ["violations"] }),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

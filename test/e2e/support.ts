import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { buildApp, createServices, type Services } from "../../src/app";
import { openDatabase } from "../../src/db";
import type { Organisation } from "../../src/directory";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { testConfig } from "../support/app";
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

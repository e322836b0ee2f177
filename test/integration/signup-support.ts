import type { Config } from "../../src/config";
import { User } from "../../src/directory";
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";
import { apiPut, Browser } from "./activation-support";

export { Browser } from "./activation-support";

/** An app whose sign-up limits are the test's (no minimum answer time unless asked). */
export async function signupApp(
  limits: Config["signupLimits"] = {},
  config: Partial<Config> = {},
): Promise<TestApp> {
  return createTestApp({
    config: { trustProxy: true, signupLimits: { minimumAnswerMs: 0, ...limits }, ...config },
  });
}

/** An organisation with sign-up turned on (and any other sign-up or communication settings). */
export async function openOrg(
  t: TestApp,
  slug: string,
  settings: Record<string, unknown> = {},
  communication?: Record<string, unknown>,
): Promise<TestOrg> {
  const org = await createTestOrg(t, slug);
  await apiPut(t, org, "/signup", { enabled: true, ...settings }).expect(200);
  if (communication) await apiPut(t, org, "/communication", communication).expect(200);
  return org;
}

let n = 0;
/** A valid email sign-up, unique per call unless overridden. */
export function person(overrides: Record<string, string> = {}): Record<string, string> {
  n += 1;
  return {
    firstName: "Sam",
    lastName: "Signup",
    method: "email",
    email: `sam${n}.${process.pid}@example.com`,
    language: "en",
    ...overrides,
  };
}

/** A valid username + mobile sign-up (Danish mobile numbers, unique per call). */
export function texter(overrides: Record<string, string> = {}): Record<string, string> {
  n += 1;
  return {
    firstName: "Tex",
    lastName: "Ter",
    method: "username",
    userName: `tex${n}`,
    phone: `+45 20 ${String(100000 + n).slice(-6)}`,
    language: "en",
    ...overrides,
  };
}

/** GET the sign-up page, then POST the form with its CSRF token. */
export function signUp(browser: Browser, slug: string, form: Record<string, string>) {
  return browser.submit(`/o/${slug}/signup`, form);
}

const decode = (text: string) =>
  text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The error message shown next to a field (without the screen-reader "Error:" prefix). */
export function fieldError(html: string, id: string): string | undefined {
  const match = new RegExp(
    `<p class="field-error" id="${id}-error">[\\s\\S]*?</span>\\s*([^<]*?)\\s*</p>`,
  ).exec(html);
  return match?.[1] === undefined ? undefined : decode(match[1]);
}

/** The opening tag of a form control, by id. */
export function control(html: string, id: string): string {
  const match = new RegExp(`<(input|select)[^>]*\\sid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no control #${id}`);
  return match[0].replace(/\s+/g, " ");
}

export async function usersOf(t: TestApp, org: TestOrg): Promise<User[]> {
  return t.dataSource.getRepository(User).findBy({ organisationId: org.org.id });
}

/** The page with what differs between two browsers (CSRF values, request ids) blanked out. */
export const comparable = (html: string) =>
  html.replace(/value="[^"]{20,}"/g, 'value=""').replace(/<code>[^<]*<\/code>/g, "");

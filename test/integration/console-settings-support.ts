import type { Organisation } from "../../src/directory";
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";
import { Browser, csrfOf } from "./activation-support";
import { createMember, PASSWORD } from "./console-support";

// The same people and password as the other console tests (console-support.ts).
export { PASSWORD, textOf } from "./console-support";

/** An active user of the organisation with a password; `console` picks a permission type with or without console access. */
export function createPerson(
  t: TestApp,
  org: Organisation,
  email: string,
  console: boolean,
): Promise<string> {
  return createMember(t, org, email, console);
}

/** A browser signed in to the organisation's pages as that person. */
export async function signedIn(t: TestApp, slug: string, email: string): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(t);
  const res = await browser.submit(`/o/${slug}/login`, { identifier: email, password: PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return browser;
}

/** A browser that knows a console page's CSRF token and can post forms with or without it. */
export class ConsoleBrowser extends Browser {
  private csrf: string | undefined;

  /** The CSRF token of the console (read once from a console page). */
  async token(slug: string): Promise<string> {
    if (!this.csrf) this.csrf = csrfOf((await this.get(`/o/${slug}/admin/scim`)).text);
    return this.csrf;
  }

  /** Posts a console form with the session's CSRF token. */
  async send(slug: string, path: string, form: Record<string, string | string[]>) {
    return this.raw(path.startsWith("/o/") ? path : `/o/${slug}/admin${path}`, {
      _csrf: await this.token(slug),
      ...form,
    });
  }

  /** Posts exactly these fields (repeated names for lists, as a browser sends checkboxes). */
  async raw(path: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    // superagent sends a string body as is; the type stays application/x-www-form-urlencoded.
    return this.post(path, body.toString() as unknown as Record<string, string>);
  }
}

export interface ConsoleWorld {
  t: TestApp;
  acme: TestOrg;
  globex: TestOrg;
  /** Signed in as an administrator of acme / of globex, and as a learner of acme. */
  admin: ConsoleBrowser;
  globexAdmin: ConsoleBrowser;
  learner: ConsoleBrowser;
}

export async function consoleWorld(): Promise<ConsoleWorld> {
  const t = await createTestApp();
  const acme = await createTestOrg(t, "acme");
  const globex = await createTestOrg(t, "globex");
  await createPerson(t, acme.org, "ada@acme.example", true);
  await createPerson(t, acme.org, "lee@acme.example", false);
  await createPerson(t, globex.org, "gus@globex.example", true);
  return {
    t,
    acme,
    globex,
    admin: await signedIn(t, "acme", "ada@acme.example"),
    globexAdmin: await signedIn(t, "globex", "gus@globex.example"),
    learner: await signedIn(t, "acme", "lee@acme.example"),
  };
}

import request from "supertest";
import type { Organisation } from "../../src/directory";
import { createActivePerson, createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";
import { Browser, csrfOf } from "./activation-support";

export const PASSWORD = "correct horse battery staple";

/** An active person with a password; `consoleAccess` picks a permission type with or without it. */
export async function createMember(
  t: TestApp,
  org: Organisation,
  email: string,
  consoleAccess: boolean,
  names: [string, string] = consoleAccess ? ["Ada", "Admin"] : ["Lee", "Learner"],
): Promise<string> {
  const person = { email, password: PASSWORD, consoleAccess, firstName: names[0], lastName: names[1] };
  return (await createActivePerson(t.services, org, person)).id;
}

/** A browser (cookie jar) that posts console forms with or without the session's CSRF token. */
export class AdminBrowser extends Browser {
  csrf = "";

  constructor(
    private readonly app: TestApp,
    readonly slug: string,
  ) {
    super(app);
  }

  async signIn(email: string): Promise<this> {
    const res = await this.submit(`/o/${this.slug}/login`, { identifier: email, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    const page = await this.get(`/o/${this.slug}/account`);
    this.csrf = csrfOf(page.text);
    return this;
  }

  /** Posts a console form (path below /o/{slug}/admin) with the CSRF token unless `_csrf` is given. */
  async form(
    path: string,
    fields: Record<string, string | string[]> = {},
    withCsrf = true,
  ): Promise<request.Response> {
    const body = new URLSearchParams();
    if (withCsrf) body.append("_csrf", this.csrf);
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    const target = path.startsWith("/o/") ? path : `/o/${this.slug}/admin${path}`;
    return this.post(target, body.toString() as unknown as Record<string, string>);
  }

  page(path: string): Promise<request.Response> {
    return this.get(path.startsWith("/o/") ? path : `/o/${this.slug}/admin${path}`);
  }
}

export interface World {
  t: TestApp;
  acme: TestOrg;
  globex: TestOrg;
  admin: AdminBrowser;
  globexAdmin: AdminBrowser;
  learner: AdminBrowser;
}

export async function world(): Promise<World> {
  const t = await createTestApp();
  const acme = await createTestOrg(t, "acme");
  const globex = await createTestOrg(t, "globex");
  await createMember(t, acme.org, "ada@acme.example", true);
  await createMember(t, acme.org, "lee@acme.example", false);
  await createMember(t, globex.org, "gus@globex.example", true, ["Gus", "Globex"]);
  return {
    t,
    acme,
    globex,
    admin: await new AdminBrowser(t, "acme").signIn("ada@acme.example"),
    globexAdmin: await new AdminBrowser(t, "globex").signIn("gus@globex.example"),
    learner: await new AdminBrowser(t, "acme").signIn("lee@acme.example"),
  };
}

/** The text of an HTML page without tags. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Table rows of a table as text. */
export const rowsOf = (html: string): string[] =>
  [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? "").trim());

import request from "supertest";
import type { Clock } from "../../src/lib";
import { extractLinks, type DevMessage } from "../../src/notify";
import type { TestApp, TestOrg } from "../support/app";

/** A clock that runs with real time and can be moved forward (link and password expiry). */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A minimal browser: keeps the cookies the app sets and sends them back. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly t: TestApp,
    private readonly ip?: string,
  ) {}

  private prepare(req: request.Test): request.Test {
    if (this.cookies.size) req.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (this.ip) req.set("X-Forwarded-For", this.ip);
    return req;
  }

  async get(path: string): Promise<request.Response> {
    return this.absorb(await this.prepare(request(this.t.app).get(path)));
  }

  async post(path: string, form: Record<string, string>): Promise<request.Response> {
    return this.absorb(await this.prepare(request(this.t.app).post(path).type("form")).send(form));
  }

  /** GET the page, then submit its form with the page's CSRF token. */
  async submit(path: string, form: Record<string, string>, action = path): Promise<request.Response> {
    const page = await this.get(path);
    return this.post(action, { _csrf: csrfOf(page.text), ...form });
  }

  private absorb(res: request.Response): request.Response {
    const header = res.headers["set-cookie"] as unknown;
    const lines = Array.isArray(header) ? (header as string[]) : typeof header === "string" ? [header] : [];
    for (const line of lines) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const expired = /expires=thu, 01 jan 1970/i.test(line);
      if (!pair.slice(eq + 1) || expired) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }
}

export function csrfOf(html: string): string {
  const value = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!value) throw new Error("the page has no _csrf field");
  return value;
}

const decode = (text: string | undefined) =>
  text
    ?.replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
export const alertOf = (html: string) => decode(/role="alert"[^>]*>\s*([^<]*?)\s*<\/div>/.exec(html)?.[1]);
export const titleOf = (html: string) => decode(/<h1>\s*([^<]*?)\s*<\/h1>/.exec(html)?.[1]);

/** Messages in the outbox (readable as the dev outbox shows them), newest first. */
export async function outboxMessages(
  t: TestApp,
  filter: { to?: string; purpose?: string; organisationId?: string } = {},
): Promise<DevMessage[]> {
  const all = await t.services.notify.devOutbox.list(1000);
  return all.filter(
    (m) =>
      (!filter.to || m.to === filter.to) &&
      (!filter.purpose || m.purpose === filter.purpose) &&
      (!filter.organisationId || m.organisationId === filter.organisationId),
  );
}

/** The path of the newest message's link to this recipient (e.g. /o/acme/activate/…). */
export async function latestLink(t: TestApp, to: string, purpose?: string): Promise<string> {
  const [message] = await outboxMessages(t, { to, purpose });
  if (!message) throw new Error(`no message to ${to}`);
  const link = extractLinks(message.text, message.html)[0];
  if (!link) throw new Error(`no link in the message to ${to}`);
  return new URL(link).pathname;
}

/** PUT with the organisation's API key (TestOrg has get/post/patch/del). */
export function apiPut(t: TestApp, org: TestOrg, path: string, body: object): request.Test {
  return request(t.app)
    .put(`/api/v1/orgs/${org.org.slug}${path}`)
    .set("Authorization", `Bearer ${org.apiKey}`)
    .send(body);
}

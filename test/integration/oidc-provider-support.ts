import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as client from "openid-client";
import type { Organisation, UserFields } from "../../src/directory";
import { createPasswordUser, createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";

/**
 * The real app on a real port: the issuer URL (publicUrl + /oidc) must be the address the
 * platform and the browser use, so the server listens first and the app is built for its port.
 */
export interface LiveAdmit {
  t: TestApp;
  url: string;
  issuer: string;
  close(): Promise<void>;
}

export async function startAdmit(): Promise<LiveAdmit> {
  // The app is built once the port is known; until then the server has nothing to call.
  const target: { handler?: RequestListener } = {};
  const server: Server = createServer((req, res) => target.handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await createTestApp({ config: { publicUrl: url } });
  target.handler = t.app as unknown as RequestListener;
  return {
    t,
    url,
    issuer: `${url}/oidc`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** A relying party (the learning platform) registered with Admit: its id and its one-time-shown secret. */
export async function registerClient(
  admit: LiveAdmit,
  name: string,
  redirectUri: string,
  organisationId?: string,
): Promise<{ clientId: string; secret: string }> {
  const created = await admit.t.services.oidc.clients.create({
    name,
    redirectUris: [redirectUri],
    ...(organisationId ? { organisationId } : {}),
  });
  return { clientId: created.client.clientId, secret: created.secret as string };
}

export const PASSWORD = "Correct-Horse-Battery-9";

/** An active user with a password, in the organisation's default department/job profile/permission. */
export async function passwordUser(t: TestApp, org: Organisation, fields: Partial<UserFields> = {}) {
  const person = { firstName: "Pia", lastName: "Password", language: "da", ...fields };
  return createPasswordUser(t.services, org, person, { password: PASSWORD });
}

export type { TestOrg };
export { createTestOrg };

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  url: string;
  status: number;
  body: string;
}

/**
 * A browser without JavaScript: follows redirects by hand, keeps cookies (one host, any port, as
 * browsers do; paths honoured), posts forms. It stops at a page, or when a redirect leaves the
 * origins it was told are "ours" (the platform's redirect URI), and returns that URL.
 */
export class Browser {
  private cookies: StoredCookie[] = [];
  /** Every URL requested, in order. */
  readonly visited: string[] = [];

  constructor(private readonly origins: string[]) {}

  async go(start: string, form?: Record<string, string>): Promise<Page & { left: boolean }> {
    let url = start;
    let body: URLSearchParams | undefined = form ? new URLSearchParams(form) : undefined;
    for (let hop = 0; hop < 30; hop++) {
      if (!this.origins.includes(new URL(url).origin)) return { url, status: 0, body: "", left: true };
      this.visited.push(url);
      const res = await fetch(url, {
        method: body ? "POST" : "GET",
        redirect: "manual",
        headers: {
          cookie: this.cookieHeader(new URL(url).pathname),
          ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body,
      });
      body = undefined;
      this.absorb(res.headers.getSetCookie(), new URL(url).pathname);
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      return { url, status: res.status, body: await res.text(), left: false };
    }
    throw new Error(`too many redirects from ${start}`);
  }

  has(name: string): boolean {
    return this.cookies.some((c) => c.name === name);
  }

  private cookieHeader(path: string): string {
    return this.cookies
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private absorb(lines: string[], requestPath: string): void {
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr("path") ?? requestPath.replace(/\/[^/]*$/, "") ?? "/";
      const expires = attr("expires");
      const expired =
        !value || attr("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
      if (!expired) this.cookies.push({ name, value, path });
    }
  }
}

/** Form fields of the page's form whose action matches, plus the action URL. */
export function formOf(
  page: Page,
  actionPattern: RegExp,
): { action: string; fields: Record<string, string> } {
  for (const match of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /action="([^"]*)"/.exec(match[1] ?? "")?.[1];
    if (!action || !actionPattern.test(action)) continue;
    const fields: Record<string, string> = {};
    for (const input of (match[2] ?? "").matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1] ?? "")?.[1];
      const value = /value="([^"]*)"/.exec(input[1] ?? "")?.[1] ?? "";
      if (name)
        fields[name] = value
          .replace(/&amp;/g, "&")
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"');
    }
    return { action: new URL(action.replace(/&amp;/g, "&"), page.url).href, fields };
  }
  throw new Error(
    `no form matching ${actionPattern} on ${page.url} (${page.status}): ${page.body.slice(0, 300)}`,
  );
}

/** The learning platform: an openid-client relying party with a Basic-authenticated secret. */
export async function platform(issuer: string, clientId: string, secret: string | null) {
  return client.discovery(
    new URL(issuer),
    clientId,
    undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
}

export { client };

/** Codes and tokens issued so far (a refusal leaves this unchanged). */
export async function issuedCount(t: TestApp): Promise<number> {
  const rows = (await t.dataSource.query(
    "SELECT COUNT(*) AS n FROM oidc_payloads WHERE kind IN ('AuthorizationCode', 'AccessToken', 'RefreshToken')",
  )) as Array<{ n: unknown }>;
  return Number(rows[0]?.n ?? 0);
}

/** An authorization request built by hand (for requests openid-client would refuse to build). */
export function authorizeUrl(issuer: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${issuer}/auth`);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

/** Signs in on the organisation's login page the authorization led to; returns where it ends. */
export async function signInWithPassword(
  browser: Browser,
  start: string,
  slug: string,
  identifier: string,
  password = PASSWORD,
) {
  const loginPage = await browser.go(start);
  if (!loginPage.url.includes(`/o/${slug}/login?next=`))
    throw new Error(`expected the ${slug} login page, got ${loginPage.url} (${loginPage.status})`);
  const form = formOf(loginPage, new RegExp(`/o/${slug}/login$`));
  return browser.go(form.action, { ...form.fields, identifier, password });
}

/** Starts an authorization the way the platform does (state, nonce, PKCE S256); exchange() redeems the code. */
export async function authorization(
  issuer: string,
  registered: { clientId: string; secret: string | null },
  redirectUri: string,
  scope = "openid profile email lms",
  extra: Record<string, string> = {},
) {
  const config = await platform(issuer, registered.clientId, registered.secret);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return {
    url: url.href,
    config,
    exchange: (callback: string) =>
      client.authorizationCodeGrant(config, new URL(callback), {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      }),
  };
}

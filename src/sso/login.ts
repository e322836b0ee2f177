import type { Auth } from "../auth";
import type { Organisation } from "../directory";
import { isId, type Clock } from "../lib";
import { profileOf, type Identity } from "./accounts/profile";
import { resolveAccount, type AccountDeps } from "./accounts/provision";
import type { ConnectionService } from "./connections/service";
import type { SsoConnection } from "./entities";
import { ssoFail } from "./errors";
import type { OidcFlow } from "./oidc/flow";
import type { SamlFlow } from "./saml/flow";
import type { WithTransaction } from "../db";

export interface SsoUrls {
  start: string;
  entityId: string;
  acs: string;
  callback: string;
}

export type LoginDone =
  | { kind: "session"; token: string; expiresAt: Date; next: string | null; relayState?: string }
  | { kind: "not_provisioned"; contact: string | null };

export interface SsoLoginDeps extends AccountDeps {
  connections: ConnectionService;
  saml: SamlFlow;
  oidc: OidcFlow;
  withTransaction: WithTransaction;
  auth: Auth;
  clock: Clock;
  publicUrl: string;
}

/** The browser side of SSO: start a login, finish it, and what the login page offers. */
export class SsoLogin {
  constructor(private readonly deps: SsoLoginDeps) {}

  urls(org: Organisation, connectionId: string): SsoUrls {
    const base = `${this.deps.publicUrl.replace(/\/$/, "")}/o/${org.slug}/sso/${connectionId}`;
    return {
      start: `${base}/start`,
      entityId: `${base}/metadata`,
      acs: `${base}/acs`,
      callback: `${base}/callback`,
    };
  }

  /** An enabled connection of this organisation; anything else looks like no connection at all. */
  async connection(org: Organisation, id: string, kind?: SsoConnection["kind"]): Promise<SsoConnection> {
    if (!isId(id)) throw ssoFail("sso.unknown_connection", `no connection ${id}`);
    const found = await this.deps.connections.get(org.id, id).catch(() => undefined);
    if (!found || (kind && found.connection.kind !== kind))
      throw ssoFail("sso.unknown_connection", `no connection ${id}`);
    if (!found.connection.enabled) throw ssoFail("sso.disabled", `connection ${id} is disabled`);
    return found.connection;
  }

  metadataXml(org: Organisation, connection: SsoConnection): string {
    return this.deps.saml.metadata(connection, this.urls(org, connection.id));
  }

  /** Where to send the browser, and the state to bind to this browser (a cookie) until it returns. */
  async start(org: Organisation, id: string, next?: string, loginHint?: string) {
    const connection = await this.connection(org, id);
    const urls = this.urls(org, id);
    const started =
      connection.kind === "saml"
        ? await this.deps.saml.start(connection, urls, next)
        : await this.deps.oidc.start(connection, urls.callback, next, loginHint);
    return { kind: connection.kind, redirect: started.url, state: started.state };
  }

  async finishSaml(
    org: Organisation,
    id: string,
    body: Record<string, unknown>,
    browserState?: string,
  ): Promise<LoginDone> {
    const connection = await this.connection(org, id, "saml");
    const result = await this.deps.saml.complete(connection, this.urls(org, id), body, browserState);
    const done = await this.finish(connection, result.identity, result.next);
    return done.kind === "session" ? { ...done, relayState: result.relayState } : done;
  }

  async finishOidc(
    org: Organisation,
    id: string,
    currentUrl: URL,
    browserState?: string,
  ): Promise<LoginDone> {
    const connection = await this.connection(org, id, "oidc");
    const result = await this.deps.oidc.complete(connection, currentUrl, browserState);
    return this.finish(connection, result.identity, result.next);
  }

  /** "Sign in with …" buttons, and whether any connection has email domains (email-first form). */
  async loginOptions(org: Organisation, next?: string) {
    const all = (await this.deps.connections.list(org.id)).filter((c) => c.connection.enabled);
    const query = next ? `?next=${encodeURIComponent(next)}` : "";
    return {
      buttons: all.map(({ connection }) => ({
        name: connection.name,
        href: `/o/${org.slug}/sso/${connection.id}/start${query}`,
      })),
      discovery: all.some((c) => c.emailDomains.length > 0),
    };
  }

  /** Home-realm discovery: the start URL of the connection owning the email's domain, if any. */
  async discover(org: Organisation, email: string, next?: string): Promise<string | null> {
    const connection = await this.deps.connections.findByEmail(org.id, email);
    if (!connection) return null;
    const params = new URLSearchParams({ ...(next ? { next } : {}), login_hint: email.trim() });
    return `/o/${org.slug}/sso/${connection.id}/start?${params.toString()}`;
  }

  /** Claims → user (one transaction) → the same session a password login makes. */
  private async finish(
    connection: SsoConnection,
    identity: Identity,
    next: string | null,
  ): Promise<LoginDone> {
    const names = (connection.settings as { claims?: Record<string, string> }).claims ?? {};
    const profile = profileOf(identity, names);
    const outcome = await this.deps.withTransaction((tx) =>
      resolveAccount(this.deps, tx, connection, profile),
    );
    if (outcome.kind === "not_provisioned")
      return { kind: "not_provisioned", contact: connection.supportContact };
    const { session, token } = await this.deps.auth.sessions.start(
      connection.organisationId,
      outcome.user.id,
    );
    await this.deps.directory.users.recordLogin(outcome.user.id);
    return { kind: "session", token, expiresAt: session.expiresAt, next };
  }
}

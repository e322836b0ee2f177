import type { DataSource, EntityManager } from "typeorm";
import { In } from "typeorm";
import { uniqueViolation, type WithTransaction } from "../../db";
import { conflict, newId, notFound, type Clock } from "../../lib";
import { SsoConnection, SsoEmailDomain } from "../entities";
import type { SecretBox } from "../secrets";
import { normalizeDomains, oidcSettings, refuseForeignFields, samlSettings } from "./build";
import { generateSpKeyPair } from "./certificate";
import type { ConnectionCreate, ConnectionFields, OidcSettings, SamlSettings } from "./types";

export interface ConnectionContext {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  box: SecretBox;
  /** Plain-http IdP URLs (local test IdPs); never in production. */
  allowHttp: boolean;
}

export interface ConnectionWithDomains {
  connection: SsoConnection;
  emailDomains: string[];
}

const notFoundError = () => notFound("SSO connection", "sso.connection_not_found");

/** Connections of an organisation; every query is scoped by organisation id. */
export class ConnectionService {
  constructor(private readonly ctx: ConnectionContext) {}

  async list(organisationId: string): Promise<ConnectionWithDomains[]> {
    const em = this.ctx.dataSource.manager;
    const rows = await em.find(SsoConnection, {
      where: { organisationId },
      order: { createdAt: "ASC", id: "ASC" },
    });
    const domains = rows.length
      ? await em.find(SsoEmailDomain, { where: { organisationId, connectionId: In(rows.map((r) => r.id)) } })
      : [];
    return rows.map((connection) => ({
      connection,
      emailDomains: domains
        .filter((d) => d.connectionId === connection.id)
        .map((d) => d.domain)
        .sort(),
    }));
  }

  async get(organisationId: string, id: string, manager?: EntityManager): Promise<ConnectionWithDomains> {
    const em = manager ?? this.ctx.dataSource.manager;
    const connection = await em.findOneBy(SsoConnection, { id, organisationId });
    if (!connection) throw notFoundError();
    const domains = await em.findBy(SsoEmailDomain, { organisationId, connectionId: id });
    return { connection, emailDomains: domains.map((d) => d.domain).sort() };
  }

  /** Home-realm discovery: the enabled connection that owns an email's domain, if any. */
  async findByEmail(organisationId: string, email: string): Promise<SsoConnection | null> {
    const domain = email.trim().toLowerCase().split("@")[1];
    if (!domain) return null;
    const row = await this.ctx.dataSource.manager.findOneBy(SsoEmailDomain, { organisationId, domain });
    if (!row) return null;
    return this.ctx.dataSource.manager.findOneBy(SsoConnection, {
      id: row.connectionId,
      organisationId,
      enabled: true,
    });
  }

  async create(organisationId: string, input: ConnectionCreate): Promise<ConnectionWithDomains> {
    const now = this.ctx.clock.now();
    const connection = Object.assign(new SsoConnection(), {
      id: newId(),
      organisationId,
      kind: input.kind,
      name: input.name.trim(),
      enabled: input.enabled ?? true,
      jit: input.jit ?? false,
      updateOnLogin: input.updateOnLogin ?? false,
      trustEmail: input.trustEmail ?? false,
      trustExternalId: input.trustExternalId ?? false,
      supportContact: input.supportContact ?? null,
      settings: {},
      sealedSecret: null,
      spCertificate: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.apply(connection, input);
    return this.ctx.withTransaction(async (tx) => {
      await tx.save(connection);
      await this.writeDomains(tx, connection, input.emailDomains ?? []);
      return this.get(organisationId, connection.id, tx);
    });
  }

  async update(organisationId: string, id: string, input: ConnectionFields): Promise<ConnectionWithDomains> {
    return this.ctx.withTransaction(async (tx) => {
      const { connection } = await this.get(organisationId, id, tx);
      for (const key of [
        "name",
        "enabled",
        "jit",
        "updateOnLogin",
        "trustEmail",
        "trustExternalId",
      ] as const) {
        if (input[key] !== undefined) Object.assign(connection, { [key]: input[key] });
      }
      if (input.supportContact !== undefined) connection.supportContact = input.supportContact;
      await this.apply(connection, input);
      connection.updatedAt = this.ctx.clock.now();
      await tx.save(connection);
      if (input.emailDomains !== undefined) await this.writeDomains(tx, connection, input.emailDomains);
      return this.get(organisationId, id, tx);
    });
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.ctx.withTransaction(async (tx) => {
      await this.get(organisationId, id, tx);
      // Links, states, domains and replay rows go with it (ON DELETE CASCADE).
      await tx.delete(SsoConnection, { id, organisationId });
    });
  }

  saml(connection: SsoConnection): SamlSettings {
    return connection.settings as unknown as SamlSettings;
  }

  oidc(connection: SsoConnection): OidcSettings {
    return connection.settings as unknown as OidcSettings;
  }

  /** The opened secret: the OIDC client secret or the SAML SP private key (PEM). */
  secret(connection: SsoConnection): string | undefined {
    return connection.sealedSecret ? this.ctx.box.open(connection.id, connection.sealedSecret) : undefined;
  }

  /** Kind-specific settings, validated; the secret sealed; an SP key pair made when first needed. */
  private async apply(connection: SsoConnection, input: ConnectionFields): Promise<void> {
    refuseForeignFields(connection.kind, input);
    if (connection.kind === "oidc") {
      const current = connection.settings.issuer ? this.oidc(connection) : undefined;
      connection.settings = { ...oidcSettings(current, input, this.ctx.allowHttp) };
      if (input.clientSecret !== undefined)
        connection.sealedSecret = input.clientSecret
          ? this.ctx.box.seal(connection.id, input.clientSecret)
          : null;
      return;
    }
    const current = connection.settings.idpEntityId ? this.saml(connection) : undefined;
    const settings = await samlSettings(current, input, this.ctx.allowHttp);
    connection.settings = { ...settings };
    if (settings.encryptAssertions && !connection.sealedSecret) {
      const pair = generateSpKeyPair(`Admit SP ${connection.id}`, this.ctx.clock.now());
      connection.sealedSecret = this.ctx.box.seal(connection.id, pair.privateKeyPem);
      connection.spCertificate = pair.certificate;
    }
  }

  /** Replaces the connection's domains; a domain another connection of the org owns is a 409. */
  private async writeDomains(tx: EntityManager, connection: SsoConnection, domains: string[]): Promise<void> {
    const wanted = normalizeDomains(domains);
    const { organisationId, id: connectionId } = connection;
    await tx.delete(SsoEmailDomain, { organisationId, connectionId });
    if (!wanted.length) return;
    const taken = await tx.findBy(SsoEmailDomain, { organisationId, domain: In(wanted) });
    const clash = () =>
      conflict(
        "sso.domain_taken",
        `Another connection already uses ${taken[0]?.domain ?? "that domain"}`,
        "emailDomains",
      );
    if (taken.length) throw clash();
    try {
      await tx.insert(
        SsoEmailDomain,
        wanted.map((domain) => ({ organisationId, domain, connectionId })),
      );
    } catch (error) {
      if (uniqueViolation(error)) throw clash();
      throw error;
    }
  }
}

import type { DataSource } from "typeorm";
import type { WithTransaction } from "../db";
import { AppError, newId, notFound, randomToken, type Clock } from "../lib";
import { WebhookEndpoint } from "./entities";
import { isSubscribable } from "./event-types";
import { hostOf, privateAddressOf } from "./network";

/** Enough for a platform, a staging copy and a few integrations; keeps the fan-out cheap. */
export const MAX_ENDPOINTS_PER_ORGANISATION = 20;

export interface EndpointInput {
  url: string;
  description?: string | null;
  events: string[];
  enabled?: boolean;
}

export type EndpointChange = Partial<EndpointInput>;

/** The secret, readable once: what create and rotate return. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

export interface SecretBox {
  seal(endpointId: string, secret: string): string;
}

const invalid = (field: string, detail: string) =>
  new AppError("webhooks.invalid_endpoint", detail, { status: 422, field });
const missing = () => notFound("Webhook endpoint", "webhooks.endpoint_not_found");

/** Endpoint settings and their signing secrets (generated here, shown once, stored sealed). */
export class WebhookEndpoints {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      withTransaction: WithTransaction;
      clock: Clock;
      secrets: SecretBox;
      /** Plain http:// receivers are allowed outside production only. */
      allowHttp: boolean;
      /** Loopback/private/link-local receivers (see network.ts); sending checks again. */
      allowPrivateNetworks: boolean;
    },
  ) {}

  async list(organisationId: string): Promise<WebhookEndpoint[]> {
    return this.deps.dataSource.manager.find(WebhookEndpoint, {
      where: { organisationId },
      order: { createdAt: "ASC", id: "ASC" },
    });
  }

  async get(organisationId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.deps.dataSource.manager.findOneBy(WebhookEndpoint, { id, organisationId });
    if (!endpoint) throw missing();
    return endpoint;
  }

  async create(organisationId: string, input: EndpointInput): Promise<EndpointWithSecret> {
    const url = await this.checkUrl(input.url);
    const events = checkEvents(input.events);
    return this.deps.withTransaction(async (tx) => {
      const count = await tx.countBy(WebhookEndpoint, { organisationId });
      if (count >= MAX_ENDPOINTS_PER_ORGANISATION) {
        throw new AppError(
          "webhooks.too_many_endpoints",
          `An organisation can have at most ${MAX_ENDPOINTS_PER_ORGANISATION} webhook endpoints`,
          { status: 409 },
        );
      }
      const id = newId();
      const secret = newSecret();
      const now = this.deps.clock.now();
      const endpoint = Object.assign(new WebhookEndpoint(), {
        id,
        organisationId,
        url,
        description: input.description?.trim() || null,
        events,
        enabled: input.enabled ?? true,
        sealedSecret: this.deps.secrets.seal(id, secret),
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(WebhookEndpoint, endpoint);
      return { endpoint, secret };
    });
  }

  async update(organisationId: string, id: string, change: EndpointChange): Promise<WebhookEndpoint> {
    const url = change.url === undefined ? undefined : await this.checkUrl(change.url);
    const events = change.events === undefined ? undefined : checkEvents(change.events);
    return this.deps.withTransaction(async (tx) => {
      const endpoint = await tx.findOneBy(WebhookEndpoint, { id, organisationId });
      if (!endpoint) throw missing();
      if (url !== undefined) endpoint.url = url;
      if (events !== undefined) endpoint.events = events;
      if (change.description !== undefined) endpoint.description = change.description?.trim() || null;
      if (change.enabled !== undefined) endpoint.enabled = change.enabled;
      endpoint.updatedAt = this.deps.clock.now();
      await tx.save(endpoint);
      return endpoint;
    });
  }

  /**
   * A new secret at once: deliveries signed from now on use it (a retry of an older event
   * too, since every attempt is signed when it is sent).
   */
  async rotateSecret(organisationId: string, id: string): Promise<EndpointWithSecret> {
    return this.deps.withTransaction(async (tx) => {
      const endpoint = await tx.findOneBy(WebhookEndpoint, { id, organisationId });
      if (!endpoint) throw missing();
      const secret = newSecret();
      endpoint.sealedSecret = this.deps.secrets.seal(id, secret);
      endpoint.updatedAt = this.deps.clock.now();
      await tx.save(endpoint);
      return { endpoint, secret };
    });
  }

  /** Its queued and logged deliveries go with it (foreign keys ON DELETE CASCADE). */
  async delete(organisationId: string, id: string): Promise<void> {
    const result = await this.deps.withTransaction((tx) =>
      tx.delete(WebhookEndpoint, { id, organisationId }),
    );
    if (!result.affected) throw missing();
  }

  private async checkUrl(value: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      throw invalid("url", "url must be an absolute URL");
    }
    if (url.protocol !== "https:" && !(this.deps.allowHttp && url.protocol === "http:")) {
      throw invalid("url", this.deps.allowHttp ? "url must be http(s)" : "url must use https");
    }
    // Credentials in a URL end up in logs and screens; the signature is how a receiver authenticates us.
    if (url.username || url.password) throw invalid("url", "url must not contain a user name or password");
    if (url.hash) throw invalid("url", "url must not contain a #fragment");
    const text = url.toString();
    if (text.length > 2048) throw invalid("url", "url is too long (2048 characters at most)");
    if (!this.deps.allowPrivateNetworks) {
      const address = await privateAddressOf(url);
      if (address)
        throw invalid(
          "url",
          `url must be reachable on the public internet: ${address === hostOf(url) ? address : `${hostOf(url)} resolves to ${address}`}, a private, loopback or link-local address (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows such receivers)`,
        );
    }
    return text;
  }
}

function checkEvents(events: string[]): string[] {
  const unique = [...new Set(events.map((e) => e.trim()))];
  if (unique.length === 0) throw invalid("events", "events must name at least one event type");
  const unknown = unique.filter((e) => !isSubscribable(e));
  if (unknown.length) throw invalid("events", `Unknown event type(s): ${unknown.join(", ")}`);
  return unique;
}

/** whsec_ + 256 random bits: recognisable in a secrets scanner, long enough to never guess. */
function newSecret(): string {
  return `whsec_${randomToken(32)}`;
}

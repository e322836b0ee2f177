import type { DataSource } from "typeorm";
import { hmacHex, invalid, newId, notFound, randomToken } from "../lib";
import { OidcClient } from "./entities";

export interface CreateClientInput {
  name: string;
  redirectUris: string[];
  /** Where RP-initiated logout may send the browser back to (exact match, like redirect URIs). */
  postLogoutRedirectUris?: string[];
  organisationId?: string | null;
  /** A public client (a single-page or native app): no secret, PKCE only. */
  isPublic?: boolean;
}

/**
 * Registered applications. A secret is shown once and kept as an HMAC; oidc-provider is handed
 * the HMAC as the client's secret and every presented secret is HMACed before it reaches the
 * provider (see client-auth.ts), so the clear secret is never stored.
 */
export class ClientService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secretKey: Buffer,
    private readonly allowHttpRedirects: boolean,
  ) {}

  hashSecret(secret: string): string {
    return hmacHex(this.secretKey, secret);
  }

  async create(input: CreateClientInput): Promise<{ client: OidcClient; secret: string | null }> {
    const name = input.name.trim();
    if (!name || name.length > 100)
      throw invalid("oidc.client_name", "name must be 1-100 characters", "name");
    if (input.redirectUris.length === 0)
      throw invalid("oidc.redirect_uri", "at least one redirect URI is required", "redirectUris");
    const redirectUris = input.redirectUris.map((uri) => this.checkRedirectUri(uri));
    const postLogoutRedirectUris = (input.postLogoutRedirectUris ?? []).map((uri) =>
      this.checkRedirectUri(uri, "postLogoutRedirectUris"),
    );
    const secret = input.isPublic ? null : randomToken(32);
    const client = Object.assign(new OidcClient(), {
      clientId: newId(),
      name,
      organisationId: input.organisationId ?? null,
      redirectUris,
      postLogoutRedirectUris,
      secretHash: secret ? this.hashSecret(secret) : null,
      isPublic: Boolean(input.isPublic),
      // Confidential clients use HTTP Basic (RFC 6749 §2.3.1), the one method every client supports:
      // the header is where client-auth.ts swaps the secret for its HMAC.
      tokenEndpointAuthMethod: input.isPublic ? "none" : "client_secret_basic",
      createdAt: new Date(),
    });
    await this.dataSource.getRepository(OidcClient).insert(client);
    return { client, secret };
  }

  list(): Promise<OidcClient[]> {
    return this.dataSource.getRepository(OidcClient).find({ order: { createdAt: "ASC" } });
  }

  find(clientId: string): Promise<OidcClient | null> {
    return this.dataSource.getRepository(OidcClient).findOneBy({ clientId });
  }

  /** Deleting a client also ends what it was issued (its grants are revoked by the caller). */
  async delete(clientId: string): Promise<void> {
    const result = await this.dataSource.getRepository(OidcClient).delete({ clientId });
    if (!result.affected) throw notFound("The client", "oidc.client_not_found");
  }

  /** The client as oidc-provider's Client model expects it (OIDC Dynamic Registration §2 names). */
  async metadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const client = await this.find(clientId);
    if (!client) return undefined;
    return {
      client_id: client.clientId,
      client_name: client.name,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      response_types: ["code"],
      grant_types: ["authorization_code", "refresh_token"],
      token_endpoint_auth_method: client.tokenEndpointAuthMethod,
      id_token_signed_response_alg: "RS256",
      ...(client.secretHash ? { client_secret: client.secretHash } : {}),
    };
  }

  /** Absolute, no fragment (RFC 6749 §3.1.2); https unless loopback or a non-production instance. */
  private checkRedirectUri(uri: string, field = "redirectUris"): string {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw invalid("oidc.redirect_uri", `not an absolute URL: ${uri}`, field);
    }
    if (url.hash) throw invalid("oidc.redirect_uri", `a redirect URI has no fragment: ${uri}`, field);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && (loopback || this.allowHttpRedirects)))
      throw invalid("oidc.redirect_uri", `a redirect URI must use https: ${uri}`, field);
    return uri;
  }
}

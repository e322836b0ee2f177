import * as client from "openid-client";
import type { Identity } from "../accounts/profile";
import type { ConnectionService } from "../connections/service";
import type { SsoConnection } from "../entities";
import { ssoFail } from "../errors";
import type { LoginStateStore } from "../state";
import { claimsOf } from "./claims";

/** Discovery documents change rarely; an hour of caching keeps the IdP off the login path. */
const DISCOVERY_TTL_MS = 60 * 60_000;

export interface OidcResult {
  identity: Identity;
  next: string | null;
}

/** Authorization code + PKCE + state + nonce (OIDC Core §3.1, RFC 7636) with openid-client. */
export class OidcFlow {
  private readonly discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

  constructor(
    private readonly connections: ConnectionService,
    private readonly states: LoginStateStore,
    private readonly allowHttp: boolean,
  ) {}

  async start(connection: SsoConnection, redirectUri: string, next?: string, loginHint?: string) {
    const config = await this.configuration(connection);
    const state = this.states.newId();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await this.states.save(state, {
      organisationId: connection.organisationId,
      connectionId: connection.id,
      nonce,
      codeVerifier,
      next,
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.connections.oidc(connection).scopes.join(" "),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url: url.href, state };
  }

  /**
   * The callback. `browserState` is the state this browser started with (a cookie): a code
   * that another browser obtained is refused (login CSRF). The state is used up before the
   * code is exchanged, so a second use of the same callback URL fails whatever happens.
   */
  async complete(
    connection: SsoConnection,
    currentUrl: URL,
    browserState: string | undefined,
  ): Promise<OidcResult> {
    const state = currentUrl.searchParams.get("state") ?? "";
    if (!state || state !== browserState) throw ssoFail("sso.state", "state missing or not this browser's");
    const stored = await this.states.peek(connection.id, { id: state });
    if (!stored?.nonce || !stored.codeVerifier) throw ssoFail("sso.state", "unknown or expired state");
    if (!(await this.states.consume(state))) throw ssoFail("sso.state", "state already used");
    const idpError = currentUrl.searchParams.get("error");
    if (idpError) throw ssoFail("sso.idp_error", `IdP answered ${idpError}`);
    const config = await this.configuration(connection);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: stored.codeVerifier,
        expectedState: state,
        expectedNonce: stored.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw ssoFail(
        unreachable(error) ? "sso.idp_unreachable" : "sso.oidc_response",
        (error as Error).message,
        error,
      );
    }
    const idToken = tokens.claims();
    if (!idToken) throw ssoFail("sso.oidc_response", "no ID token");
    let userinfo: Record<string, unknown> = {};
    if (tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      try {
        // The subject must be the ID token's (OIDC Core §5.3.2): userinfo of someone else is refused.
        userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      } catch (error) {
        throw ssoFail("sso.oidc_response", `userinfo: ${(error as Error).message}`, error);
      }
    }
    return { identity: claimsOf(idToken, userinfo), next: stored.next };
  }

  private configuration(connection: SsoConnection): Promise<client.Configuration> {
    const key = `${connection.id}:${connection.updatedAt.getTime()}`;
    const cached = this.discovered.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const settings = this.connections.oidc(connection);
    const secret = this.connections.secret(connection);
    const issuer = new URL(settings.issuer);
    const config = client
      .discovery(
        issuer,
        settings.clientId,
        secret,
        secret ? client.ClientSecretPost(secret) : client.None(),
        {
          execute: this.allowHttp && issuer.protocol === "http:" ? [client.allowInsecureRequests] : [],
        },
      )
      .catch((error: unknown) => {
        this.discovered.delete(key);
        throw ssoFail(
          "sso.idp_unreachable",
          `discovery of ${settings.issuer}: ${(error as Error).message}`,
          error,
        );
      });
    this.discovered.set(key, { at: Date.now(), config });
    return config;
  }
}

function unreachable(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

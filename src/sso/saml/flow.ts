import { SamlStatusError, type Profile } from "@node-saml/passport-saml";
import type { Identity } from "../accounts/profile";
import type { ConnectionService } from "../connections/service";
import type { SsoConnection } from "../entities";
import { ssoFail } from "../errors";
import type { ReplayCache } from "../replay";
import type { LoginStateStore } from "../state";
import { attributeClaims, checkAssertion } from "./checks";
import { samlClient, spMetadata, StateCache, type SpUrls } from "./client";

export interface SamlResult {
  identity: Identity;
  /** Where to go after login: the stored `next` of an SP-initiated login. */
  next: string | null;
  /** IdP-initiated only: the RelayState the IdP sent (a deep link, checked by the caller). */
  relayState?: string;
}

/** SP-initiated start, ACS validation and SP metadata for one SAML connection. */
export class SamlFlow {
  constructor(
    private readonly connections: ConnectionService,
    private readonly states: LoginStateStore,
    private readonly replay: ReplayCache,
  ) {}

  /**
   * The IdP URL (HTTP-Redirect binding) carrying a fresh AuthnRequest; its id is saved as state and
   * returned so the caller can bind it to the browser (a cookie checked at the ACS).
   */
  async start(
    connection: SsoConnection,
    urls: SpUrls,
    next?: string,
  ): Promise<{ url: string; state: string }> {
    const id = this.states.newId();
    const pending = { id, organisationId: connection.organisationId, connectionId: connection.id, next };
    const cache = new StateCache(this.states, connection.id, pending);
    const client = samlClient(this.connections.saml(connection), urls, cache, { idpInitiated: false });
    return { url: await client.getAuthorizeUrlAsync(id, undefined, {}), state: id };
  }

  metadata(connection: SsoConnection, urls: SpUrls): string {
    const settings = this.connections.saml(connection);
    const key = settings.encryptAssertions ? this.connections.secret(connection) : undefined;
    return spMetadata(settings, urls, settings.encryptAssertions ? connection.spCertificate : null, key);
  }

  async complete(
    connection: SsoConnection,
    urls: SpUrls,
    body: Record<string, unknown>,
    browserState?: string,
  ): Promise<SamlResult> {
    const settings = this.connections.saml(connection);
    const { SAMLResponse, RelayState } = body;
    if (typeof SAMLResponse !== "string" || !SAMLResponse)
      throw ssoFail("sso.saml_response", "no SAMLResponse");
    const relayState = typeof RelayState === "string" ? RelayState : undefined;
    const cache = new StateCache(this.states, connection.id);
    const client = samlClient(settings, urls, cache, {
      decryptionKey: settings.encryptAssertions ? this.connections.secret(connection) : undefined,
      idpInitiated: settings.allowIdpInitiated,
    });
    let profile: Profile | null;
    try {
      ({ profile } = await client.validatePostResponseAsync({ SAMLResponse }));
    } catch (error) {
      if (error instanceof SamlStatusError) throw ssoFail("sso.idp_error", error.message, error);
      throw ssoFail("sso.saml_response", (error as Error).message, error);
    }
    if (!profile?.nameID) throw ssoFail("sso.saml_response", "no subject (NameID) in the assertion");
    const facts = checkAssertion(profile, settings, urls);
    const state = cache.found;
    if (!state) {
      // Unsolicited: only with the opt-in, and never a response that answers some other request.
      if (!settings.allowIdpInitiated)
        throw ssoFail("sso.idp_initiated", "IdP-initiated login is not enabled");
      if (facts.inResponseTo)
        throw ssoFail("sso.saml_response", "solicited assertion without a live request");
    } else if (relayState !== state.id) {
      throw ssoFail("sso.state", "RelayState does not belong to the request");
    } else if (browserState !== state.id) {
      // Login CSRF: a response to a login started in another browser (the attacker's) must not
      // sign this browser in as the attacker.
      throw ssoFail("sso.state", "the login was not started in this browser");
    }
    const fresh = await this.replay.remember(
      connection.organisationId,
      connection.id,
      facts.assertionId,
      facts.expiresAt,
    );
    if (!fresh) throw ssoFail("sso.replay", `assertion ${facts.assertionId} was used before`);
    if (state && !(await this.states.consume(state.id)))
      throw ssoFail("sso.state", "login state already used");
    return {
      identity: { subject: profile.nameID, claims: attributeClaims(profile) },
      next: state?.next ?? null,
      relayState: state ? undefined : relayState,
    };
  }
}

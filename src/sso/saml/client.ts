import { SAML, ValidateInResponseTo, type CacheItem, type CacheProvider } from "@node-saml/passport-saml";
import { toPem } from "../connections/certificate";
import type { SamlSettings } from "../connections/types";
import { LOGIN_STATE_TTL_MS, type LoginState, type LoginStateStore, type NewLoginState } from "../state";
import { installXpathSpeedup } from "./xpath-speedup";

// Before the first response is validated; see xpath-speedup.ts for what and why.
installXpathSpeedup();

/** Where the IdP finds this connection: the entity id is the metadata URL (a common convention). */
export interface SpUrls {
  entityId: string;
  acs: string;
}

/** Small, so a slow clock on either side does not lock people out (SAML core §1.3.3 leaves it to us). */
export const CLOCK_SKEW_MS = 60_000;

/**
 * node-saml keeps request ids in a cache; this one reads and writes Admit's login states in the
 * database, so InResponseTo is checked against a request any instance made (ARCHITECTURE.md: any
 * number of stateless instances). Using the state up is the caller's job, once all checks passed.
 */
export class StateCache implements CacheProvider {
  found: LoginState | null = null;

  constructor(
    private readonly states: LoginStateStore,
    private readonly connectionId: string,
    private readonly pending?: NewLoginState & { id: string },
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    if (!this.pending) throw new Error("no login state to save the request id into");
    await this.states.save(this.pending.id, { ...this.pending, requestId: key });
    return { value, createdAt: Date.now() };
  }

  async getAsync(key: string): Promise<string | null> {
    // node-saml asks twice (Response and SubjectConfirmationData InResponseTo): one query suffices.
    if (this.found?.requestId === key) return this.found.createdAt.toISOString();
    const state = await this.states.peek(this.connectionId, { requestId: key });
    if (state) this.found = state;
    return state ? state.createdAt.toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    return key;
  }
}

export function samlClient(
  settings: SamlSettings,
  urls: SpUrls,
  cache: CacheProvider,
  options: { decryptionKey?: string; idpInitiated: boolean },
): SAML {
  return new SAML({
    issuer: urls.entityId,
    audience: urls.entityId,
    callbackUrl: urls.acs,
    entryPoint: settings.ssoUrl,
    idpCert: settings.certificates.map(toPem),
    identifierFormat: settings.nameIdFormat,
    // Signed assertions by default; turning that off still requires a signed Response.
    wantAssertionsSigned: settings.wantAssertionsSigned,
    wantAuthnResponseSigned: !settings.wantAssertionsSigned,
    decryptionPvk: options.decryptionKey,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    // Unsolicited responses only where the connection opted in to IdP-initiated login.
    validateInResponseTo: options.idpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: LOGIN_STATE_TTL_MS,
    cacheProvider: cache,
    // Entra refuses a requested password context when the user signed in another way (MFA, WIA).
    disableRequestedAuthnContext: true,
    signatureAlgorithm: "sha256",
  });
}

/** SP metadata for the admin to give the IdP; with the encryption certificate when it has one. */
export function spMetadata(
  settings: SamlSettings,
  urls: SpUrls,
  spCertificate: string | null,
  decryptionKey?: string,
) {
  const client = samlClient(settings, urls, new StateCache({} as LoginStateStore, ""), {
    decryptionKey: spCertificate ? decryptionKey : undefined,
    idpInitiated: false,
  });
  return client.generateServiceProviderMetadata(spCertificate ? toPem(spCertificate) : null);
}

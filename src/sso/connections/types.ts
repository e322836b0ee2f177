import type { SsoKind } from "../entities";

/** What a connection can say about a person; the claim/attribute names are per connection. */
export const CLAIM_KEYS = [
  "email",
  "firstName",
  "lastName",
  "title",
  "department",
  "language",
  "groups",
  "externalId",
] as const;
export type ClaimKey = (typeof CLAIM_KEYS)[number];
/** Configured names; a key left out falls back to the well-known names (claims.ts). */
export type ClaimNames = Partial<Record<ClaimKey, string>>;

export const NAME_ID_FORMATS = [
  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
] as const;
export type NameIdFormat = (typeof NAME_ID_FORMATS)[number];

export interface SamlSettings {
  idpEntityId: string;
  ssoUrl: string;
  /** Base64 DER bodies of the IdP's signing certificates (several during a rollover). */
  certificates: string[];
  nameIdFormat: NameIdFormat;
  /** On by default (PRODUCT.md §2). Off: the whole Response must be signed instead. */
  wantAssertionsSigned: boolean;
  encryptAssertions: boolean;
  allowIdpInitiated: boolean;
  claims: ClaimNames;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scopes: string[];
  claims: ClaimNames;
}

/** The common part of a create/update; kind-specific fields below. All validated by the service. */
export interface ConnectionFields {
  name?: string;
  enabled?: boolean;
  emailDomains?: string[];
  jit?: boolean;
  updateOnLogin?: boolean;
  trustEmail?: boolean;
  trustExternalId?: boolean;
  supportContact?: string | null;
  claims?: ClaimNames;
  // SAML
  metadataXml?: string;
  idpEntityId?: string;
  ssoUrl?: string;
  certificates?: string[];
  nameIdFormat?: NameIdFormat;
  wantAssertionsSigned?: boolean;
  encryptAssertions?: boolean;
  allowIdpInitiated?: boolean;
  // OIDC
  issuer?: string;
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
}

export type ConnectionCreate = ConnectionFields & { kind: SsoKind; name: string };

export const SAML_FIELDS = [
  "metadataXml",
  "idpEntityId",
  "ssoUrl",
  "certificates",
  "nameIdFormat",
  "wantAssertionsSigned",
  "encryptAssertions",
  "allowIdpInitiated",
] as const;
export const OIDC_FIELDS = ["issuer", "clientId", "clientSecret", "scopes"] as const;

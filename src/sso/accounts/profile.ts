import type { MappingInput } from "../../mapping";
import type { ClaimKey, ClaimNames } from "../connections/types";

/** What a validated assertion or ID token says: the subject and every claim as a list of strings. */
export interface Identity {
  subject: string;
  claims: Record<string, string[]>;
  /** OIDC `email_verified`; undefined when the IdP does not say (SAML never does). */
  emailVerified?: boolean;
}

/**
 * Names tried when a connection does not name a claim: the OIDC standard claims (OIDC Core
 * §5.1), the names Okta's guides use, Entra's default SAML claim URIs and the eduPerson OIDs.
 */
const WELL_KNOWN: Record<ClaimKey, string[]> = {
  email: [
    "email",
    "mail",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
  ],
  firstName: [
    "given_name",
    "firstName",
    "givenName",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    "urn:oid:2.5.4.42",
  ],
  lastName: [
    "family_name",
    "lastName",
    "surname",
    "sn",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    "urn:oid:2.5.4.4",
  ],
  title: ["title", "jobTitle", "job_title"],
  department: ["department"],
  language: ["locale", "preferredLanguage", "preferred_language"],
  groups: ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", "memberOf"],
  externalId: [],
};

export interface SsoProfile {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  externalId?: string;
  mapping: MappingInput;
}

function read(identity: Identity, names: ClaimNames, key: ClaimKey): string[] {
  const configured = names[key];
  for (const name of configured ? [configured] : WELL_KNOWN[key]) {
    const values = (identity.claims[name] ?? []).map((v) => v.trim()).filter((v) => v !== "");
    if (values.length) return values;
  }
  return [];
}

/**
 * Claims → the person and the mapping engine's input: the configured (or well-known) names fill
 * `title`, `enterprise.department` and `preferredLanguage`; every claim is also passed as
 * `claims.<name>` so a rule can read anything the IdP sends; group claims become groups.
 */
export function profileOf(identity: Identity, names: ClaimNames): SsoProfile {
  const first = (key: ClaimKey) => read(identity, names, key)[0];
  const attributes: MappingInput["attributes"] = {};
  for (const [name, values] of Object.entries(identity.claims)) {
    attributes[`claims.${name}`] = values.length === 1 ? values[0] : values;
  }
  attributes.title = first("title");
  attributes["enterprise.department"] = first("department");
  attributes.preferredLanguage = first("language");
  const groups = read(identity, names, "groups").map((g) => ({ displayName: g, externalId: g }));
  return {
    subject: identity.subject,
    email: first("email")?.toLowerCase(),
    emailVerified: identity.emailVerified,
    firstName: first("firstName"),
    lastName: first("lastName"),
    externalId: first("externalId"),
    mapping: { attributes, groups },
  };
}

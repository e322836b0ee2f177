import { invalid } from "../../lib";
import type { SsoKind } from "../entities";
import { normalizeCertificate } from "./certificate";
import { parseIdpMetadata } from "./metadata";
import {
  NAME_ID_FORMATS,
  OIDC_FIELDS,
  SAML_FIELDS,
  type ConnectionFields,
  type OidcSettings,
  type SamlSettings,
} from "./types";

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function normalizeDomains(domains: string[]): string[] {
  const out = new Set<string>();
  for (const raw of domains) {
    const domain = raw.trim().toLowerCase().replace(/^@/, "");
    if (!DOMAIN.test(domain))
      throw invalid("sso.invalid_domain", `"${raw}" is not an email domain`, "emailDomains");
    out.add(domain);
  }
  return [...out];
}

function url(value: string, field: string, allowHttp: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid("sso.invalid_url", `${field} is not a URL`, field);
  }
  // Plain http is for local test IdPs only: in production an IdP answers over TLS.
  if (parsed.protocol !== "https:" && !(allowHttp && parsed.protocol === "http:"))
    throw invalid("sso.invalid_url", `${field} must be an https:// URL`, field);
  return value;
}

/** Fields of the other kind are refused, so a typo never silently does nothing. */
export function refuseForeignFields(kind: SsoKind, input: ConnectionFields): void {
  const foreign = kind === "saml" ? OIDC_FIELDS : SAML_FIELDS;
  const found = foreign.filter((f) => input[f] !== undefined);
  if (found.length)
    throw invalid(
      "sso.wrong_kind_field",
      `Not a ${kind.toUpperCase()} setting: ${found.join(", ")}`,
      found[0],
    );
}

/** Metadata first, explicit fields on top of it, then the result must be complete. */
export async function samlSettings(
  current: SamlSettings | undefined,
  input: ConnectionFields,
  allowHttp: boolean,
): Promise<SamlSettings> {
  const fromMetadata = input.metadataXml ? await parseIdpMetadata(input.metadataXml) : undefined;
  const merged: SamlSettings = {
    idpEntityId: input.idpEntityId ?? fromMetadata?.idpEntityId ?? current?.idpEntityId ?? "",
    ssoUrl: input.ssoUrl ?? fromMetadata?.ssoUrl ?? current?.ssoUrl ?? "",
    certificates:
      input.certificates?.map((c, i) => normalizeCertificate(c, i)) ??
      fromMetadata?.certificates ??
      current?.certificates ??
      [],
    nameIdFormat: input.nameIdFormat ?? current?.nameIdFormat ?? NAME_ID_FORMATS[0],
    wantAssertionsSigned: input.wantAssertionsSigned ?? current?.wantAssertionsSigned ?? true,
    encryptAssertions: input.encryptAssertions ?? current?.encryptAssertions ?? false,
    allowIdpInitiated: input.allowIdpInitiated ?? current?.allowIdpInitiated ?? false,
    claims: { ...(current?.claims ?? {}), ...(input.claims ?? {}) },
  };
  if (!merged.idpEntityId)
    throw invalid("sso.incomplete", "Paste the IdP metadata XML or give idpEntityId", "idpEntityId");
  if (!merged.ssoUrl) throw invalid("sso.incomplete", "Paste the IdP metadata XML or give ssoUrl", "ssoUrl");
  url(merged.ssoUrl, "ssoUrl", allowHttp);
  if (!merged.certificates.length)
    throw invalid("sso.incomplete", "At least one IdP signing certificate is needed", "certificates");
  return merged;
}

export function oidcSettings(
  current: OidcSettings | undefined,
  input: ConnectionFields,
  allowHttp: boolean,
): OidcSettings {
  const issuer = input.issuer ?? current?.issuer ?? "";
  const clientId = input.clientId ?? current?.clientId ?? "";
  if (!issuer) throw invalid("sso.incomplete", "issuer is required", "issuer");
  if (!clientId) throw invalid("sso.incomplete", "clientId is required", "clientId");
  const scopes = [...new Set(["openid", ...(input.scopes ?? current?.scopes ?? ["email", "profile"])])];
  return {
    // Kept exactly as given: discovery compares it byte for byte (OIDC Discovery §4.3).
    issuer: url(issuer, "issuer", allowHttp),
    clientId,
    scopes,
    claims: { ...(current?.claims ?? {}), ...(input.claims ?? {}) },
  };
}

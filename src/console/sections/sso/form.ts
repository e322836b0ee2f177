import type { Request } from "express";
import { CLAIM_KEYS, NAME_ID_FORMATS, type SsoConnection, type SsoKind } from "../../../sso";
import { html, type SafeHtml } from "../../../web";
import type { ConsoleTranslate } from "../../i18n";
import { csrfField } from "../../shell";
import {
  bodyOf,
  checkbox,
  input,
  lines,
  nullableText,
  select,
  text,
  textarea,
  type FieldErrors,
} from "../settings/forms";

/**
 * The SSO connection form (create and edit), and its body → the JSON API's connection input.
 * Secrets are write-only: the OIDC client secret field is always empty; left empty on an edit,
 * the stored secret stays.
 */

/** What the form shows: stored values on an edit, typed values after a refusal. */
export interface ConnectionFormValues {
  name: string;
  enabled: boolean;
  emailDomains: string[];
  jit: boolean;
  updateOnLogin: boolean;
  trustEmail: boolean;
  trustExternalId: boolean;
  supportContact: string | null;
  claims: Record<string, string | undefined>;
  // SAML
  idpEntityId?: string;
  ssoUrl?: string;
  nameIdFormat?: string;
  wantAssertionsSigned?: boolean;
  encryptAssertions?: boolean;
  allowIdpInitiated?: boolean;
  // OIDC
  issuer?: string;
  clientId?: string;
  scopes?: string[];
}

export function blankValues(kind: SsoKind): ConnectionFormValues {
  return {
    name: "",
    enabled: true,
    emailDomains: [],
    jit: false,
    updateOnLogin: false,
    trustEmail: false,
    trustExternalId: false,
    supportContact: null,
    claims: {},
    ...(kind === "saml"
      ? { nameIdFormat: NAME_ID_FORMATS[0], wantAssertionsSigned: true, encryptAssertions: false }
      : { scopes: ["openid", "email", "profile"] }),
  };
}

export function storedValues(connection: SsoConnection, emailDomains: string[]): ConnectionFormValues {
  const settings = connection.settings as Record<string, unknown>;
  return {
    name: connection.name,
    enabled: connection.enabled,
    emailDomains,
    jit: connection.jit,
    updateOnLogin: connection.updateOnLogin,
    trustEmail: connection.trustEmail,
    trustExternalId: connection.trustExternalId,
    supportContact: connection.supportContact,
    claims: (settings.claims ?? {}) as Record<string, string>,
    idpEntityId: settings.idpEntityId as string | undefined,
    ssoUrl: settings.ssoUrl as string | undefined,
    nameIdFormat: settings.nameIdFormat as string | undefined,
    wantAssertionsSigned: settings.wantAssertionsSigned as boolean | undefined,
    encryptAssertions: settings.encryptAssertions as boolean | undefined,
    allowIdpInitiated: settings.allowIdpInitiated as boolean | undefined,
    issuer: settings.issuer as string | undefined,
    clientId: settings.clientId as string | undefined,
    scopes: settings.scopes as string[] | undefined,
  };
}

/**
 * The posted form as the JSON API's create/update input. Blank optional fields are left out, so
 * the service keeps (edit) or derives (metadata) them; checkboxes are always given.
 */
export function connectionInput(req: Request, kind: SsoKind, creating: boolean): Record<string, unknown> {
  const body = bodyOf(req);
  const given = (name: string) => text(body, name) || undefined;
  const claims = Object.fromEntries(
    CLAIM_KEYS.map((key) => [key, given(`claims.${key}`)]).filter(([, v]) => v !== undefined),
  );
  const common = {
    ...(creating ? { kind } : {}),
    name: text(body, "name") ?? "",
    enabled: body.enabled !== undefined,
    emailDomains: lines(body, "emailDomains"),
    jit: body.jit !== undefined,
    updateOnLogin: body.updateOnLogin !== undefined,
    trustEmail: body.trustEmail !== undefined,
    trustExternalId: body.trustExternalId !== undefined,
    supportContact: nullableText(body, "supportContact"),
    ...(Object.keys(claims).length ? { claims } : {}),
  };
  if (kind === "saml") {
    // Several PEM blocks (a rollover) become several certificates; base64 alone is one.
    const certificate = given("certificate");
    const certificates =
      certificate?.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    const metadataXml = given("metadataXml");
    // Pasted metadata is the source of truth: the (pre-filled) fields would otherwise override it.
    return {
      ...common,
      metadataXml,
      idpEntityId: metadataXml ? undefined : given("idpEntityId"),
      ssoUrl: metadataXml ? undefined : given("ssoUrl"),
      certificates: certificates.length ? certificates : certificate ? [certificate] : undefined,
      nameIdFormat: given("nameIdFormat"),
      wantAssertionsSigned: body.wantAssertionsSigned !== undefined,
      encryptAssertions: body.encryptAssertions !== undefined,
      allowIdpInitiated: body.allowIdpInitiated !== undefined,
    };
  }
  const scopes = (text(body, "scopes") ?? "").split(/[\s,]+/).filter(Boolean);
  return {
    ...common,
    issuer: given("issuer"),
    clientId: given("clientId"),
    clientSecret: given("clientSecret"),
    scopes: scopes.length ? scopes : undefined,
  };
}

/** The typed values, to show again next to the errors (never the secret). */
export function typedValues(req: Request, kind: SsoKind): ConnectionFormValues {
  const input = connectionInput(req, kind, false);
  return {
    ...(input as unknown as ConnectionFormValues),
    supportContact: (input.supportContact as string | null | undefined) ?? null,
    claims: (input.claims as Record<string, string>) ?? {},
  };
}

export function connectionForm(
  req: Request,
  tr: ConsoleTranslate,
  o: {
    kind: SsoKind;
    action: string;
    values: ConnectionFormValues;
    errors: FieldErrors;
    creating: boolean;
    secretSet?: boolean;
  },
): SafeHtml {
  const v = o.values;
  const e = o.errors;
  const samlFields = html`<fieldset class="group">
    <legend>${tr("sso.idp")}</legend>
    ${textarea({
      name: "metadataXml",
      label: tr("sso.metadataXml"),
      hint: o.creating ? tr("sso.metadataHint") : tr("sso.metadataEditHint"),
      error: e.metadataXml,
      rows: 6,
      code: true,
    })}
    <p class="hint">${tr("sso.orFields")}</p>
    ${input({ name: "idpEntityId", label: tr("sso.idpEntityId"), value: v.idpEntityId, error: e.idpEntityId })}
    ${input({ name: "ssoUrl", label: tr("sso.ssoUrl"), type: "url", value: v.ssoUrl, error: e.ssoUrl })}
    ${textarea({
      name: "certificate",
      label: tr("sso.certificate"),
      hint: o.creating ? tr("sso.certificateHint") : tr("sso.certificateEditHint"),
      error: e.certificates,
      rows: 4,
      code: true,
    })}
    ${select({
      name: "nameIdFormat",
      label: tr("sso.nameIdFormat"),
      value: v.nameIdFormat,
      error: e.nameIdFormat,
      options: NAME_ID_FORMATS.map((f) => ({ value: f, label: f })),
    })}
    ${checkbox({ name: "wantAssertionsSigned", label: tr("sso.wantAssertionsSigned"), checked: !!v.wantAssertionsSigned })}
    ${checkbox({ name: "encryptAssertions", label: tr("sso.encryptAssertions"), checked: !!v.encryptAssertions })}
    ${checkbox({
      name: "allowIdpInitiated",
      label: tr("sso.allowIdpInitiated"),
      checked: !!v.allowIdpInitiated,
      hint: tr("sso.allowIdpInitiatedHint"),
    })}
  </fieldset>`;
  const oidcFields = html`<fieldset class="group">
    <legend>${tr("sso.idp")}</legend>
    ${input({ name: "issuer", label: tr("sso.issuer"), type: "url", value: v.issuer, error: e.issuer, hint: tr("sso.issuerHint") })}
    ${input({ name: "clientId", label: tr("sso.clientId"), value: v.clientId, error: e.clientId })}
    ${input({
      name: "clientSecret",
      label: tr("sso.clientSecret"),
      type: "password",
      autocomplete: "new-password",
      error: e.clientSecret,
      hint: o.secretSet ? tr("sso.clientSecretKeep") : tr("sso.clientSecretHint"),
    })}
    ${input({ name: "scopes", label: tr("sso.scopes"), value: (v.scopes ?? []).join(" "), error: e.scopes })}
  </fieldset>`;
  return html`<form method="post" action="${o.action}" class="panel" novalidate>
    ${csrfField(req)}
    ${input({ name: "name", label: tr("common.name"), value: v.name, error: e.name, required: true })}
    ${checkbox({ name: "enabled", label: tr("sso.enabled"), checked: v.enabled, hint: tr("sso.enabledHint") })}
    ${o.kind === "saml" ? samlFields : oidcFields}
    <fieldset class="group">
      <legend>${tr("sso.accounts")}</legend>
      ${checkbox({ name: "jit", label: tr("sso.jit"), checked: v.jit, hint: tr("sso.jitHint") })}
      ${checkbox({ name: "updateOnLogin", label: tr("sso.updateOnLogin"), checked: v.updateOnLogin, hint: tr("sso.updateOnLoginHint") })}
      ${checkbox({ name: "trustEmail", label: tr("sso.trustEmail"), checked: v.trustEmail, hint: tr("sso.trustEmailHint") })}
      ${checkbox({
        name: "trustExternalId",
        label: tr("sso.trustExternalId"),
        checked: v.trustExternalId,
        hint: tr("sso.trustExternalIdHint"),
      })}
      ${textarea({
        name: "emailDomains",
        label: tr("sso.emailDomains"),
        value: v.emailDomains.join("\n"),
        hint: tr("sso.emailDomainsHint"),
        error: e.emailDomains,
        rows: 3,
      })}
      ${input({
        name: "supportContact",
        label: tr("sso.supportContact"),
        value: v.supportContact,
        hint: tr("sso.supportContactHint"),
        error: e.supportContact,
      })}
    </fieldset>
    <details class="group" ${Object.keys(e).some((k) => k.startsWith("claims")) ? html` open` : ""}>
      <summary>${tr("sso.claims")}</summary>
      <p class="hint">${tr("sso.claimsHint")}</p>
      ${CLAIM_KEYS.map((key) =>
        input({ name: `claims.${key}`, label: key, value: v.claims[key], error: e[`claims.${key}`] }),
      )}
    </details>
    <div class="form-actions">
      <button type="submit">${o.creating ? tr("common.create") : tr("common.save")}</button>
    </div>
  </form>`;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { createRequire } from "node:module";

/**
 * samlify's type declarations pull in TypeScript's DOM lib (via @xmldom/xmldom), which changes
 * Node's global types for the whole program: it is loaded untyped and the little used is described.
 */
interface SamlifyIdp {
  getMetadata(): string;
  createLoginResponse(
    sp: unknown,
    requestInfo: unknown,
    binding: "post",
    user: Record<string, unknown>,
    options: { customTagReplacement: (template: string) => { id: string; context: string } },
  ): Promise<{ context: string }>;
}
interface Samlify {
  setSchemaValidator(validator: { validate: (xml: string) => Promise<unknown> }): void;
  IdentityProvider(settings: Record<string, unknown>): SamlifyIdp;
  ServiceProvider(settings: { metadata: string }): unknown;
}
const samlify = createRequire(__filename)("samlify") as Samlify;

// The SP validates schema-free; samlify insists on a validator being set (STACK.md "Gotchas").
samlify.setSchemaValidator({ validate: async () => "skipped" });

const FIXTURES = join(__dirname, "..", "fixtures", "sso");
const read = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
export const IDP_CERT = read("idp-cert.pem");
export const ATTACKER_CERT = read("attacker-cert.pem");
export const IDP_ENTITY_ID = "https://idp.example.test/saml";
export const IDP_SSO_URL = "https://idp.example.test/saml/sso";

export interface SamlUser {
  nameId: string;
  attributes: Record<string, string | string[]>;
}

/** Everything an attack test may bend; each defaults to what a correct IdP sends. */
export interface ResponseOptions {
  inResponseTo?: string | null;
  audience?: string;
  recipient?: string;
  destination?: string;
  issuer?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  assertionId?: string;
  /** Sign with a key the connection does not trust. */
  signer?: "idp" | "attacker";
  encrypt?: boolean;
}

const esc = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function attributeStatement(attributes: SamlUser["attributes"]): string {
  const items = Object.entries(attributes).map(
    ([name, value]) =>
      `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${(
        [] as string[]
      )
        .concat(value)
        .map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`)
        .join("")}</saml:Attribute>`,
  );
  return `<saml:AttributeStatement>${items.join("")}</saml:AttributeStatement>`;
}

function identityProvider(signer: "idp" | "attacker", encrypt: boolean) {
  return samlify.IdentityProvider({
    entityID: IDP_ENTITY_ID,
    privateKey: read(`${signer}-key.pem`),
    signingCert: read(`${signer}-cert.pem`),
    isAssertionEncrypted: encrypt,
    nameIDFormat: ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"],
    singleSignOnService: [
      { Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", Location: IDP_SSO_URL },
    ],
    singleLogoutService: [
      { Binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", Location: `${IDP_SSO_URL}/logout` },
    ],
  });
}

/** IdP metadata as an admin would paste it (built by samlify from the test IdP's settings). */
export function idpMetadataXml(): string {
  return identityProvider("idp", false).getMetadata();
}

/** The AuthnRequest id and RelayState from the IdP URL that /start redirected to. */
export function readAuthnRequest(location: string): { id: string; relayState: string } {
  const url = new URL(location);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest") ?? "", "base64")).toString(
    "utf8",
  );
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no ID in the AuthnRequest: ${xml}`);
  return { id, relayState: url.searchParams.get("RelayState") ?? "" };
}

/** A base64 SAMLResponse for the SP described by `spMetadata`, signed the way it asks for. */
export async function samlResponse(
  spMetadata: string,
  user: SamlUser,
  options: ResponseOptions = {},
): Promise<string> {
  const sp = samlify.ServiceProvider({ metadata: spMetadata });
  const idp = identityProvider(options.signer ?? "idp", options.encrypt ?? false);
  const acs = /AssertionConsumerService[^>]*Location="([^"]+)"/.exec(spMetadata)?.[1] ?? "";
  const entityId = /entityID="([^"]+)"/.exec(spMetadata)?.[1] ?? "";
  const now = new Date();
  const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const values: Record<string, string> = {
    ID: `_r${Math.random().toString(36).slice(2)}`,
    AssertionID: options.assertionId ?? `_a${Math.random().toString(36).slice(2)}`,
    Destination: options.destination ?? acs,
    Audience: options.audience ?? entityId,
    SubjectRecipient: options.recipient ?? acs,
    Issuer: options.issuer ?? IDP_ENTITY_ID,
    IssueInstant: now.toISOString(),
    StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
    ConditionsNotBefore: (options.notBefore ?? new Date(now.getTime() - 60_000)).toISOString(),
    ConditionsNotOnOrAfter: notOnOrAfter.toISOString(),
    SubjectConfirmationDataNotOnOrAfter: notOnOrAfter.toISOString(),
    NameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    NameID: user.nameId,
    InResponseTo: options.inResponseTo ?? "",
  };
  const raw = { AuthnStatement: "", AttributeStatement: attributeStatement(user.attributes) };
  const response = await idp.createLoginResponse(
    sp,
    { extract: {} } as never,
    "post",
    {},
    {
      customTagReplacement: (template: string) => {
        let context = template.replace(/\{(\w+)\}/g, (_m, key: string) =>
          key in raw ? raw[key as keyof typeof raw] : esc(values[key] ?? ""),
        );
        // An unsolicited response carries no InResponseTo at all (SAML profiles §4.1.5).
        if (options.inResponseTo === null || !values.InResponseTo)
          context = context.replace(/\sInResponseTo=""/g, "");
        return { id: values.ID as string, context };
      },
    },
  );
  return response.context;
}

/** Decoded XML, for the attacks that edit a signed response. */
export const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
export const encode = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

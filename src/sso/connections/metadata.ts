import { parseStringPromise, processors } from "xml2js";
import { invalid } from "../../lib";
import { normalizeCertificate } from "./certificate";

const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export interface IdpMetadata {
  idpEntityId: string;
  ssoUrl: string;
  certificates: string[];
}

type Node = { $?: Record<string, string>; _?: string } & { [child: string]: Node[] | undefined };
const all = (node: Node | undefined, name: string): Node[] => (node?.[name] as Node[] | undefined) ?? [];
const text = (node: Node | string | undefined) => (typeof node === "string" ? node : (node?._ ?? ""));

const bad = (detail: string) => invalid("sso.invalid_metadata", detail, "metadataXml");

/**
 * Reads what Admit needs from pasted IdP metadata (SAML metadata §2.4.3): the entity id, the
 * HTTP-Redirect SingleSignOnService (node-saml sends AuthnRequests that way), and the signing
 * certificates (KeyDescriptor use="signing" or without `use`). Entra and Okta metadata both fit.
 * xml2js (as node-saml uses) resolves no external entities.
 */
export async function parseIdpMetadata(xml: string): Promise<IdpMetadata> {
  let doc: Record<string, Node>;
  try {
    doc = (await parseStringPromise(xml, { tagNameProcessors: [processors.stripPrefix] })) as Record<
      string,
      Node
    >;
  } catch {
    throw bad("The metadata is not well-formed XML");
  }
  const entity = doc.EntityDescriptor ?? all(doc.EntitiesDescriptor, "EntityDescriptor")[0];
  if (!entity) throw bad("No md:EntityDescriptor in the metadata");
  const idp = all(entity, "IDPSSODescriptor")[0];
  if (!idp) throw bad("No md:IDPSSODescriptor: this is not identity provider metadata");
  const idpEntityId = entity.$?.entityID ?? "";
  if (!idpEntityId) throw bad("The EntityDescriptor has no entityID");

  const redirect = all(idp, "SingleSignOnService").find((s) => s.$?.Binding === REDIRECT);
  const ssoUrl = redirect?.$?.Location ?? "";
  if (!ssoUrl) throw bad("No SingleSignOnService with the HTTP-Redirect binding");

  const certificates: string[] = [];
  for (const key of all(idp, "KeyDescriptor")) {
    const use = key.$?.use;
    if (use && use !== "signing") continue;
    for (const data of all(all(key, "KeyInfo")[0], "X509Data")) {
      const cert = text(all(data, "X509Certificate")[0]).trim();
      if (cert) certificates.push(normalizeCertificate(cert, certificates.length));
    }
  }
  if (!certificates.length) throw bad("No signing certificate in the metadata");
  return { idpEntityId, ssoUrl, certificates: [...new Set(certificates)] };
}

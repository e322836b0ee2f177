import { DOMParser } from "@xmldom/xmldom";
import { invalid } from "../../lib";
import { normalizeCertificate } from "./certificate";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export interface IdpMetadata {
  idpEntityId: string;
  ssoUrl: string;
  certificates: string[];
}

const bad = (detail: string) => invalid("sso.invalid_metadata", detail, "metadataXml");

/**
 * Reads what Admit needs from pasted IdP metadata (SAML metadata §2.4.3): the entity id, the
 * HTTP-Redirect SingleSignOnService (node-saml sends AuthnRequests that way), and the signing
 * certificates (KeyDescriptor use="signing" or without `use`). Entra and Okta metadata both fit.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) },
  }).parseFromString(xml, "text/xml");
  const root = doc?.documentElement;
  if (!root || errors.length) throw bad("The metadata is not well-formed XML");
  const entity =
    root.localName === "EntityDescriptor" ? root : root.getElementsByTagNameNS(MD, "EntityDescriptor").item(0);
  if (!entity || entity.namespaceURI !== MD) throw bad("No md:EntityDescriptor in the metadata");
  const idp = entity.getElementsByTagNameNS(MD, "IDPSSODescriptor").item(0);
  if (!idp) throw bad("No md:IDPSSODescriptor: this is not identity provider metadata");
  const idpEntityId = entity.getAttribute("entityID") ?? "";
  if (!idpEntityId) throw bad("The EntityDescriptor has no entityID");

  const services = Array.from({ length: idp.getElementsByTagNameNS(MD, "SingleSignOnService").length }, (_, i) =>
    idp.getElementsByTagNameNS(MD, "SingleSignOnService").item(i),
  );
  const redirect = services.find((s) => s?.getAttribute("Binding") === REDIRECT);
  const ssoUrl = redirect?.getAttribute("Location") ?? "";
  if (!ssoUrl) throw bad("No SingleSignOnService with the HTTP-Redirect binding");

  const certificates: string[] = [];
  const keys = idp.getElementsByTagNameNS(MD, "KeyDescriptor");
  for (let i = 0; i < keys.length; i++) {
    const key = keys.item(i);
    const use = key?.getAttribute("use");
    if (!key || (use && use !== "signing")) continue;
    const cert = key.getElementsByTagNameNS(DS, "X509Certificate").item(0)?.textContent ?? "";
    if (cert.trim()) certificates.push(normalizeCertificate(cert, certificates.length));
  }
  if (!certificates.length) throw bad("No signing certificate in the metadata");
  return { idpEntityId, ssoUrl, certificates: [...new Set(certificates)] };
}

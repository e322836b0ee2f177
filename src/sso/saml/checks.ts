import type { Profile } from "@node-saml/passport-saml";
import { ssoFail } from "../errors";
import { CLOCK_SKEW_MS, type SpUrls } from "./client";

type Node = { $?: Record<string, string>; _?: string; [child: string]: unknown };
const children = (node: Node | undefined, name: string): Node[] =>
  Array.isArray(node?.[name]) ? (node[name] as Node[]) : [];

export interface AssertionFacts {
  assertionId: string;
  /** Until when the assertion could be used: the replay cache keeps its id that long. */
  expiresAt: Date;
  /** SubjectConfirmationData/@InResponseTo, present on solicited responses. */
  inResponseTo?: string;
}

/**
 * The checks node-saml leaves to the caller: the Issuer is the configured IdP, the Response's
 * Destination and the bearer confirmation's Recipient are this ACS (SAML profiles §4.1.4.2–3,
 * against a response meant for another SP), and an id and an expiry exist for the replay cache.
 * `profile` comes from the verified (signed) assertion, so what is read here is what was signed.
 */
export function checkAssertion(
  profile: Profile,
  settings: { idpEntityId: string },
  urls: SpUrls,
): AssertionFacts {
  if (profile.issuer !== settings.idpEntityId)
    throw ssoFail("sso.saml_response", `unexpected assertion issuer ${profile.issuer}`);
  const destination = responseDestination(profile.getSamlResponseXml?.() ?? "");
  if (destination !== undefined && destination !== urls.acs)
    throw ssoFail("sso.saml_response", `Destination ${destination} is not this ACS`);

  const assertion = (profile.getAssertion?.() as { Assertion?: Node } | undefined)?.Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) throw ssoFail("sso.saml_response", "assertion without an ID");
  const confirmations = children(children(assertion, "Subject")[0], "SubjectConfirmation")
    .filter((c) => c.$?.Method === "urn:oasis:names:tc:SAML:2.0:cm:bearer")
    .map((c) => children(c, "SubjectConfirmationData")[0]?.$ ?? {});
  const mine = confirmations.filter((data) => data.Recipient === urls.acs);
  if (!mine.length)
    throw ssoFail("sso.saml_response", "no bearer SubjectConfirmation for this ACS (Recipient)");

  const conditions = children(assertion, "Conditions")[0]?.$ ?? {};
  const times = [conditions.NotOnOrAfter, ...mine.map((d) => d.NotOnOrAfter)]
    .filter((t): t is string => !!t)
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  if (!times.length)
    throw ssoFail("sso.saml_response", "assertion without NotOnOrAfter cannot be protected from replay");
  return {
    assertionId,
    expiresAt: new Date(Math.max(...times) + CLOCK_SKEW_MS),
    inResponseTo: mine.find((d) => d.InResponseTo)?.InResponseTo,
  };
}

/**
 * The root Response's Destination, read from its start tag: node-saml has already parsed and
 * verified the document, and a second full parse would double the cost of this check. A document
 * that does not start with a Response start tag (a comment or doctype in front) fails closed.
 */
function responseDestination(xml: string): string | undefined {
  if (!xml) return undefined;
  const body = xml.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?/, "");
  const root = /^<(?:[A-Za-z_][\w.-]*:)?Response\b([^>]*)>/.exec(body);
  if (!root) throw ssoFail("sso.saml_response", "the document does not start with a Response");
  const destination = /\sDestination\s*=\s*(["'])(.*?)\1/.exec(root[1] ?? "")?.[2];
  return destination === undefined ? undefined : decodeXmlAttribute(destination);
}

function decodeXmlAttribute(value: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) =>
    /^#x/i.test(name)
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith("#")
        ? String.fromCodePoint(Number(name.slice(1)))
        : (named[name] ?? entity),
  );
}

/** SAML attribute values (strings, or lists of them) → lists of strings; nested XML is ignored. */
export function attributeClaims(profile: Profile): Record<string, string[]> {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const claims: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (list.length) claims[name] = list;
  }
  return claims;
}

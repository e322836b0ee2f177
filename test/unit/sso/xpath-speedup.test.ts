import { dirname, join } from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { samlClient, StateCache } from "../../../src/sso/saml/client";
import { installXpathSpeedup, speedUpXpath } from "../../../src/sso/saml/xpath-speedup";
import type { LoginStateStore } from "../../../src/sso/state";
import { IDP_CERT, decode, samlResponse } from "../../support/saml-idp";

/**
 * The xpath speed-up must not change a single answer: the patched library and a pristine copy of
 * it evaluate the same queries on the same parsed documents (real signed SAML responses, the
 * wrapping attacks of sso-saml-attacks, and odd XML), and must return the same nodes in the same
 * order, or the same value.
 */

type Xpath = {
  select(expr: string, node: unknown, single?: boolean): unknown;
  select1(expr: string, node: unknown): unknown;
  useNamespaces(ns: Record<string, string>): (expr: string, node: unknown, single?: boolean) => unknown;
  FunctionResolver: { prototype: { addStandardFunctions(): void } };
};

const OWNERS = ["@node-saml/node-saml", "xml-crypto"] as const;
const xpathPath = (owner: string) => require.resolve("xpath", { paths: [dirname(require.resolve(owner))] });

function copies(owner: string): { pristine: Xpath; patched: Xpath } {
  const path = xpathPath(owner);
  const { version } = jest.requireActual<{ version: string }>(join(dirname(path), "package.json"));
  let pristine: Xpath | undefined;
  let patched: Xpath | undefined;
  jest.isolateModules(() => {
    pristine = jest.requireActual<Xpath>(path);
  });
  jest.isolateModules(() => {
    patched = jest.requireActual<Xpath>(path);
  });
  if (!pristine || !patched || pristine === patched) throw new Error("expected two separate copies");
  expect(speedUpXpath(patched as never, version)).toBe(true);
  return { pristine, patched };
}

const DSIG = "http://www.w3.org/2000/09/xmldsig#";

async function documents(): Promise<Record<string, string>> {
  const urls = { entityId: "https://sp.example/metadata", acs: "https://sp.example/acs" };
  const settings = {
    idpEntityId: "https://idp.example.test/saml",
    ssoUrl: "https://idp.example.test/saml/sso",
    certificates: [IDP_CERT.replace(/-----[^-]+-----|\s/g, "")],
    nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    wantAssertionsSigned: true,
  };
  const client = samlClient(settings as never, urls, new StateCache({} as LoginStateStore, "c"), {
    idpInitiated: true,
  });
  const spMetadata = client.generateServiceProviderMetadata(null);
  const user = {
    nameId: "mallory",
    attributes: { email: "mallory@acme.example", department: ["Cardiology", "Sales"], title: "Nurse" },
  };
  const signed = decode(await samlResponse(spMetadata, user, { inResponseTo: "_req1" }));
  const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)?.[0] as string;
  const forged = assertion
    .replace(/ID="[^"]+"/, 'ID="_forged"')
    .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
    .replace(/>mallory</, ">admin<");
  return {
    signed,
    unsolicited: decode(await samlResponse(spMetadata, user, { inResponseTo: null })),
    extensions: signed.replace(assertion, `<samlp:Extensions>${assertion}</samlp:Extensions>${forged}`),
    wrap: signed.replace(assertion, forged.replace("</saml:Assertion>", `${assertion}</saml:Assertion>`)),
    append: signed.replace(assertion, `${assertion}${forged}`),
    duplicateIds: signed.replace(
      assertion,
      `${assertion}<x:Other xmlns:x="urn:x" Id="_forged" id="_forged"/>`,
    ),
    odd:
      `<?xml version="1.0"?><!-- lead --><r:root xmlns:r="urn:r" xmlns:ID="_fake" ID="_top">` +
      `<?pi data?><a ID="_a" r:ID="_ra">t1<![CDATA[c<d]]><!--c--><b id="_b">x</b><b Id="_b2"/>` +
      `</a><a xmlns="urn:default"><c ID="_c">&amp;&lt;</c></a>text<ds:Signature xmlns:ds="${DSIG}"/></r:root>`,
  };
}

function queries(doc: Document): string[] {
  const ids = new Set<string>(["_forged", "_none", "_a", "_b", "_b2", "_c", "_top", "_fake", "_ra"]);
  for (const e of Array.from(doc.getElementsByTagName("*")))
    for (const a of Array.from(e.attributes)) if (/^(ID|Id|id)$/.test(a.localName ?? "")) ids.add(a.value);
  const byId = [...ids].flatMap((id) => [
    ...["Id", "ID", "id"].map((attr) => `//*[@*[local-name(.)='${attr}']='${id}']`),
    `//*[@ID="${id}"]`,
  ]);
  return [
    ...byId,
    // node-saml
    "/*[local-name()='Response']/@InResponseTo",
    "/*[local-name()='Response']/*[local-name()='Assertion']",
    "/*[local-name()='Response']/*[local-name()='EncryptedAssertion']",
    `./*[local-name(.)='Signature' and namespace-uri(.)='${DSIG}']`,
    `.//*[local-name(.)='Transform' and namespace-uri(.)='${DSIG}']`,
    "/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Subject']/*[local-name()='NameID']",
    // xml-crypto
    `//*[local-name(.)='Signature' and namespace-uri(.)='${DSIG}']`,
    `.//*[local-name(.)='Signature' and namespace-uri(.)='${DSIG}']`,
    "//*[local-name()='SignedInfo']",
    ".//*[local-name(.)='CanonicalizationMethod']/@Algorithm",
    ".//*[local-name(.)='SignatureMethod']/@Algorithm",
    ".//*[local-name(.)='SignatureValue']/text()",
    ".//*[local-name(.)='KeyInfo']",
    ".//comment()",
    // the grammar around them
    "//*",
    "//@*",
    "//node()",
    "//text()",
    "//comment()",
    "//processing-instruction()",
    "//*[2]",
    "(//*)[3]",
    "//*[position() = last()]",
    "//*[last() - 1]",
    "//*[count(*) > 1]",
    "//*[@ID]/ancestor::*",
    "//*[@ID]/ancestor-or-self::*[1]",
    "//*[local-name()='AttributeValue']/following-sibling::*",
    "//*[local-name()='AttributeValue'][1]/following::*[2]",
    "//*[local-name()='AttributeValue']/preceding::*[1]",
    "//*[local-name()='Attribute'][last()]/@Name",
    "//*[local-name()='Attribute'][@Name='department']/*[position() > 1]/text()",
    "//*[not(*)][string-length(normalize-space(.)) > 3]",
    "//*[starts-with(@ID, '_') and contains(name(), ':')]",
    "//*[@*[local-name(.)='ID']=//*[local-name()='Reference']/@URI]",
    "//*/namespace::*",
    "//*[namespace-uri() = 'urn:default']",
    "//*[@ID | @Id | @id]",
    "//*[.//*[@ID]]/..",
    "/descendant::*[3]/self::*",
    "id('_a')",
    "string(//*[local-name()='Issuer'])",
    "count(//*)",
    "sum(//*[local-name()='nothing'])",
    "boolean(//*[@ID='_forged'])",
    "concat(name(/*), '|', local-name(//*[2]))",
    "//*[lang('en')]",
  ];
}

/** Nodes by identity where they are the document's own; namespace nodes (made per query) by value. */
function describe_(result: unknown, all: Node[]): unknown {
  if (!Array.isArray(result)) {
    if (result && typeof result === "object" && "nodeType" in result) return describe_([result], all);
    return result;
  }
  return result.map((n: Node & { ownerElement?: Node }) => {
    const index = all.indexOf(n);
    if (index >= 0) return index;
    return `${n.nodeType}:${n.nodeName}=${n.nodeValue}@${all.indexOf(n.ownerElement ?? n.parentNode ?? n)}`;
  });
}

function allNodes(doc: Document): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    out.push(n);
    const el = n as Element;
    if (el.attributes) for (const a of Array.from(el.attributes)) out.push(a);
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(doc);
  return out;
}

let docs: Record<string, string>;
beforeAll(async () => {
  docs = await documents();
});

describe.each(OWNERS)("xpath as loaded by %s", (owner) => {
  test("answers every query exactly as the unpatched library, from the document and from inside it", () => {
    const { pristine, patched } = copies(owner);
    let compared = 0;
    for (const [name, xml] of Object.entries(docs)) {
      const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
      const all = allNodes(doc);
      const contexts: Node[] = [
        doc,
        doc.documentElement,
        ...Array.from(doc.getElementsByTagName("*")).slice(2, 4),
      ];
      for (const context of contexts)
        for (const query of queries(doc)) {
          const run = (x: Xpath) => {
            try {
              return { value: describe_(x.select(query, context), all) };
            } catch (error) {
              return { error: (error as Error).message };
            }
          };
          expect({ name, query, ...run(patched) }).toEqual({ name, query, ...run(pristine) });
          compared++;
        }
      const ns = { saml: "urn:oasis:names:tc:SAML:2.0:assertion", ds: DSIG };
      for (const query of [
        "//saml:Assertion/@ID",
        "//ds:Reference/@URI",
        "//saml:Attribute[2]/saml:AttributeValue",
      ]) {
        const a = describe_(patched.useNamespaces(ns)(query, doc), all);
        expect(a).toEqual(describe_(pristine.useNamespaces(ns)(query, doc), all));
        const plain = query.replace(/(?:saml|ds):(\w+)/g, "*[local-name()='$1']");
        expect(describe_(patched.select1(plain, doc), all)).toEqual(
          describe_(pristine.select1(plain, doc), all),
        );
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  test("takes the fast path: far fewer fresh contexts (each builds a function table) per query", () => {
    const { pristine, patched } = copies(owner);
    const doc = new DOMParser().parseFromString(docs.signed as string, "text/xml");
    const count = (x: Xpath) => {
      const proto = x.FunctionResolver.prototype;
      const original = proto.addStandardFunctions;
      let calls = 0;
      proto.addStandardFunctions = function (this: unknown) {
        calls++;
        original.call(this);
      };
      x.select("//*[@*[local-name(.)='ID']='_forged']", doc);
      proto.addStandardFunctions = original;
      return calls;
    };
    const slow = count(pristine);
    const fast = count(patched);
    expect(slow).toBeGreaterThan(50);
    expect(fast).toBeLessThan(slow / 10);
  });
});

test("installXpathSpeedup patches the copies node-saml and xml-crypto load, and only once", () => {
  const paths = installXpathSpeedup();
  expect(paths.sort()).toEqual([...new Set(OWNERS.map(xpathPath))].sort());
  expect(installXpathSpeedup().sort()).toEqual(paths);
  for (const path of paths)
    expect(
      (jest.requireActual<Record<symbol, unknown>>(path) as Record<symbol, unknown>)[
        Symbol.for("admit.xpathSpeedup")
      ],
    ).toBe(true);
});

test("an unknown version is left alone", () => {
  const path = xpathPath("xml-crypto");
  jest.isolateModules(() => {
    const fresh = jest.requireActual<Record<symbol, unknown>>(path);
    expect(speedUpXpath(fresh as never, "0.1.0")).toBe(false);
    expect(fresh[Symbol.for("admit.xpathSpeedup")]).toBeUndefined();
  });
});

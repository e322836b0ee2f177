import request from "supertest";
import {
  decode,
  encode,
  idpMetadataXml,
  readAuthnRequest,
  samlResponse,
  type ResponseOptions,
  type SamlUser,
} from "../support/saml-idp";
import { cookie, expectRefused, footprint, ssoWorld, type SsoWorld } from "./sso-support";

/**
 * One test per attack on the ACS (PRODUCT.md §2 "Security"). Each response is built by a real
 * samlify IdP and then bent the way an attacker would; every one must be refused with a code on
 * the error page, and leave no user, link or session behind.
 */

let w: SsoWorld;
let conn: { id: string; spMetadata: string };
let unsolicited: { id: string; spMetadata: string };

async function connection(body: Record<string, unknown>) {
  const res = await w.acme
    .post("/sso/connections", { kind: "saml", metadataXml: idpMetadataXml(), jit: true, ...body })
    .expect(201);
  const metadata = await request(w.t.app).get(`/o/acme/sso/${res.body.id}/metadata`).expect(200);
  return { id: res.body.id as string, spMetadata: metadata.text };
}

beforeAll(async () => {
  w = await ssoWorld();
  conn = await connection({ name: "SP-initiated only" });
  unsolicited = await connection({ name: "IdP-initiated too", allowIdpInitiated: true });
});
afterAll(async () => w?.t.close());

const person = (nameId: string): SamlUser => ({
  nameId,
  attributes: {
    email: `${nameId}@acme.example`,
    firstName: "Mal",
    lastName: "Lory",
    department: "Cardiology",
  },
});
const mallory = person("mallory");

/** The state cookie each SP-initiated login set in "its" browser, by RelayState. */
const browserCookies = new Map<string, string>();

/** A fresh AuthnRequest, and a response to it that the test may then edit. */
async function solicited(options: ResponseOptions = {}, user = mallory) {
  const start = await request(w.t.app).get(`/o/acme/sso/${conn.id}/start`).expect(303);
  const req = readAuthnRequest(start.headers.location as string);
  const stateCookie = cookie(start, "admit_sso_state");
  if (!stateCookie) throw new Error("/start set no state cookie");
  browserCookies.set(req.relayState, stateCookie);
  const response = await samlResponse(conn.spMetadata, user, { inResponseTo: req.id, ...options });
  return { response, relayState: req.relayState };
}

/** The ACS POST from the browser that started the login (its state cookie), unless told otherwise. */
const post = (
  target: { id: string },
  SAMLResponse: string,
  RelayState?: string,
  browser = RelayState ? browserCookies.get(RelayState) : undefined,
) => {
  const req = request(w.t.app).post(`/o/acme/sso/${target.id}/acs`).type("form");
  if (browser) void req.set("Cookie", browser);
  return req.send({ SAMLResponse, ...(RelayState ? { RelayState } : {}) });
};

async function expectAttackRefused(
  SAMLResponse: string,
  relayState: string | undefined,
  code: string,
  browser?: string,
) {
  const before = await footprint(w.t);
  const res = await post(conn, SAMLResponse, relayState, browser ?? browserCookies.get(relayState ?? ""));
  expectRefused(res, code);
  expect(await footprint(w.t)).toEqual(before);
}

test("control: the unbent response logs in (so the refusals below are about the attack)", async () => {
  const { response, relayState } = await solicited({}, person("control"));
  expect((await post(conn, response, relayState)).status).toBe(303);
});

test("unsigned response (every signature removed) → refused", async () => {
  const { response, relayState } = await solicited();
  const stripped = decode(response).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "");
  expect(stripped).not.toContain("Signature");
  await expectAttackRefused(encode(stripped), relayState, "sso.saml_response");
});

test("response signed by a key the connection does not trust → refused", async () => {
  const { response, relayState } = await solicited({ signer: "attacker" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

describe("XML signature wrapping: the signature covers another element than the one read", () => {
  test.each([
    ["the signed assertion hidden in Extensions, a forged one in its place", "extensions"],
    ["the forged assertion wraps the signed one", "wrap"],
    ["a second, forged assertion after the signed one", "append"],
  ])("%s → refused", async (_name, variant) => {
    const { response, relayState } = await solicited();
    const xml = decode(response);
    const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)?.[0] as string;
    const forged = signed
      .replace(/ID="[^"]+"/, 'ID="_forged"')
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
      .replace(/>mallory</, ">admin<")
      .replace("mallory@acme.example", "admin@acme.example");
    const bent =
      variant === "extensions"
        ? xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${forged}`)
        : variant === "wrap"
          ? xml.replace(signed, forged.replace("</saml:Assertion>", `${signed}</saml:Assertion>`))
          : xml.replace(signed, `${signed}${forged}`);
    await expectAttackRefused(encode(bent), relayState, "sso.saml_response");
    expect(await w.t.services.directory.users.findByLogin(w.acme.org.id, "admin@acme.example")).toBeNull();
  });
});

test("wrong audience (an assertion meant for another SP) → refused", async () => {
  const { response, relayState } = await solicited({ audience: "https://other-sp.example/metadata" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("wrong Recipient in the bearer confirmation → refused", async () => {
  const { response, relayState } = await solicited({ recipient: "https://other-sp.example/acs" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("wrong Destination on the response → refused", async () => {
  const { response, relayState } = await solicited({ destination: "https://other-sp.example/acs" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("another issuer, though signed with the trusted key → refused", async () => {
  const { response, relayState } = await solicited({ issuer: "https://someone-else.example/saml" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("expired assertion (NotOnOrAfter ten minutes ago) → refused", async () => {
  const past = (min: number) => new Date(Date.now() - min * 60_000);
  const { response, relayState } = await solicited({ notBefore: past(20), notOnOrAfter: past(10) });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("not yet valid (NotBefore in ten minutes) → refused", async () => {
  const { response, relayState } = await solicited({ notBefore: new Date(Date.now() + 10 * 60_000) });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("wrong InResponseTo (no request of ours) → refused", async () => {
  const { relayState } = await solicited();
  const response = await samlResponse(conn.spMetadata, mallory, { inResponseTo: "_not-our-request" });
  await expectAttackRefused(response, relayState, "sso.saml_response");
});

test("RelayState of another login → refused", async () => {
  const first = await solicited();
  const second = await solicited();
  await expectAttackRefused(first.response, second.relayState, "sso.state");
});

describe("login CSRF: a response to a login started in another browser", () => {
  test("posted by a browser with no state cookie → refused", async () => {
    const { response, relayState } = await solicited();
    await expectAttackRefused(response, relayState, "sso.state", "admit_other=1");
  });

  test("posted by a browser that started a login of its own (its cookie, the attacker's RelayState) → refused", async () => {
    const attacker = await solicited({}, person("attacker"));
    const victim = await solicited();
    const victimBrowser = browserCookies.get(victim.relayState) as string;
    await expectAttackRefused(attacker.response, attacker.relayState, "sso.state", victimBrowser);
  });
});

test("tampered attribute (department changed after signing) → refused", async () => {
  const { response, relayState } = await solicited();
  const bent = decode(response).replace(">Cardiology<", ">Executive Board<");
  expect(bent).toContain("Executive Board");
  await expectAttackRefused(encode(bent), relayState, "sso.saml_response");
});

test("unsolicited response where IdP-initiated login is off → refused", async () => {
  const response = await samlResponse(conn.spMetadata, mallory, { inResponseTo: null });
  await expectAttackRefused(response, undefined, "sso.saml_response");
});

describe("replay", () => {
  test("an SP-initiated response posted twice: the second is refused", async () => {
    const { response, relayState } = await solicited({}, person("replayed"));
    expect((await post(conn, response, relayState)).status).toBe(303);
    await expectAttackRefused(response, relayState, "sso.saml_response");
  });

  test("an unsolicited response posted twice: the assertion id is remembered → sso.replay", async () => {
    const response = await samlResponse(unsolicited.spMetadata, person("replayed-2"), { inResponseTo: null });
    expect((await post(unsolicited, response)).status).toBe(303);
    const before = await footprint(w.t);
    expectRefused(await post(unsolicited, response), "sso.replay");
    expect(await footprint(w.t)).toEqual(before);
  });

  test("the same assertion posted eight times at once logs in exactly once", async () => {
    const response = await samlResponse(unsolicited.spMetadata, person("racer"), { inResponseTo: null });
    const before = await footprint(w.t);
    const results = await Promise.all(Array.from({ length: 8 }, () => post(unsolicited, response)));
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(await footprint(w.t)).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 1,
    });
  });
});

test("a response for one connection posted to another connection's ACS → refused", async () => {
  const response = await samlResponse(unsolicited.spMetadata, mallory, { inResponseTo: null });
  await expectAttackRefused(response, undefined, "sso.saml_response");
});

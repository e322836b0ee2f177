import request from "supertest";
import { SsoConnection } from "../../src/sso";
import { createTestOrg, type TestOrg } from "../support/app";
import { IDP_CERT, IDP_ENTITY_ID, idpMetadataXml } from "../support/saml-idp";
import { cookie, expectRefused, ssoWorld, type SsoWorld } from "./sso-support";

/** The admin API for SSO connections, the login page's SSO options and home-realm discovery. */

let w: SsoWorld;
let other: TestOrg;
beforeAll(async () => {
  w = await ssoWorld();
  other = await createTestOrg(w.t, "globex");
});
afterAll(async () => w?.t.close());

const saml = (extra: Record<string, unknown> = {}) => ({
  kind: "saml",
  name: "Acme SAML",
  metadataXml: idpMetadataXml(),
  ...extra,
});

describe("admin API /sso/connections", () => {
  test("SAML from fields: 201 with what to paste into the IdP, certificates described, no secrets", async () => {
    const res = await w.acme
      .post("/sso/connections", {
        kind: "saml",
        name: "By hand",
        idpEntityId: IDP_ENTITY_ID,
        ssoUrl: "https://idp.example.test/saml/sso",
        certificates: [IDP_CERT],
        emailDomains: ["@Acme.Example", "acme.example"],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      kind: "saml",
      enabled: true,
      jit: false,
      emailDomains: ["acme.example"],
      saml: {
        idpEntityId: IDP_ENTITY_ID,
        wantAssertionsSigned: true,
        encryptAssertions: false,
        allowIdpInitiated: false,
      },
      sp: {
        entityId: `http://admit.test/o/acme/sso/${res.body.id}/metadata`,
        acsUrl: `http://admit.test/o/acme/sso/${res.body.id}/acs`,
      },
    });
    expect(res.body.saml.certificates[0]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const list = await w.acme.get("/sso/connections").expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(res.body.id);
    await w.acme.del(`/sso/connections/${res.body.id}`).expect(204);
    await w.acme.get(`/sso/connections/${res.body.id}`).expect(404);
  });

  test.each([
    ["metadata that is not XML", saml({ metadataXml: "<not xml" }), 422, "sso.invalid_metadata"],
    [
      "SP metadata instead of IdP metadata",
      saml({ metadataXml: '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>' }),
      422,
      "sso.invalid_metadata",
    ],
    [
      "no certificate",
      { kind: "saml", name: "x", idpEntityId: "e", ssoUrl: "https://idp.example/sso" },
      422,
      "sso.incomplete",
    ],
    [
      "a certificate that is not one",
      saml({ certificates: ["not a certificate"] }),
      422,
      "sso.invalid_certificate",
    ],
    ["an SSO URL that is not a URL", saml({ ssoUrl: "nope" }), 422, "sso.invalid_url"],
    ["an invalid email domain", saml({ emailDomains: ["not a domain"] }), 422, "sso.invalid_domain"],
    ["an OIDC field on a SAML connection", saml({ clientId: "x" }), 400, "request.unknown_field"],
    ["an unknown field", saml({ wantAssertionSigned: false }), 400, "request.unknown_field"],
    ["an unknown kind", { kind: "ldap", name: "x" }, 400, "request.invalid_field"],
    ["OIDC without issuer", { kind: "oidc", name: "x", clientId: "c" }, 422, "sso.incomplete"],
  ])("%s → refused with its status and code", async (_name, body, status, code) => {
    const res = await w.acme.post("/sso/connections", body).expect(status);
    expect(res.body.code).toBe(code);
  });

  test("an email domain belongs to one connection per organisation (409), but another organisation may use it", async () => {
    const first = await w.acme
      .post("/sso/connections", saml({ emailDomains: ["taken.example"] }))
      .expect(201);
    const clash = await w.acme
      .post("/sso/connections", saml({ emailDomains: ["taken.example"] }))
      .expect(409);
    expect(clash.body.code).toBe("sso.domain_taken");
    await other.post("/sso/connections", saml({ emailDomains: ["taken.example"] })).expect(201);
    await w.acme.del(`/sso/connections/${first.body.id}`).expect(204);
  });

  test("PATCH changes settings; a field of the other kind is refused (422)", async () => {
    const created = await w.acme.post("/sso/connections", saml()).expect(201);
    const patched = await w.acme
      .patch(`/sso/connections/${created.body.id}`, {
        jit: true,
        wantAssertionsSigned: false,
        claims: { email: "mail" },
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      jit: true,
      saml: { wantAssertionsSigned: false },
      claims: { email: "mail" },
    });
    const wrong = await w.acme
      .patch(`/sso/connections/${created.body.id}`, { issuer: "https://x.example" })
      .expect(422);
    expect(wrong.body.code).toBe("sso.wrong_kind_field");
  });

  test("secrets are sealed at rest and never returned: SP private key, OIDC client secret", async () => {
    const enc = await w.acme.post("/sso/connections", saml({ encryptAssertions: true })).expect(201);
    expect(enc.body.sp.encryptionCertificate).toMatch(/^MII/);
    const oidc = await w.acme
      .post("/sso/connections", {
        kind: "oidc",
        name: "O",
        issuer: "https://login.example",
        clientId: "c",
        clientSecret: "very-secret-value",
      })
      .expect(201);
    expect(oidc.body.oidc).toEqual({
      issuer: "https://login.example",
      clientId: "c",
      clientSecretSet: true,
      scopes: ["openid", "email", "profile"],
    });
    const rows = await w.t.dataSource.manager.findBy(SsoConnection, {});
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain("PRIVATE KEY");
    expect(raw).not.toContain("very-secret-value");
    expect(JSON.stringify([enc.body, oidc.body])).not.toMatch(/PRIVATE KEY|very-secret-value|sealed/);
  });

  test("SP metadata download (admin API and public URL); none for OIDC", async () => {
    const created = await w.acme.post("/sso/connections", saml()).expect(201);
    const res = await w.acme.get(`/sso/connections/${created.body.id}/metadata`).expect(200);
    expect(res.headers["content-type"]).toMatch(/^application\/samlmetadata\+xml/);
    expect(res.headers["content-disposition"]).toMatch(/^attachment/);
    expect(res.text).toContain(`entityID="${created.body.sp.entityId}"`);
    expect(res.text).toContain(created.body.sp.acsUrl);
    expect(res.text).toContain('WantAssertionsSigned="true"');
    const pub = await request(w.t.app).get(`/o/acme/sso/${created.body.id}/metadata`).expect(200);
    expect(pub.text).toContain(created.body.sp.acsUrl);
    const oidc = await w.acme
      .post("/sso/connections", { kind: "oidc", name: "O2", issuer: "https://login.example", clientId: "c" })
      .expect(201);
    expect((await w.acme.get(`/sso/connections/${oidc.body.id}/metadata`).expect(404)).body.code).toBe(
      "sso.no_metadata",
    );
  });
});

describe("login page and home-realm discovery", () => {
  let connectionId: string;
  let slug: string;
  let api: TestOrg;
  beforeAll(async () => {
    api = await createTestOrg(w.t, "initech");
    slug = "initech";
    connectionId = (
      await api
        .post("/sso/connections", saml({ name: "Initech Entra", emailDomains: ["initech.example"] }))
        .expect(201)
    ).body.id;
    await api.post("/sso/connections", saml({ name: "Switched off", enabled: false })).expect(201);
  });

  test("the login page offers 'Sign in with …' for enabled connections and the email-first form", async () => {
    const page = await request(w.t.app).get(`/o/${slug}/login?next=/o/${slug}/account`).expect(200);
    expect(page.text).toContain("Sign in with Initech Entra");
    expect(page.text).toContain(`href="/o/${slug}/sso/${connectionId}/start?next=%2Fo%2F${slug}%2Faccount"`);
    expect(page.text).not.toContain("Switched off");
    expect(page.text).toContain(`action="/o/${slug}/login/discover"`);
    expect((await request(w.t.app).get("/o/acme/login").expect(200)).text).not.toContain("/login/discover");
  });

  async function discover(email: string, withCsrf = true) {
    const page = await request(w.t.app).get(`/o/${slug}/login`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    return request(w.t.app)
      .post(`/o/${slug}/login/discover`)
      .set("Cookie", cookie(page, "admit_csrf") ?? "")
      .type("form")
      .send({ email, ...(withCsrf ? { _csrf: csrf } : {}) });
  }

  test("an email of an SSO domain goes to its IdP (with login_hint)", async () => {
    const res = await discover("Ann@Initech.example");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/o/${slug}/sso/${connectionId}/start?login_hint=Ann%40Initech.example`,
    );
    const start = await request(w.t.app)
      .get(res.headers.location as string)
      .expect(303);
    expect(start.headers.location).toMatch(/^https:\/\/idp\.example\.test\/saml\/sso\?SAMLRequest=/);
  });

  test("any other email goes back to the password form with the email filled in", async () => {
    const res = await discover("bob@elsewhere.example");
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="bob@elsewhere.example"');
    expect(res.text).toContain('type="password"');
  });

  test("discovery is CSRF-protected", async () => {
    expect((await discover("ann@initech.example", false)).status).toBe(403);
  });

  test("unknown, foreign and disabled connections end on the error page with a code", async () => {
    expectRefused(await request(w.t.app).get(`/o/${slug}/sso/not-an-id/start`), "sso.unknown_connection");
    // Another organisation's connection under this organisation's slug: never across organisations.
    expectRefused(await request(w.t.app).get(`/o/acme/sso/${connectionId}/start`), "sso.unknown_connection");
    const off = (await api.get("/sso/connections").expect(200)).body.items.find(
      (c: { enabled: boolean }) => !c.enabled,
    );
    expectRefused(await request(w.t.app).get(`/o/${slug}/sso/${off.id}/start`), "sso.disabled");
  });
});

import request from "supertest";
import { SsoLink } from "../../src/sso";
import {
  idpMetadataXml,
  IDP_SSO_URL,
  readAuthnRequest,
  samlResponse,
  type SamlUser,
} from "../support/saml-idp";
import { accountPage, cookie, expectRefused, footprint, ssoWorld, type SsoWorld } from "./sso-support";

/** SAML 2.0 end to end against a samlify IdP (PRODUCT.md §2): JIT, second login, linking, refusals. */

let w: SsoWorld;
beforeAll(async () => {
  w = await ssoWorld();
});
afterAll(async () => w?.t.close());

async function connection(body: Record<string, unknown> = {}) {
  const res = await w.acme
    .post("/sso/connections", { kind: "saml", name: "Acme Entra", metadataXml: idpMetadataXml(), ...body })
    .expect(201);
  const metadata = await request(w.t.app).get(`/o/acme/sso/${res.body.id}/metadata`).expect(200);
  return { id: res.body.id as string, spMetadata: metadata.text, json: res.body };
}

/** SP-initiated: /start → (the IdP signs in the user) → POST to the ACS. */
async function login(conn: { id: string; spMetadata: string }, user: SamlUser, next?: string) {
  const start = await request(w.t.app)
    .get(`/o/acme/sso/${conn.id}/start${next ? `?next=${encodeURIComponent(next)}` : ""}`)
    .expect(303);
  expect(start.headers.location).toMatch(new RegExp(`^${IDP_SSO_URL}\\?SAMLRequest=`));
  const request_ = readAuthnRequest(start.headers.location as string);
  const SAMLResponse = await samlResponse(conn.spMetadata, user, { inResponseTo: request_.id });
  // The same browser: the state cookie /start set comes back with the IdP's POST.
  return request(w.t.app)
    .post(`/o/acme/sso/${conn.id}/acs`)
    .set("Cookie", cookie(start, "admit_sso_state") ?? "")
    .type("form")
    .send({ SAMLResponse, RelayState: request_.relayState });
}

const nurse = (nameId: string, extra: Record<string, string | string[]> = {}): SamlUser => ({
  nameId,
  attributes: {
    email: `${nameId}@acme.example`,
    firstName: "Nora",
    lastName: "Nightingale",
    title: "Staff Nurse",
    department: "Cardiology",
    groups: ["lms-managers", "everyone"],
    ...extra,
  },
});

describe("JIT on", () => {
  let conn: { id: string; spMetadata: string };
  beforeAll(async () => {
    conn = await connection({ jit: true });
  });

  test("first login creates an active sso user with mapped department, job profile and permission type", async () => {
    const before = await footprint(w.t);
    const res = await login(conn, nurse("nora"));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/o/acme/account");
    const account = await accountPage(w.t, "acme", res);
    expect(account.text).toContain("nora@acme.example");
    const user = (await w.t.services.directory.users.findByLogin(w.acme.org.id, "nora@acme.example"))!;
    const view = await w.t.services.directory.users.view(w.acme.org.id, user.id);
    expect(view).toMatchObject({
      status: "active",
      source: "sso",
      firstName: "Nora",
      lastName: "Nightingale",
    });
    expect(view.departments.map((d) => d.name)).toEqual(["Cardiology"]);
    expect(view.jobProfile).toEqual({ id: w.nurseId, name: "Nurse" });
    expect(view.permissionTypes.map((p) => p.id)).toEqual([w.managerId]);
    // No activation message for SSO users.
    expect(Number((await w.t.dataSource.query("SELECT COUNT(*) AS n FROM outbox_messages"))[0].n)).toBe(0);
    expect(await footprint(w.t)).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 1,
    });
  });

  test("second login (renamed at the IdP) is the same user: the subject is the key", async () => {
    const before = await footprint(w.t);
    const res = await login(
      conn,
      nurse("nora", { email: "nora.renamed@acme.example" }),
      "/o/acme/account?tab=1",
    );
    expect(res.headers.location).toBe("/o/acme/account?tab=1");
    await accountPage(w.t, "acme", res);
    expect(await footprint(w.t)).toEqual({ ...before, sessions: before.sessions + 1 });
    expect(
      await w.t.services.directory.users.findByLogin(w.acme.org.id, "nora.renamed@acme.example"),
    ).toBeNull();
  });

  test("a deactivated user is refused and gets no session", async () => {
    await login(conn, nurse("dora"));
    const dora = (await w.t.services.directory.users.findByLogin(w.acme.org.id, "dora@acme.example"))!;
    await w.t.services.directory.users.setStatus(w.acme.org.id, dora.id, "deactivated");
    const before = await footprint(w.t);
    const res = await login(conn, nurse("dora"));
    expectRefused(res, "sso.deactivated");
    expect(await footprint(w.t)).toEqual(before);
  });

  test("encrypted assertions: the SP key pair's certificate is in the metadata and the assertion decrypts", async () => {
    const enc = await connection({ jit: true, encryptAssertions: true, name: "Encrypted" });
    expect(enc.spMetadata).toContain('use="encryption"');
    expect(enc.json.sp.encryptionCertificate).toEqual(expect.any(String));
    const start = await request(w.t.app).get(`/o/acme/sso/${enc.id}/start`).expect(303);
    const req = readAuthnRequest(start.headers.location as string);
    const SAMLResponse = await samlResponse(enc.spMetadata, nurse("erin"), {
      inResponseTo: req.id,
      encrypt: true,
    });
    expect(Buffer.from(SAMLResponse, "base64").toString()).toContain("EncryptedAssertion");
    const res = await request(w.t.app)
      .post(`/o/acme/sso/${enc.id}/acs`)
      .set("Cookie", cookie(start, "admit_sso_state") ?? "")
      .type("form")
      .send({ SAMLResponse, RelayState: req.relayState });
    expect(res.status).toBe(303);
    await accountPage(w.t, "acme", res);
  });

  test("IdP-initiated login works only where the connection opted in; RelayState stays on this origin", async () => {
    const unsolicited = (spMetadata: string) =>
      samlResponse(spMetadata, nurse("ivy"), { inResponseTo: null });
    const refused = await request(w.t.app)
      .post(`/o/acme/sso/${conn.id}/acs`)
      .type("form")
      .send({ SAMLResponse: await unsolicited(conn.spMetadata) });
    expectRefused(refused, "sso.saml_response");
    const opted = await connection({ jit: true, allowIdpInitiated: true, name: "IdP initiated" });
    const res = await request(w.t.app)
      .post(`/o/acme/sso/${opted.id}/acs`)
      .type("form")
      .send({
        SAMLResponse: await unsolicited(opted.spMetadata),
        RelayState: "https://evil.example/o/acme/account",
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/o/acme/account");
    const deepLink = await request(w.t.app)
      .post(`/o/acme/sso/${opted.id}/acs`)
      .type("form")
      .send({
        SAMLResponse: await unsolicited(opted.spMetadata),
        RelayState: "http://admit.test/o/acme/account?x=1",
      });
    expect(deepLink.headers.location).toBe("/o/acme/account?x=1");
  });
});

describe("JIT off", () => {
  test("nobody matches → the not-provisioned page names whom to contact; nothing is created", async () => {
    const conn = await connection({ name: "No JIT", supportContact: "IT helpdesk, it@acme.example" });
    const before = await footprint(w.t);
    const res = await login(conn, nurse("nobody"));
    expect(res.status).toBe(403);
    expect(res.text).toContain("IT helpdesk, it@acme.example");
    expect(res.text).toContain("sso.not_provisioned");
    expect(cookie(res, "admit_session")).toBeUndefined();
    expect(await footprint(w.t)).toEqual(before);
  });

  test("a SCIM-created user is linked by externalId when the connection is trusted for it", async () => {
    const scim = await w.t.services.scim.api.dispatch(
      w.acme.org.id,
      "POST",
      "/Users",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "sam@acme.example",
        externalId: "0f9e-sam-object-id",
        name: { givenName: "Sam", familyName: "Scim" },
        emails: [{ value: "sam@acme.example", type: "work", primary: true }],
        active: true,
      },
      {},
    );
    expect(scim.status).toBe(201);
    const untrusted = await connection({ name: "Untrusted" });
    const samlUser = nurse("sam-subject", { objectid: "0f9e-sam-object-id", email: "sam@acme.example" });
    expect((await login(untrusted, samlUser)).status).toBe(403);
    const trusted = await connection({
      name: "Trusted",
      trustExternalId: true,
      claims: { externalId: "objectid" },
    });
    const before = await footprint(w.t);
    const res = await login(trusted, samlUser);
    expect(res.status).toBe(303);
    const account = await accountPage(w.t, "acme", res);
    expect(account.text).toContain("sam@acme.example");
    const link = await w.t.dataSource.manager.findOneByOrFail(SsoLink, { connectionId: trusted.id });
    expect(link.userId).toBe(scim.resourceId);
    expect(await footprint(w.t)).toEqual({
      users: before.users,
      links: before.links + 1,
      sessions: before.sessions + 1,
    });
    const sam = await w.t.services.directory.users.get(w.acme.org.id, scim.resourceId as string);
    expect({ status: sam.status, source: sam.source }).toEqual({ status: "active", source: "scim" });
  });

  test("linking by email needs trustEmail", async () => {
    const email = await connection({ name: "Email trusted", trustEmail: true });
    const res = await login(email, nurse("other-subject", { email: "sam@acme.example" }));
    expect(res.status).toBe(303);
    expect((await accountPage(w.t, "acme", res)).text).toContain("sam@acme.example");
  });
});

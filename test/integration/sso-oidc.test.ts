import request from "supertest";
import { SsoLink } from "../../src/sso";
import { startOidcIdp, type OidcAccount, type OidcIdp } from "../support/oidc-idp";
import { accountPage, cookie, expectRefused, footprint, ssoWorld, type SsoWorld } from "./sso-support";

/**
 * OpenID Connect end to end against a real oidc-provider on 127.0.0.1 (PRODUCT.md §2):
 * authorization code + PKCE + state + nonce, JIT, second login, linking, refusals. One
 * connection (so one registered callback URL); tests change its settings through the admin API.
 */

let w: SsoWorld;
let idp: OidcIdp;
let connectionId: string;

beforeAll(async () => {
  w = await ssoWorld();
  idp = await startOidcIdp();
  const res = await w.acme
    .post("/sso/connections", {
      kind: "oidc",
      name: "Acme Okta",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      jit: true,
      supportContact: "it@acme.example",
    })
    .expect(201);
  connectionId = res.body.id;
  expect(res.body).not.toHaveProperty("clientSecret");
  expect(JSON.stringify(res.body)).not.toContain(idp.clientSecret);
  idp.register([res.body.redirectUri]);
});
afterAll(async () => {
  await idp?.close();
  await w?.t.close();
});

const patch = (body: Record<string, unknown>) =>
  w.acme.patch(`/sso/connections/${connectionId}`, body).expect(200);

/** Start at Admit, sign in at the IdP, come back to the callback with this browser's state cookie. */
async function login(accountId: string, next?: string) {
  const start = await request(w.t.app)
    .get(`/o/acme/sso/${connectionId}/start${next ? `?next=${encodeURIComponent(next)}` : ""}`)
    .expect(303);
  const auth = new URL(start.headers.location as string);
  expect(auth.origin).toBe(idp.issuer);
  expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
  expect(auth.searchParams.get("nonce")).toBeTruthy();
  const callback = new URL(await idp.login(auth.href, accountId));
  return request(w.t.app)
    .get(callback.pathname + callback.search)
    .set("Cookie", cookie(start, "admit_sso_state") ?? "");
}

const account = (name: string, extra: Partial<OidcAccount> = {}): OidcAccount => ({
  email: `${name}@acme.example`,
  email_verified: true,
  given_name: "Olivia",
  family_name: "Okta",
  job_title: "Staff Nurse",
  department: "Oncology",
  groups: ["lms-managers"],
  ...extra,
});

test("first login with JIT on creates an active sso user with mapped department, job profile and permissions", async () => {
  idp.accounts.set("olivia", account("olivia"));
  const before = await footprint(w.t);
  const res = await login("olivia");
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe("/o/acme/account");
  expect((await accountPage(w.t, "acme", res)).text).toContain("olivia@acme.example");
  const user = (await w.t.services.directory.users.findByLogin(w.acme.org.id, "olivia@acme.example"))!;
  const view = await w.t.services.directory.users.view(w.acme.org.id, user.id);
  expect(view).toMatchObject({ status: "active", source: "sso", firstName: "Olivia", lastName: "Okta" });
  expect(view.departments.map((d) => d.name)).toEqual(["Oncology"]);
  expect(view.jobProfile.id).toBe(w.nurseId);
  expect(view.permissionTypes.map((p) => p.id)).toEqual([w.managerId]);
  expect(await footprint(w.t)).toEqual({
    users: before.users + 1,
    links: before.links + 1,
    sessions: before.sessions + 1,
  });
});

test("second login is the same user, and 'update on every login' re-applies the mapping", async () => {
  await patch({ updateOnLogin: true });
  idp.accounts.set("olivia", account("olivia", { department: "Radiology", family_name: "Okta-Smith" }));
  const before = await footprint(w.t);
  const res = await login("olivia", "/o/acme/account");
  expect(res.status).toBe(303);
  await accountPage(w.t, "acme", res);
  expect(await footprint(w.t)).toEqual({ ...before, sessions: before.sessions + 1 });
  const user = (await w.t.services.directory.users.findByLogin(w.acme.org.id, "olivia@acme.example"))!;
  const view = await w.t.services.directory.users.view(w.acme.org.id, user.id);
  expect({ lastName: view.lastName, departments: view.departments.map((d) => d.name) }).toEqual({
    lastName: "Okta-Smith",
    departments: ["Radiology"],
  });
  await patch({ updateOnLogin: false });
});

test("JIT off and nobody matches → not provisioned, whom to contact, nothing created", async () => {
  await patch({ jit: false });
  idp.accounts.set("nobody", account("nobody"));
  const before = await footprint(w.t);
  const res = await login("nobody");
  expect(res.status).toBe(403);
  expect(res.text).toContain("it@acme.example");
  expect(cookie(res, "admit_session")).toBeUndefined();
  expect(await footprint(w.t)).toEqual(before);
});

describe("linking a SCIM-created user", () => {
  let scimUserId: string;
  beforeAll(async () => {
    const created = await w.t.services.scim.api.dispatch(
      w.acme.org.id,
      "POST",
      "/Users",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "scott@acme.example",
        name: { givenName: "Scott", familyName: "Scim" },
        emails: [{ value: "scott@acme.example", type: "work", primary: true }],
      },
      {},
    );
    expect(created.status).toBe(201);
    scimUserId = created.resourceId as string;
  });

  test("an IdP that says email_verified: false is not trusted for the email, even when trusted", async () => {
    await patch({ jit: false, trustEmail: true });
    idp.accounts.set("scott-unverified", account("scott", { email_verified: false }));
    const before = await footprint(w.t);
    expect((await login("scott-unverified")).status).toBe(403);
    expect(await footprint(w.t)).toEqual(before);
  });

  test("by verified email on a connection trusted for email: linked, activated, link stored", async () => {
    idp.accounts.set("scott", account("scott"));
    const res = await login("scott");
    expect(res.status).toBe(303);
    expect((await accountPage(w.t, "acme", res)).text).toContain("scott@acme.example");
    const link = await w.t.dataSource.manager.findOneByOrFail(SsoLink, { connectionId, subject: "scott" });
    expect(link.userId).toBe(scimUserId);
    const user = await w.t.services.directory.users.get(w.acme.org.id, scimUserId);
    expect({ status: user.status, source: user.source }).toEqual({ status: "active", source: "scim" });
  });

  test("once linked, the stored link wins even after the email changes at the IdP", async () => {
    await patch({ trustEmail: false });
    idp.accounts.set("scott", account("scott", { email: "scott.new@acme.example" }));
    const res = await login("scott");
    expect(res.status).toBe(303);
    expect((await accountPage(w.t, "acme", res)).text).toContain("scott@acme.example");
  });
});

test("a deactivated user is refused", async () => {
  const olivia = (await w.t.services.directory.users.findByLogin(w.acme.org.id, "olivia@acme.example"))!;
  await w.t.services.directory.users.setStatus(w.acme.org.id, olivia.id, "deactivated");
  idp.accounts.set("olivia", account("olivia"));
  const before = await footprint(w.t);
  expectRefused(await login("olivia"), "sso.deactivated");
  expect(await footprint(w.t)).toEqual(before);
});

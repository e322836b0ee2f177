import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { hashPassword } from "../../src/auth";
import { startOidcIdp, type OidcIdp } from "../support/oidc-idp";
import {
  authorization as authorize,
  Browser,
  client,
  createTestOrg,
  formOf,
  PASSWORD,
  passwordUser,
  registerClient,
  signInWithPassword,
  startAdmit,
  type LiveAdmit,
  type TestOrg,
} from "./oidc-provider-support";

/**
 * The learning platform signs users in through Admit (PRODUCT.md §7, issue 9): discovery,
 * authorization code + PKCE with a real relying party (openid-client), a browser without
 * JavaScript that follows redirects and posts the Admit login form (password, and SSO through a
 * real upstream oidc-provider), the ID token verified with jose against the JWKS, userinfo.
 */

const REDIRECT = "https://lms.example/auth/callback";
let admit: LiveAdmit;
let idp: OidcIdp;
let acme: TestOrg;
let lms: { clientId: string; secret: string };

beforeAll(async () => {
  admit = await startAdmit();
  acme = await createTestOrg(admit.t, "acme");
  lms = await registerClient(admit, "Learning platform", REDIRECT, acme.org.id);

  // The organisation's upstream IdP, for the SSO path.
  idp = await startOidcIdp();
  const connection = await acme
    .post("/sso/connections", {
      kind: "oidc",
      name: "Acme IdP",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      jit: true,
    })
    .expect(201);
  idp.register([connection.body.redirectUri]);
});
afterAll(async () => {
  await idp?.close();
  await admit?.close();
});

const authorization = (scope?: string) => authorize(admit.issuer, lms, REDIRECT, scope);

const signIn = (browser: Browser, start: string, identifier: string) =>
  signInWithPassword(browser, start, "acme", identifier);

const jwks = () => createRemoteJWKSet(new URL(`${admit.issuer}/jwks`));

test("discovery names the issuer, code + PKCE S256, the endpoints and the LMS scope", async () => {
  const res = await fetch(`${admit.issuer}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Record<string, unknown>;
  expect(doc).toMatchObject({
    issuer: admit.issuer,
    jwks_uri: `${admit.issuer}/jwks`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    id_token_signing_alg_values_supported: ["RS256"],
  });
  expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "lms"]));
  expect(doc.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "none"]);
});

test("password login: the platform gets a verified ID token and userinfo with the LMS claims", async () => {
  const user = await passwordUser(admit.t, acme.org, { email: "pia@acme.example" });
  const view = await admit.t.services.directory.users.view(acme.org.id, user.id);
  const flow = await authorization();
  const browser = new Browser([admit.url]);
  const back = await signIn(browser, flow.url, "pia@acme.example");
  expect(back.left).toBe(true);
  expect(back.url.startsWith(`${REDIRECT}?code=`)).toBe(true);

  const tokens = await flow.exchange(back.url);
  const idToken = tokens.id_token as string;
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks(), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });
  expect(protectedHeader.alg).toBe("RS256");
  const expected = {
    sub: user.id,
    org: acme.org.id,
    org_slug: "acme",
    name: "Pia Password",
    given_name: "Pia",
    family_name: "Password",
    email: "pia@acme.example",
    email_verified: true,
    locale: "da",
    departments: view.departments.map(({ id, name }) => ({ id, name })),
    job_profile: { id: view.jobProfile.id, name: view.jobProfile.name },
    permission_types: view.permissionTypes.map(({ id, name }) => ({ id, name })),
  };
  expect(payload).toMatchObject(expected);
  expect(view.departments.length).toBe(1);

  const userinfo = await client.fetchUserInfo(flow.config, tokens.access_token, user.id);
  expect(userinfo).toMatchObject(expected);
});

test("without the lms scope, the LMS claims are not released", async () => {
  await passwordUser(admit.t, acme.org, { email: "noscope@acme.example", firstName: "Nora" });
  const flow = await authorization("openid email");
  const back = await signIn(new Browser([admit.url]), flow.url, "noscope@acme.example");
  const { payload } = await jwtVerify((await flow.exchange(back.url)).id_token as string, jwks(), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });
  expect(payload.email).toBe("noscope@acme.example");
  expect(payload).not.toHaveProperty("departments");
  expect(payload).not.toHaveProperty("org");
  expect(payload).not.toHaveProperty("given_name");
});

test("SSO login: the Admit login page's SSO button, the upstream IdP, then back to the platform", async () => {
  idp.accounts.set("olivia", {
    email: "olivia@acme.example",
    email_verified: true,
    given_name: "Olivia",
    family_name: "Okta",
  });
  const flow = await authorization();
  const browser = new Browser([admit.url, idp.issuer]);
  const loginPage = await browser.go(flow.url);
  const button = /<a class="button secondary" href="([^"]+)"/.exec(loginPage.body)?.[1];
  expect(button).toMatch(/^\/o\/acme\/sso\/[^/]+\/start\?next=/);
  // The upstream IdP's own login and consent forms.
  let page = await browser.go(new URL(button!.replace(/&amp;/g, "&"), admit.url).href);
  for (let step = 0; !page.left && step < 5; step++) {
    expect(page.url.startsWith(idp.issuer)).toBe(true);
    const form = formOf(page, /./);
    page = await browser.go(form.action, {
      prompt: form.fields.prompt ?? "",
      login: "olivia",
      password: "x",
    });
  }
  expect(page.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
  const tokens = await flow.exchange(page.url);
  const { payload } = await jwtVerify(tokens.id_token as string, jwks(), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });
  const user = await admit.t.services.directory.users.findByLogin(acme.org.id, "olivia@acme.example");
  expect(user).not.toBeNull();
  expect(payload).toMatchObject({
    sub: user!.id,
    org_slug: "acme",
    given_name: "Olivia",
    family_name: "Okta",
    email: "olivia@acme.example",
  });
});

test("a second authorization with a live Admit session needs no login page", async () => {
  await passwordUser(admit.t, acme.org, { email: "again@acme.example" });
  const browser = new Browser([admit.url]);
  const first = await authorization();
  await signIn(browser, first.url, "again@acme.example");
  const second = await authorization();
  const back = await browser.go(second.url);
  expect(back.left).toBe(true);
  expect(browser.visited.some((u) => u.includes("/login?"))).toBe(true);
  expect(browser.visited.filter((u) => u.includes("/o/acme/login?")).length).toBe(1);
  const tokens = await second.exchange(back.url);
  expect(decodeProtectedHeader(tokens.id_token as string).alg).toBe("RS256");
});

test("offline_access with prompt=consent gives a refresh token that yields fresh claims", async () => {
  const user = await passwordUser(admit.t, acme.org, { email: "rita@acme.example", firstName: "Rita" });
  const flow = await authorize(admit.issuer, lms, REDIRECT, "openid offline_access profile lms", {
    prompt: "consent",
  });
  const back = await signIn(new Browser([admit.url]), flow.url, "rita@acme.example");
  const tokens = await flow.exchange(back.url);
  expect(tokens.refresh_token).toEqual(expect.any(String));
  await acme.patch(`/users/${user.id}`, { firstName: "Rita-Marie" }).expect(200);
  const refreshed = await client.refreshTokenGrant(flow.config, tokens.refresh_token as string);
  const { payload } = await jwtVerify(refreshed.id_token as string, jwks(), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });
  expect(payload).toMatchObject({ sub: user.id, given_name: "Rita-Marie", org_slug: "acme" });

  // Deactivated: neither the refresh token nor the access token gives anything more.
  await admit.t.services.directory.users.setStatus(acme.org.id, user.id, "deactivated");
  await expect(client.refreshTokenGrant(flow.config, refreshed.refresh_token ?? "")).rejects.toMatchObject({
    error: "invalid_grant",
  });
  await expect(client.fetchUserInfo(flow.config, refreshed.access_token, user.id)).rejects.toThrow();
});

test("prompt=none without an Admit session answers login_required to the platform", async () => {
  const flow = await authorization();
  const back = await new Browser([admit.url]).go(`${flow.url}&prompt=none`);
  expect(back.left).toBe(true);
  expect(new URL(back.url).searchParams.get("error")).toBe("login_required");
});

test("a one-time password: login, the forced change, then straight back to the platform", async () => {
  // A user given a one-time password by an administrator (pending, must change it).
  const user = await admit.t.services.directory.users.create(
    acme.org.id,
    {
      firstName: "Otto",
      lastName: "Onetime",
      language: "en",
      email: "otto@acme.example",
      jobProfileId: acme.org.defaultJobProfileId as string,
      departmentIds: [acme.org.defaultDepartmentId as string],
      permissionTypeIds: [acme.org.defaultPermissionTypeId as string],
    },
    { source: "manual", passwordHash: await hashPassword(PASSWORD), passwordMustChange: true },
  );
  const flow = await authorization();
  const browser = new Browser([admit.url]);
  const changePage = await signIn(browser, flow.url, "otto@acme.example");
  expect(changePage.url).toContain("/o/acme/password?next=");
  const form = formOf(changePage, /\/o\/acme\/password$/);
  expect(form.fields.next).toMatch(/^\/o\/acme\/oidc\//);

  // A mismatch re-shows the form, still remembering the application's request.
  const retry = await browser.go(form.action, {
    ...form.fields,
    password: "New-Passw0rd-long!",
    confirm: "x",
  });
  expect(retry.status).toBe(422);
  const again = formOf(retry, /\/o\/acme\/password$/);
  expect(again.fields.next).toBe(form.fields.next);

  const back = await browser.go(again.action, {
    ...again.fields,
    password: "New-Passw0rd-long!",
    confirm: "New-Passw0rd-long!",
  });
  expect(back.left).toBe(true);
  expect(back.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
  expect(browser.visited.some((u) => u.includes("/account"))).toBe(false);
  const tokens = await flow.exchange(back.url);
  const { payload } = await jwtVerify(tokens.id_token as string, jwks(), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });
  expect(payload.sub).toBe(user.id);
});

test("a session with a one-time password still to change: the application's request goes through the change", async () => {
  await admit.t.services.directory.users.create(
    acme.org.id,
    {
      firstName: "Ulla",
      lastName: "Unchanged",
      language: "en",
      email: "ulla@acme.example",
      jobProfileId: acme.org.defaultJobProfileId as string,
      departmentIds: [acme.org.defaultDepartmentId as string],
      permissionTypeIds: [acme.org.defaultPermissionTypeId as string],
    },
    { source: "manual", passwordHash: await hashPassword(PASSWORD), passwordMustChange: true },
  );
  const browser = new Browser([admit.url]);
  // Signed in, then left the change page without changing the password.
  await signIn(browser, (await authorization()).url, "ulla@acme.example");
  const flow = await authorization();
  const page = await browser.go(flow.url);
  expect(page.url).toContain("/o/acme/password?next=");
  const form = formOf(page, /\/o\/acme\/password$/);
  const back = await browser.go(form.action, {
    ...form.fields,
    password: "Another-Passw0rd-long",
    confirm: "Another-Passw0rd-long",
  });
  expect(back.left).toBe(true);
  await expect(flow.exchange(back.url)).resolves.toMatchObject({ id_token: expect.any(String) });
});

test("the platform revokes its refresh token: it stops working, and the library prints no notice", async () => {
  await passwordUser(admit.t, acme.org, { email: "rob@acme.example" });
  const flow = await authorize(admit.issuer, lms, REDIRECT, "openid offline_access", { prompt: "consent" });
  const tokens = await flow.exchange(
    (await signIn(new Browser([admit.url]), flow.url, "rob@acme.example")).url,
  );
  const info = jest.spyOn(console, "info");
  try {
    await client.tokenRevocation(flow.config, tokens.refresh_token as string);
    expect(info.mock.calls.flat().join(" ")).not.toContain("oidc-provider");
  } finally {
    info.mockRestore();
  }
  await expect(client.refreshTokenGrant(flow.config, tokens.refresh_token as string)).rejects.toMatchObject({
    error: "invalid_grant",
  });
});

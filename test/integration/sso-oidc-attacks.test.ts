import request from "supertest";
import { startFakeOidc, type FakeOidc } from "../support/fake-oidc";
import { startOidcIdp, type OidcIdp } from "../support/oidc-idp";
import { cookie, expectRefused, footprint, ssoWorld, type SsoWorld } from "./sso-support";

/**
 * One test per attack on the OIDC callback (PRODUCT.md §2 "Security"): the real oidc-provider
 * for what a real IdP can be made to do (a swapped nonce, state or `iss`), and a deliberately
 * broken one for ID tokens no real IdP would issue (`alg: none`, another issuer). All refused,
 * nothing created.
 */

let w: SsoWorld;
let idp: OidcIdp;
let fake: FakeOidc;
let realId: string;
let fakeId: string;

beforeAll(async () => {
  w = await ssoWorld();
  idp = await startOidcIdp();
  fake = await startFakeOidc();
  const base = { kind: "oidc", jit: true, clientSecret: "s3cret" };
  const real = await w.acme
    .post("/sso/connections", {
      ...base,
      name: "Real",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
    })
    .expect(201);
  realId = real.body.id;
  idp.register([real.body.redirectUri]);
  fakeId = (
    await w.acme
      .post("/sso/connections", { ...base, name: "Fake", issuer: fake.issuer, clientId: "admit" })
      .expect(201)
  ).body.id;
  idp.accounts.set("eve", {
    email: "eve@acme.example",
    email_verified: true,
    given_name: "Eve",
    family_name: "Ve",
  });
});
afterAll(async () => {
  await idp?.close();
  await fake?.close();
  await w?.t.close();
});

async function start(id: string) {
  const res = await request(w.t.app).get(`/o/acme/sso/${id}/start`).expect(303);
  return { auth: new URL(res.headers.location as string), cookie: cookie(res, "admit_sso_state") ?? "" };
}

const callback = (url: URL, stateCookie: string) =>
  request(w.t.app)
    .get(url.pathname + url.search)
    .set("Cookie", stateCookie);

async function expectAttackRefused(attempt: () => Promise<request.Response>, code: string) {
  const before = await footprint(w.t);
  expectRefused(await attempt(), code);
  expect(await footprint(w.t)).toEqual(before);
}

test("control: an untouched login succeeds (so the refusals below are about the attack)", async () => {
  const { auth, cookie: c } = await start(realId);
  const res = await callback(new URL(await idp.login(auth.href, "eve")), c);
  expect(res.status).toBe(303);
});

test("wrong nonce (the authorization request's nonce swapped) → refused", async () => {
  const { auth, cookie: c } = await start(realId);
  auth.searchParams.set("nonce", "attacker-chosen-nonce");
  const back = new URL(await idp.login(auth.href, "eve"));
  await expectAttackRefused(() => callback(back, c), "sso.oidc_response");
});

test("wrong state (another login's state, with this browser's cookie) → refused", async () => {
  const mine = await start(realId);
  const other = await start(realId);
  const back = new URL(await idp.login(other.auth.href, "eve"));
  await expectAttackRefused(() => callback(back, mine.cookie), "sso.state");
});

test("a state nobody issued, even with a matching cookie → refused", async () => {
  const { auth } = await start(realId);
  const back = new URL(await idp.login(auth.href, "eve"));
  back.searchParams.set("state", "forged-state");
  await expectAttackRefused(() => callback(back, "admit_sso_state=forged-state"), "sso.state");
});

test("a callback carried to another browser (login CSRF: no state cookie) → refused", async () => {
  const { auth } = await start(realId);
  const back = new URL(await idp.login(auth.href, "eve"));
  await expectAttackRefused(() => callback(back, ""), "sso.state");
});

test("the same callback used twice → the second is refused", async () => {
  const { auth, cookie: c } = await start(realId);
  const back = new URL(await idp.login(auth.href, "eve"));
  expect((await callback(back, c)).status).toBe(303);
  await expectAttackRefused(() => callback(back, c), "sso.state");
});

test("wrong issuer in the authorization response (RFC 9207 `iss`, a mix-up attack) → refused", async () => {
  const { auth, cookie: c } = await start(realId);
  const back = new URL(await idp.login(auth.href, "eve"));
  expect(back.searchParams.get("iss")).toBe(idp.issuer);
  back.searchParams.set("iss", "https://evil.example");
  await expectAttackRefused(() => callback(back, c), "sso.oidc_response");
});

describe("ID tokens no honest IdP issues", () => {
  async function withIdToken(make: (nonce: string) => Promise<string> | string) {
    const { auth, cookie: c } = await start(fakeId);
    fake.nextIdToken = await make(auth.searchParams.get("nonce") ?? "");
    const back = new URL(`http://admit.test/o/acme/sso/${fakeId}/callback`);
    back.searchParams.set("code", "any-code");
    back.searchParams.set("state", auth.searchParams.get("state") ?? "");
    return callback(back, c);
  }
  const claims = (nonce: string, extra: Record<string, unknown> = {}) => ({
    iss: fake.issuer,
    aud: "admit",
    sub: "mallory",
    nonce,
    email: "mallory@acme.example",
    given_name: "Mal",
    family_name: "Lory",
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 300,
    ...extra,
  });

  test("control: a correctly signed token from the fake IdP logs in", async () => {
    const res = await withIdToken((nonce) =>
      fake.signed(claims(nonce, { sub: "control", email: "c@acme.example" })),
    );
    expect(res.status).toBe(303);
  });

  test("`alg: none` (unsigned ID token) → refused", async () => {
    await expectAttackRefused(
      () => withIdToken((nonce) => fake.unsigned(claims(nonce))),
      "sso.oidc_response",
    );
  });

  test("wrong issuer in the ID token → refused", async () => {
    await expectAttackRefused(
      () => withIdToken((nonce) => fake.signed(claims(nonce, { iss: "https://evil.example" }))),
      "sso.oidc_response",
    );
  });

  test("wrong audience (a token for another client) → refused", async () => {
    await expectAttackRefused(
      () => withIdToken((nonce) => fake.signed(claims(nonce, { aud: "someone-else" }))),
      "sso.oidc_response",
    );
  });

  test("expired ID token → refused", async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectAttackRefused(
      () => withIdToken((nonce) => fake.signed(claims(nonce, { iat: past - 300, exp: past }))),
      "sso.oidc_response",
    );
  });

  test("wrong nonce in the ID token → refused", async () => {
    await expectAttackRefused(
      () => withIdToken(() => fake.signed(claims("another-nonce"))),
      "sso.oidc_response",
    );
  });
});

import { decodeJwt } from "jose";
import {
  authorization,
  authorizeUrl,
  Browser,
  client,
  createTestOrg,
  issuedCount,
  passwordUser,
  registerClient,
  signInWithPassword,
  startAdmit,
  type LiveAdmit,
  type TestOrg,
} from "./oidc-provider-support";

/**
 * What the provider refuses, each with an error in OAuth's own format (a redirect with `error`
 * to a registered redirect URI, or an error page when the redirect URI itself is not trusted) and
 * nothing issued: no code, no token.
 */

const REDIRECT = "https://lms.example/cb";
let admit: LiveAdmit;
let acme: TestOrg;
let beta: TestOrg;
let lms: { clientId: string; secret: string };

beforeAll(async () => {
  admit = await startAdmit();
  acme = await createTestOrg(admit.t, "acme");
  beta = await createTestOrg(admit.t, "beta");
  await passwordUser(admit.t, acme.org, { email: "ann@acme.example" });
  await passwordUser(admit.t, beta.org, { email: "bob@beta.example" });
  lms = await registerClient(admit, "LMS", REDIRECT, acme.org.id);
});
afterAll(() => admit?.close());

const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const valid = (overrides: Record<string, string | undefined> = {}) =>
  authorizeUrl(admit.issuer, {
    client_id: lms.clientId,
    response_type: "code",
    scope: "openid lms",
    redirect_uri: REDIRECT,
    state: "s1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...overrides,
  });

/** Asserts a refusal and that nothing was issued while it happened. */
async function refused(work: () => Promise<void>) {
  const before = await issuedCount(admit.t);
  await work();
  expect(await issuedCount(admit.t)).toBe(before);
}

test("a redirect_uri that is not registered: an error page, no redirect anywhere", async () => {
  await refused(async () => {
    const page = await new Browser([admit.url]).go(valid({ redirect_uri: "https://evil.example/cb" }));
    expect(page.left).toBe(false);
    expect(page.status).toBe(400);
    expect(page.body).toContain(
      "redirect_uri did not match any of the client&#39;s registered redirect_uris",
    );
    expect(page.body).not.toContain("<script");
  });
});

test("an unknown client: an error page", async () => {
  await refused(async () => {
    const page = await new Browser([admit.url]).go(valid({ client_id: "no-such-client" }));
    expect(page.left).toBe(false);
    expect(page.status).toBe(400);
    expect(page.body).toContain("invalid_client");
  });
});

test.each([
  ["no PKCE at all", { code_challenge: undefined, code_challenge_method: undefined }],
  ["PKCE plain", { code_challenge: "a".repeat(43), code_challenge_method: "plain" }],
])("%s: error=invalid_request back to the platform, before any login", async (_name, overrides) => {
  await refused(async () => {
    const browser = new Browser([admit.url]);
    const back = await browser.go(valid(overrides));
    expect(back.left).toBe(true);
    const answer = new URL(back.url);
    expect(answer.searchParams.get("error")).toBe("invalid_request");
    expect(answer.searchParams.get("code")).toBeNull();
    expect(browser.visited.some((u) => u.includes("/login"))).toBe(false);
  });
});

test("a deactivated user cannot sign in: the login page refuses, no code", async () => {
  const user = await passwordUser(admit.t, acme.org, { email: "gone@acme.example" });
  await admit.t.services.directory.users.setStatus(acme.org.id, user.id, "deactivated");
  await refused(async () => {
    const flow = await authorization(admit.issuer, lms, REDIRECT);
    const page = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "gone@acme.example");
    expect(page.left).toBe(false);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.url).toBe(`${admit.url}/o/acme/login`);
  });
});

test("a user deactivated between login and code exchange gets no tokens", async () => {
  const user = await passwordUser(admit.t, acme.org, { email: "late@acme.example" });
  const flow = await authorization(admit.issuer, lms, REDIRECT);
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "late@acme.example");
  expect(back.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
  await admit.t.services.directory.users.setStatus(acme.org.id, user.id, "deactivated");
  const before = await issuedCount(admit.t);
  await expect(flow.exchange(back.url)).rejects.toMatchObject({ error: "invalid_grant" });
  // The code was used up (consumed), and nothing new was issued.
  expect(await issuedCount(admit.t)).toBe(before);
});

test("a user of another organisation cannot sign in to this organisation's client", async () => {
  await refused(async () => {
    const flow = await authorization(admit.issuer, lms, REDIRECT);
    const page = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "bob@beta.example");
    expect(page.left).toBe(false);
    expect(page.url).toBe(`${admit.url}/o/acme/login`);
  });
});

test("a live session of another organisation is not used: the browser is sent to this organisation's login", async () => {
  const browser = new Browser([admit.url]);
  // Bob signs in to beta's own pages first.
  const betaLogin = await browser.go(`${admit.url}/o/beta/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(betaLogin.body)?.[1] as string;
  const account = await browser.go(`${admit.url}/o/beta/login`, {
    _csrf: csrf,
    identifier: "bob@beta.example",
    password: "Correct-Horse-Battery-9",
  });
  expect(account.url).toBe(`${admit.url}/o/beta/account`);
  await refused(async () => {
    const flow = await authorization(admit.issuer, lms, REDIRECT);
    const page = await browser.go(flow.url);
    expect(page.left).toBe(false);
    expect(page.url).toContain("/o/acme/login?next=");
  });
});

test("a client without an organisation needs one named; the user must be of that organisation", async () => {
  const shared = await registerClient(admit, "Shared LMS", REDIRECT);
  await refused(async () => {
    const flow = await authorization(admit.issuer, shared, REDIRECT);
    const back = await new Browser([admit.url]).go(flow.url);
    expect(new URL(back.url).searchParams.get("error")).toBe("invalid_request");
    const unknown = await authorization(admit.issuer, shared, REDIRECT, "openid", { organisation: "nope" });
    expect(new URL((await new Browser([admit.url]).go(unknown.url)).url).searchParams.get("error")).toBe(
      "invalid_request",
    );
  });
  const flow = await authorization(admit.issuer, shared, REDIRECT, "openid lms", { organisation: "beta" });
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "beta", "bob@beta.example");
  const tokens = await flow.exchange(back.url);
  expect(decodeJwt(tokens.id_token as string)).toMatchObject({ org: beta.org.id, org_slug: "beta" });
});

test("a wrong client secret, or the stored HMAC presented as the secret, is invalid_client", async () => {
  const flow = await authorization(admit.issuer, lms, REDIRECT);
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "ann@acme.example");
  const code = new URL(back.url).searchParams.get("code") as string;
  const stored = (await admit.t.services.oidc.clients.find(lms.clientId))?.secretHash as string;
  expect(stored).toMatch(/^[0-9a-f]{64}$/);
  expect(stored).not.toBe(lms.secret);
  for (const secret of ["wrong-secret", stored]) {
    const res = await fetch(`${admit.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${lms.clientId}:${secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
  }
  // The secret in the body (client_secret_post) is not accepted either: the client is registered for Basic.
  const post = await fetch(`${admit.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: lms.clientId,
      client_secret: lms.secret,
    }),
  });
  expect(post.status).toBe(401);
});

test("a code is redeemed once, and only with its PKCE verifier", async () => {
  const flow = await authorization(admit.issuer, lms, REDIRECT);
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "ann@acme.example");
  // Another verifier than the one the challenge was made from.
  await expect(
    client.authorizationCodeGrant(flow.config, new URL(back.url), {
      pkceCodeVerifier: client.randomPKCECodeVerifier(),
      expectedState: new URL(back.url).searchParams.get("state") as string,
    }),
  ).rejects.toMatchObject({ error: "invalid_grant" });

  const second = await authorization(admit.issuer, lms, REDIRECT);
  const again = await signInWithPassword(new Browser([admit.url]), second.url, "acme", "ann@acme.example");
  const tokens = await second.exchange(again.url);
  const sub = decodeJwt(tokens.id_token as string).sub as string;
  await expect(client.fetchUserInfo(second.config, tokens.access_token, sub)).resolves.toHaveProperty(
    "sub",
    sub,
  );
  // A replayed code is refused, and what the code gave is revoked with it (RFC 6749 §4.1.2).
  await expect(second.exchange(again.url)).rejects.toMatchObject({ error: "invalid_grant" });
  await expect(client.fetchUserInfo(second.config, tokens.access_token, sub)).rejects.toThrow();
});

test("an interaction opened under another organisation's path is refused", async () => {
  const flow = await authorization(admit.issuer, lms, REDIRECT);
  const browser = new Browser([admit.url]);
  const login = await browser.go(flow.url);
  const next = decodeURIComponent(new URL(login.url).searchParams.get("next") as string);
  expect(next).toMatch(/^\/o\/acme\/oidc\/[\w-]+$/);
  const page = await browser.go(`${admit.url}${next.replace("/o/acme/", "/o/beta/")}`);
  expect(page.status).toBe(400);
  expect(page.left).toBe(false);
});

test("a deleted client can no longer sign anyone in, and its tokens stop working", async () => {
  const old = await registerClient(admit, "Old LMS", REDIRECT, acme.org.id);
  const flow = await authorization(admit.issuer, old, REDIRECT);
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "ann@acme.example");
  const tokens = await flow.exchange(back.url);
  const sub = decodeJwt(tokens.id_token as string).sub as string;

  await admit.t.services.oidc.clients.delete(old.clientId);
  await expect(client.fetchUserInfo(flow.config, tokens.access_token, sub)).rejects.toThrow();
  await refused(async () => {
    const page = await new Browser([admit.url]).go(valid({ client_id: old.clientId }));
    expect(page.status).toBe(400);
    expect(page.body).toContain("invalid_client");
  });
});

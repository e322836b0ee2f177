import { IsNull } from "typeorm";
import { Session } from "../../src/auth";
import { OidcPayload } from "../../src/oidc";
import {
  authorization as authorize,
  Browser,
  client,
  createTestOrg,
  formOf,
  passwordUser,
  signInWithPassword,
  startAdmit,
  type LiveAdmit,
  type Page,
  type TestOrg,
} from "./oidc-provider-support";

/**
 * The platform logs a person out through Admit (OpenID Connect RP-Initiated Logout 1.0,
 * `end_session_endpoint`): the Admit session ends too, so the platform's next sign-in asks for
 * credentials again instead of signing the person straight back in. And the other way round:
 * Admit's own /logout ends the provider session. A real relying party (openid-client) builds the
 * logout URL; a browser without JavaScript follows it.
 */

const REDIRECT = "https://lms.example/auth/callback";
const LOGGED_OUT = "https://lms.example/logged-out";
let admit: LiveAdmit;
let acme: TestOrg;
let lms: { clientId: string; secret: string };

beforeAll(async () => {
  admit = await startAdmit();
  acme = await createTestOrg(admit.t, "acme");
  const created = await admit.t.services.oidc.clients.create({
    name: "Learning platform",
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: [LOGGED_OUT],
    organisationId: acme.org.id,
  });
  lms = { clientId: created.client.clientId, secret: created.secret as string };
});
afterAll(() => admit?.close());

const authorization = () => authorize(admit.issuer, lms, REDIRECT);

/** A person signed in to the platform through Admit in their own browser, with the ID token it got. */
async function signedInToPlatform(email: string) {
  const user = await passwordUser(admit.t, acme.org, { email, language: "en" });
  const browser = new Browser([admit.url]);
  const flow = await authorization();
  const back = await signInWithPassword(browser, flow.url, "acme", email);
  const tokens = await flow.exchange(back.url);
  return { user, browser, config: flow.config, idToken: tokens.id_token as string };
}

const liveSessions = (userId: string) =>
  admit.t.dataSource.getRepository(Session).countBy({ userId, revokedAt: IsNull() });

/** The provider sessions (oidc-provider's own rows) that name the user as their account. */
async function providerSessions(userId: string): Promise<number> {
  const rows = await admit.t.dataSource.getRepository(OidcPayload).findBy({ kind: "Session" });
  return rows.filter((row) => (JSON.parse(row.payload) as { accountId?: string }).accountId === userId)
    .length;
}

/** The platform's logout link, as the relying party library builds it. */
function logoutUrl(
  config: Awaited<ReturnType<typeof authorization>>["config"],
  params: Record<string, string>,
) {
  return client.buildEndSessionUrl(config, params).href;
}

/** Admit's "Sign out?" page: the form the buttons submit, and the answer. */
async function answer(browser: Browser, page: Page, yes: boolean) {
  const form = formOf(page, /\/oidc\/session\/end\/confirm$/);
  return browser.go(form.action, yes ? { ...form.fields, logout: "yes" } : form.fields);
}

/** Where the platform's next authorization leads this browser: its redirect URI (a code) or a page. */
async function nextSignIn(browser: Browser) {
  const flow = await authorization();
  return browser.go(flow.url);
}

test("the platform's logout ends the Admit session: back at the platform with state, and the next sign-in asks for the password", async () => {
  const { user, browser, config, idToken } = await signedInToPlatform("lou@acme.example");
  expect(await liveSessions(user.id)).toBe(1);

  const page = await browser.go(
    logoutUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: "st-42" }),
  );
  // Admit's page in Admit's layout, not the library's default one.
  expect(page.status).toBe(200);
  expect(page.body).toContain('<link rel="stylesheet" href="/assets/admit.css" />');
  expect(page.body).toContain("Sign out?");
  expect(page.body).toMatch(/<button type="submit" form="op.logoutForm" name="logout" value="yes"/);
  expect(page.body).not.toContain("Roboto");

  const back = await answer(browser, page, true);
  expect(back.left).toBe(true);
  expect(back.url).toBe(`${LOGGED_OUT}?state=st-42`);
  expect(await liveSessions(user.id)).toBe(0);
  expect(browser.has("admit_session")).toBe(false);
  expect(await providerSessions(user.id)).toBe(0);

  const again = await nextSignIn(browser);
  expect(again.left).toBe(false);
  expect(again.url).toContain("/o/acme/login?next=");
  expect(again.body).toContain('name="password"');
});

test("'No, stay signed in' ends only the platform's part: the Admit session stays and the next sign-in needs no login", async () => {
  const { user, browser, config, idToken } = await signedInToPlatform("stay@acme.example");
  const page = await browser.go(
    logoutUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: "st-7" }),
  );
  const back = await answer(browser, page, false);
  expect(back.url).toBe(`${LOGGED_OUT}?state=st-7`);
  expect(await liveSessions(user.id)).toBe(1);
  const again = await nextSignIn(browser);
  expect(again.left).toBe(true);
  expect(again.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
});

test("a logout from a browser with no Admit session goes back to the platform without an error", async () => {
  const { config, idToken } = await signedInToPlatform("away@acme.example");
  // Another browser (or the same after its cookies were cleared): nothing to end, nothing to ask.
  const stranger = new Browser([admit.url]);
  const page = await stranger.go(
    logoutUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: LOGGED_OUT, state: "st-0" }),
  );
  expect(page.status).toBe(200);
  expect(page.body).not.toContain("Sign out?");
  // The library's self-submitting form (this browser runs no JavaScript: submitted by hand).
  const form = formOf(page, /\/oidc\/session\/end\/confirm$/);
  const back = await stranger.go(form.action, form.fields);
  expect(back.left).toBe(true);
  expect(back.url).toBe(`${LOGGED_OUT}?state=st-0`);
});

test("one person's logout leaves another person's session alone", async () => {
  const ann = await signedInToPlatform("ann@acme.example");
  const bob = await signedInToPlatform("bob@acme.example");
  const page = await ann.browser.go(
    logoutUrl(ann.config, { id_token_hint: ann.idToken, post_logout_redirect_uri: LOGGED_OUT }),
  );
  expect((await answer(ann.browser, page, true)).url).toBe(LOGGED_OUT);
  expect(await liveSessions(ann.user.id)).toBe(0);
  expect(await liveSessions(bob.user.id)).toBe(1);
  expect(await providerSessions(bob.user.id)).toBe(1);
  const bobAgain = await nextSignIn(bob.browser);
  expect(bobAgain.url.startsWith(`${REDIRECT}?code=`)).toBe(true);
});

test("signed in to Admit but not to the platform in this browser: the logout asks before ending the Admit session", async () => {
  const user = await passwordUser(admit.t, acme.org, { email: "direct@acme.example", language: "en" });
  const browser = new Browser([admit.url]);
  const login = await browser.go(`${admit.url}/o/acme/login`);
  const form = formOf(login, /\/o\/acme\/login$/);
  const account = await browser.go(form.action, {
    ...form.fields,
    identifier: "direct@acme.example",
    password: "Correct-Horse-Battery-9",
  });
  expect(account.url).toBe(`${admit.url}/o/acme/account`);
  const config = (await authorization()).config;
  const page = await browser.go(
    logoutUrl(config, { client_id: lms.clientId, post_logout_redirect_uri: LOGGED_OUT, state: "st-1" }),
  );
  expect(page.body).toContain("Sign out?");
  const back = await answer(browser, page, true);
  expect(back.url).toBe(`${LOGGED_OUT}?state=st-1`);
  expect(await liveSessions(user.id)).toBe(0);
});

test("without a post_logout_redirect_uri the person sees Admit's 'signed out' page", async () => {
  const { user, browser, config, idToken } = await signedInToPlatform("page@acme.example");
  const page = await browser.go(logoutUrl(config, { id_token_hint: idToken }));
  const done = await answer(browser, page, true);
  expect(done.url).toBe(`${admit.issuer}/session/end/success`);
  expect(done.status).toBe(200);
  expect(done.body).toContain('<link rel="stylesheet" href="/assets/admit.css" />');
  expect(done.body).toContain("You are signed out");
  expect(await liveSessions(user.id)).toBe(0);
});

test("an unregistered post_logout_redirect_uri is refused on a sign-out error page and ends nothing", async () => {
  const { user, browser, config, idToken } = await signedInToPlatform("evil@acme.example");
  const url = logoutUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: "https://evil.example/",
  });
  expect((await browser.go(url)).status).toBe(400);
  expect(await liveSessions(user.id)).toBe(1);
  // What a browser (asking for HTML) is shown.
  const res = await fetch(url, { headers: { accept: "text/html" }, redirect: "manual" });
  expect(res.status).toBe(400);
  const body = await res.text();
  expect(body).toContain("<h1>Sign-out failed</h1>");
  expect(body).toContain("post_logout_redirect_uri not registered");
});

test("Admit's own /logout ends the provider session too", async () => {
  const { user, browser } = await signedInToPlatform("self@acme.example");
  expect(await providerSessions(user.id)).toBe(1);
  expect(browser.has("admit_oidc_session")).toBe(true);
  const account = await browser.go(`${admit.url}/o/acme/account`);
  const form = formOf(account, /\/o\/acme\/logout$/);
  const login = await browser.go(form.action, form.fields);
  expect(login.url).toBe(`${admit.url}/o/acme/login`);
  expect(await liveSessions(user.id)).toBe(0);
  expect(await providerSessions(user.id)).toBe(0);
  expect(browser.has("admit_oidc_session")).toBe(false);
  const again = await nextSignIn(browser);
  expect(again.url).toContain("/o/acme/login?next=");
});

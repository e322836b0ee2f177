import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import request from "supertest";
import { createLogger } from "../../src/lib";
import { createOidc, KEY_RETAIN_MS, OIDC_TTL, OidcPayload, OidcSigningKey, type Oidc } from "../../src/oidc";
import {
  authorization,
  Browser,
  createTestOrg,
  passwordUser,
  registerClient,
  signInWithPassword,
  startAdmit,
  type LiveAdmit,
} from "./oidc-provider-support";

/**
 * Several instances on one database. Signing keys: every instance publishes and signs with the
 * same set; a rotation keeps the previous key in the JWKS until what it signed has expired. The
 * artifacts (codes, sessions, interactions) are shared rows. "Instance B" is a second provider on
 * the same database, as a second process behind the load balancer would be.
 */

const REDIRECT = "https://lms.example/cb";
let admit: LiveAdmit;
let lms: { clientId: string; secret: string };
let instanceB: Oidc;
let appB: express.Express;

beforeAll(async () => {
  admit = await startAdmit();
  const acme = await createTestOrg(admit.t, "acme");
  await passwordUser(admit.t, acme.org, { email: "kim@acme.example" });
  lms = await registerClient(admit, "LMS", REDIRECT, acme.org.id);
  instanceB = createOidc({
    dataSource: admit.t.dataSource,
    directory: admit.t.services.directory,
    logger: createLogger("silent"),
    publicUrl: admit.url,
    appSecret: admit.t.config.appSecret,
    sessionTtlMs: admit.t.config.sessionTtlMs,
    trustProxy: false,
    allowHttpRedirects: true,
    keyCheckMs: 0,
    endBrowserSession: (req, res) => admit.t.services.auth.browser.end(req, res),
  });
  appB = express().use(instanceB.router);
});
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) server.close();
  await admit?.close();
});

/** Instance B on a port of its own, for jose's remote key set. */
async function listen(app: express.Express): Promise<string> {
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function idToken(): Promise<string> {
  const flow = await authorization(admit.issuer, lms, REDIRECT);
  const back = await signInWithPassword(new Browser([admit.url]), flow.url, "acme", "kim@acme.example");
  return (await flow.exchange(back.url)).id_token as string;
}

const kids = (body: { keys: Array<{ kid: string; d?: unknown }> }) => body.keys.map((k) => k.kid);
const jwksOfA = async () =>
  (await (await fetch(`${admit.issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
const jwksOfB = async () => (await request(appB).get("/oidc/jwks").expect(200)).body;
const verify = (token: string) =>
  // A fresh key set each time, as a platform that has never seen the JWKS would have.
  jwtVerify(token, createRemoteJWKSet(new URL(`${admit.issuer}/jwks`)), {
    issuer: admit.issuer,
    audience: lms.clientId,
  });

test("the first start creates one key, stored sealed, published by every instance", async () => {
  const first = await idToken();
  const kid = decodeProtectedHeader(first).kid as string;
  expect(kids(await jwksOfA())).toEqual([kid]);
  expect(kids(await jwksOfB())).toEqual([kid]);
  // Only public parts are published; the private key is sealed at rest.
  expect((await jwksOfA()).keys[0]).not.toHaveProperty("d");
  const row = await admit.t.dataSource.getRepository(OidcSigningKey).findOneByOrFail({ kid });
  expect(row.sealedPrivateJwk).toMatch(/^v1\./);
  expect(row.sealedPrivateJwk).not.toContain('"d"');
  expect(JSON.parse(row.publicJwk)).not.toHaveProperty("d");
});

test("after rotate-keys, old tokens still verify, new tokens use the new key, until the old one expires", async () => {
  const before = await idToken();
  const oldKid = decodeProtectedHeader(before).kid as string;

  const rotated = await admit.t.services.oidc.rotateKeys();
  expect(rotated.retired).toEqual([oldKid]);
  expect(rotated.kid).not.toBe(oldKid);
  expect(kids(await jwksOfA())).toEqual([rotated.kid, oldKid]);
  // Instance B did not rotate: it reads the new set from the database.
  expect(kids(await jwksOfB())).toEqual([rotated.kid, oldKid]);

  await expect(verify(before)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });
  const after = await idToken();
  expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
  await expect(verify(after)).resolves.toBeTruthy();

  // The old key stays published at least as long as a token it signed lives.
  const { payload } = await verify(before);
  expect(((payload.exp as number) - (payload.iat as number)) * 1000).toBeLessThanOrEqual(KEY_RETAIN_MS);
  expect(OIDC_TTL.IdToken * 1000).toBeLessThan(KEY_RETAIN_MS);

  // Once that time has passed (moved back here), the old key leaves the JWKS and its tokens fail.
  await admit.t.dataSource
    .getRepository(OidcSigningKey)
    .update({ kid: oldKid }, { retiredAt: new Date(Date.now() - KEY_RETAIN_MS - 1000) });
  expect(kids(await jwksOfB())).toEqual([rotated.kid]);
  await expect(
    jwtVerify(before, createRemoteJWKSet(new URL("/oidc/jwks", await listen(appB))), {
      issuer: admit.issuer,
    }),
  ).rejects.toThrow(/no applicable key/i);
  // The next rotation deletes it.
  const again = await instanceB.rotateKeys();
  expect(again.pruned).toEqual([oldKid]);
  expect(await admit.t.dataSource.getRepository(OidcSigningKey).countBy({ kid: oldKid })).toBe(0);
});

test("a token signed by a key nobody published does not verify", async () => {
  const token = await idToken();
  const [header, body] = token.split(".");
  const forged = `${header}.${body}.${Buffer.from("not a signature").toString("base64url")}`;
  await expect(verify(forged)).rejects.toThrow();
});

test("storage: an artifact expires on read everywhere, is consumed once, and expired rows are pruned", async () => {
  const a = admit.t.services.oidc.store.forKind("AuthorizationCode");
  const b = instanceB.store.forKind("AuthorizationCode");
  await a.upsert("code-1", { grantId: "g1", uid: "u1", accountId: "x" }, 60);
  await a.upsert("code-2", { grantId: "g1" }, 60);
  expect(await b.find("code-1")).toMatchObject({ accountId: "x" });
  expect(await b.findByUid("u1")).toMatchObject({ grantId: "g1" });

  await b.consume("code-1");
  expect((await a.find("code-1"))?.consumed).toEqual(expect.any(Number));

  await a.revokeByGrantId("g1");
  expect(await b.find("code-1")).toBeUndefined();
  expect(await b.find("code-2")).toBeUndefined();

  await a.upsert("old", {}, 60);
  await admit.t.dataSource
    .getRepository(OidcPayload)
    .update({ kind: "AuthorizationCode", id: "old" }, { expiresAt: new Date(Date.now() - 1000) });
  expect(await b.find("old")).toBeUndefined();
  expect(await instanceB.store.pruneNow()).toBeGreaterThanOrEqual(1);
  expect(
    Number((await admit.t.dataSource.query("SELECT COUNT(*) AS n FROM oidc_payloads WHERE id = 'old'"))[0].n),
  ).toBe(0);
});

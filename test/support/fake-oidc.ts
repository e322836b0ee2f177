import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

/**
 * A deliberately broken OpenID provider for the attacks a real one will not perform: it hands out
 * whatever ID token the test gives it (alg "none", another issuer, another audience, expired).
 * Discovery, JWKS and the token endpoint only; the test builds the callback URL itself.
 */
export interface FakeOidc {
  issuer: string;
  /** The next token endpoint answer's id_token. */
  nextIdToken?: string;
  signed(claims: JWTPayload): Promise<string>;
  unsigned(claims: JWTPayload): string;
  close(): Promise<void>;
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const fake: Partial<FakeOidc> = {};
  const server: Server = createServer((req, res) => {
    const json = (body: unknown) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    const issuer = fake.issuer as string;
    if (req.url === "/.well-known/openid-configuration")
      return json({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    if (req.url === "/jwks") return json({ keys: [jwk] });
    if (req.url === "/token" && req.method === "POST") {
      req.resume();
      return req.on("end", () =>
        json({ access_token: "at", token_type: "Bearer", id_token: fake.nextIdToken }),
      );
    }
    res.writeHead(404).end();
    return undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.signed = (claims) =>
    new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).sign(privateKey);
  fake.unsigned = (claims) =>
    `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake as FakeOidc;
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface OidcAccount {
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  locale?: string;
  job_title?: string;
  department?: string;
  groups?: string[];
}

export interface OidcIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login (= subject); tests add and change them. */
  accounts: Map<string, OidcAccount>;
  /** Registers Admit as a client; call once the connection (and so its callback URL) exists. */
  register(redirectUris: string[]): void;
  /** Drives the IdP's own login and consent pages; returns the redirect back to Admit. */
  login(authorizationUrl: string, accountId: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1, port 0, with its development login pages.
 * The issuer URL exists before the client is registered: the connection needs the issuer, and the
 * client registration needs the connection's callback URL.
 */
export async function startOidcIdp(): Promise<OidcIdp> {
  const accounts = new Map<string, OidcAccount>();
  let handler: ((req: never, res: never) => void) | undefined;
  const server: Server = createServer((req, res) => handler?.(req as never, res as never));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "admit-test";
  const clientSecret = "admit-test-secret-0123456789";
  // A real signing key and explicit lifetimes: oidc-provider's quick-start defaults only warn.
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(privateKey)), kid: "test-rs256", alg: "RS256", use: "sig" }] };
  const ttl = {
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    AccessToken: 600,
    IdToken: 600,
    AuthorizationCode: 60,
  };
  const register = (redirectUris: string[]) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      findAccount: async (_ctx: unknown, sub: string) => {
        const account = accounts.get(sub);
        return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
      },
      claims: {
        openid: ["sub"],
        email: ["email", "email_verified"],
        profile: ["given_name", "family_name", "locale", "job_title", "department", "groups"],
      },
      pkce: { required: () => true },
      jwks,
      ttl,
      cookies: { keys: ["oidc-test-cookie-key"] },
    } as never);
    handler = provider.callback() as never;
  };

  const login = (authorizationUrl: string, accountId: string) =>
    driveLogin(issuer, authorizationUrl, accountId);

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    register,
    login,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in at oidc-provider's development pages (login, then consent) like a browser would. */
export async function driveLogin(
  issuer: string,
  authorizationUrl: string,
  accountId: string,
): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (!url.startsWith(issuer)) return url;
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form,
    });
    form = undefined;
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`IdP page without a form (${res.status}): ${page.slice(0, 300)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1] ?? "";
    form = new URLSearchParams({ prompt, login: accountId, password: "any" });
    url = new URL(action, url).href;
  }
  throw new Error("the IdP login did not finish");
}

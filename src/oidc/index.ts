import type { Request, Response, Router } from "express";
import type { DataSource } from "typeorm";
import type { Directory } from "../directory";
import { deriveKey, type Logger } from "../lib";
import { PayloadStore } from "./adapter";
import { ClientService } from "./clients";
import { ProviderHost } from "./host";
import { SigningKeys } from "./keys";
import { endProviderSession } from "./logout";
import { KEY_RETAIN_MS, issuerOf, sessionCookie } from "./provider";
import { oidcRoutes } from "./routes";

export { OIDC_ENTITIES, OidcClient, OidcPayload, OidcSigningKey } from "./entities";
export { SCOPE_CLAIMS, userClaims } from "./claims";
export { TTL as OIDC_TTL, KEY_RETAIN_MS, issuerOf } from "./provider";
export type { KeyInfo } from "./keys";
export type { CreateClientInput } from "./clients";
export { ClientService, SigningKeys, PayloadStore };

/** Admit as the OpenID provider of the learning platform (PRODUCT.md §7). */
export interface Oidc {
  issuer: string;
  /** Mount after the browser-session middleware: `/oidc/*` and `/o/{org}/oidc/{uid}`. */
  router: Router;
  clients: ClientService;
  keys: SigningKeys;
  store: PayloadStore;
  /** A new signing key now; the previous ones stay in the JWKS until what they signed expired. */
  rotateKeys(): ReturnType<SigningKeys["rotate"]>;
  /** Ends this browser's provider session (Admit's own /logout): its row and its cookie. */
  endSession(req: Request, res: Response): Promise<void>;
}

export interface OidcDeps {
  dataSource: DataSource;
  directory: Directory;
  logger: Logger;
  publicUrl: string;
  appSecret: string;
  sessionTtlMs: number;
  trustProxy: boolean;
  /** http:// redirect URIs for any host (not only loopback): outside production. */
  allowHttpRedirects: boolean;
  /** How often to look for keys rotated elsewhere (default 10 s; tests shorten it). */
  keyCheckMs?: number;
  /** Ends this browser's Admit session and clears its cookie (RP-initiated logout ends it too). */
  endBrowserSession(req: Request, res: Response): Promise<void>;
}

export function createOidc(deps: OidcDeps): Oidc {
  const store = new PayloadStore(deps.dataSource);
  const keys = new SigningKeys(
    deps.dataSource,
    deriveKey(deps.appSecret, "oidc-signing-keys"),
    KEY_RETAIN_MS,
  );
  const clients = new ClientService(
    deps.dataSource,
    deriveKey(deps.appSecret, "oidc-client-secret"),
    deps.allowHttpRedirects,
  );
  const host = new ProviderHost({ ...deps, clients, keys, store }, keys, deps.keyCheckMs);
  return {
    issuer: issuerOf(deps.publicUrl),
    router: oidcRoutes({ host, clients, directory: deps.directory }),
    clients,
    keys,
    store,
    rotateKeys: async () => {
      const result = await keys.rotate();
      host.invalidate();
      return result;
    },
    endSession: async (req, res) =>
      endProviderSession(await host.get(), req, res, sessionCookie(deps.publicUrl)),
  };
}

import type { DataSource } from "typeorm";
import type { Auth } from "../auth";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import type { MappingService } from "../mapping";
import { deriveKey, type Clock, type Logger } from "../lib";
import { ConnectionService } from "./connections/service";
import { ssoRoutes } from "./http/routes";
import { SsoLogin } from "./login";
import { OidcFlow } from "./oidc/flow";
import { ReplayCache } from "./replay";
import { SamlFlow } from "./saml/flow";
import { secretBox } from "./secrets";
import { LoginStateStore } from "./state";

export {
  SSO_ENTITIES,
  SsoConnection,
  SsoEmailDomain,
  SsoLink,
  SsoLoginState,
  SsoReplay,
  SSO_KINDS,
} from "./entities";
export type { SsoKind } from "./entities";
export { CLAIM_KEYS, NAME_ID_FORMATS } from "./connections/types";
export type { ConnectionCreate, ConnectionFields, ClaimNames } from "./connections/types";
export type { ConnectionWithDomains } from "./connections/service";
export { describeCertificate } from "./connections/certificate";
export { ConnectionService, SsoLogin, SamlFlow, OidcFlow };

export interface Sso {
  connections: ConnectionService;
  login: SsoLogin;
  /** The protocol flows on their own (validation without account or session), for benchmarks. */
  flows: { saml: SamlFlow; oidc: OidcFlow };
  router: ReturnType<typeof ssoRoutes>;
}

export interface SsoDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  mapping: MappingService;
  auth: Auth;
  appSecret: string;
  publicUrl: string;
  /** Plain-http IdPs (local test IdPs): never in production. */
  allowHttpIdps: boolean;
}

/** The SSO bridge (PRODUCT.md §2): connections, SAML and OIDC logins, JIT and linking. */
export function createSso(deps: SsoDeps): Sso {
  const box = secretBox(deriveKey(deps.appSecret, "sso"));
  const connections = new ConnectionService({
    dataSource: deps.dataSource,
    withTransaction: deps.withTransaction,
    clock: deps.clock,
    box,
    allowHttp: deps.allowHttpIdps,
  });
  const states = new LoginStateStore(deps.dataSource, deps.clock, box);
  const flows = {
    saml: new SamlFlow(connections, states, new ReplayCache(deps.dataSource, deps.clock)),
    oidc: new OidcFlow(connections, states, deps.allowHttpIdps),
  };
  const login = new SsoLogin({
    connections,
    ...flows,
    withTransaction: deps.withTransaction,
    directory: deps.directory,
    mapping: deps.mapping,
    auth: deps.auth,
    clock: deps.clock,
    publicUrl: deps.publicUrl,
  });
  const router = ssoRoutes({
    login,
    directory: deps.directory,
    auth: deps.auth,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
  });
  return { connections, login, flows, router };
}

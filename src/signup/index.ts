import type { DataSource } from "typeorm";
import type { Activation } from "../activation";
import type { ThrottleFactory } from "../auth";
import type { WithTransaction } from "../db";
import type { Directory, Organisation } from "../directory";
import type { Clock, Logger } from "../lib";
import { DEFAULT_SIGNUP_LIMITS, SignupThrottles, type SignupLimits } from "./limits";
import { SignupService, type SsoLookup } from "./service";
import { SignupSettingsService } from "./settings";

export { SignupSettingsRow, SIGNUP_ENTITIES } from "./settings.entity";
export { SIGNUP_FIELDS } from "./form";
export type { SignupErrors, SignupField, SignupForm, SignupProblem, FormChoices } from "./form";
export { DEFAULT_SIGNUP_LIMITS } from "./limits";
export type { SignupLimits } from "./limits";
export type { SignupFormModel, SignupOutcome, SsoLookup, SsoTarget } from "./service";
export type { SignupDefaults, SignupSettings, SignupSettingsUpdate } from "./settings";
export { SignupService, SignupSettingsService };

/** Self sign-up (PRODUCT.md §4): its settings per organisation and the public form's rules. */
export interface Signup {
  settings: SignupSettingsService;
  service: SignupService;
  /** Whether the login page offers "Create one now!". */
  isOpen(org: Organisation): Promise<boolean>;
}

export interface SignupModuleDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  activation: Activation;
  /** Counters for the limits: shared through Redis when REDIS_URL is set. */
  throttles?: ThrottleFactory;
  limits?: Partial<SignupLimits>;
  /**
   * The SSO module's home-realm discovery: an email whose domain belongs to an SSO connection
   * is sent there instead of getting an account. Unset until the SSO module is wired (app.ts).
   */
  ssoForEmail?: SsoLookup;
}

export function createSignup(deps: SignupModuleDeps): Signup {
  const limits = { ...DEFAULT_SIGNUP_LIMITS, ...deps.limits };
  const settings = new SignupSettingsService(
    deps.dataSource,
    deps.withTransaction,
    deps.directory,
    deps.clock,
  );
  const service = new SignupService({
    directory: deps.directory,
    activation: deps.activation,
    settings,
    throttles: new SignupThrottles(limits, deps.throttles),
    limits,
    logger: deps.logger,
    ssoForEmail: deps.ssoForEmail,
  });
  return {
    settings,
    service,
    isOpen: async (org) => (await settings.get(org.id)).enabled,
  };
}

/**
 * Adapts the SSO module's `connections.findByEmail` to the lookup sign-up needs: the person
 * starts that connection's login, their email passed along as the login hint.
 */
export function ssoLookupFrom(connections: {
  findByEmail(organisationId: string, email: string): Promise<{ id: string; name: string } | null>;
}): SsoLookup {
  return async (org, email) => {
    const connection = await connections.findByEmail(org.id, email);
    if (!connection) return null;
    const hint = encodeURIComponent(email);
    return { name: connection.name, href: `/o/${org.slug}/sso/${connection.id}/start?login_hint=${hint}` };
  };
}

import type { Organisation, User } from "../directory";
import { deriveKey } from "../lib";
import type { ActivationContext, ActivationDeps } from "./context";
import type { Channel } from "./outbox";
import { grantOneTimePassword, type Grant, type GrantInput } from "./one-time-password";
import type { Template } from "./render";
import { SelfService, type SelfServiceOptions } from "./self-service";
import { ActivationService, type BulkFilter, type BulkResult, type LinkSent } from "./service";
import { SettingsService } from "./settings";
import { sendSignupAttemptNotice } from "./signup-notice";
import { activationStatus, type ActivationStatusView } from "./status";
import { parsePurpose, TemplateService, type TemplateView } from "./templates";
import { TokenStore } from "./tokens";

export * from "./entities";
export type { ActivationDeps } from "./context";
export type { Grant, GrantInput } from "./one-time-password";
export type { BulkFilter, BulkResult, LinkSent } from "./service";
export type { SelfServiceOptions } from "./self-service";
export type { CommunicationSettings, SettingsUpdate, AutoSendSource } from "./settings";
export type { ActivationStatus, ActivationStatusView } from "./status";
export type { TemplateView } from "./templates";
export type { MessagePurpose, Template } from "./render";
export { AUTO_SEND_SOURCES, DEFAULT_SETTINGS } from "./settings";
export { ACTIVATION_STATUSES } from "./status";
export { MESSAGE_PURPOSES, renderTemplate, checkTemplate } from "./render";
export { routeFor } from "./routing";
export type { Route } from "./routing";
export { defaultTemplate } from "./default-templates";

/** Activation and communication (PRODUCT.md §3): the public face of the module. */
export interface Activation {
  settings: SettingsService;
  templates: TemplateService;
  links: ActivationService;
  selfService: SelfService;
  /** An administrator's send or resend of one user's activation link. */
  send(organisationId: string, userId: string): Promise<LinkSent>;
  sendMany(organisationId: string, filter: BulkFilter): Promise<BulkResult>;
  status(organisationId: string, userId: string): Promise<ActivationStatusView>;
  grantOneTimePassword(organisationId: string, userId: string, input: GrantInput): Promise<Grant>;
  getTemplate(org: Organisation, purpose: string, language: string): Promise<TemplateView>;
  /** Tells the owner of an existing account that someone tried to sign up with their details. */
  notifySignupAttempt(org: Organisation, user: User): Promise<Channel | null>;
  putTemplate(org: Organisation, purpose: string, language: string, input: Template): Promise<TemplateView>;
}

export function createActivation(deps: ActivationDeps, options: SelfServiceOptions = {}): Activation {
  const ctx: ActivationContext = {
    ...deps,
    settings: new SettingsService(deps.dataSource, deps.withTransaction, deps.clock),
    templates: new TemplateService(deps.dataSource, deps.withTransaction, deps.clock),
    tokens: new TokenStore(deriveKey(deps.appSecret, "activation"), deps.clock),
  };
  const links = new ActivationService(ctx);
  // Automatic activation on creation, in the creating transaction (and links end on deactivation).
  deps.directory.users.onChange(links.onUserChange);
  return {
    settings: ctx.settings,
    templates: ctx.templates,
    links,
    selfService: new SelfService(ctx, links, options),
    send: (organisationId, userId) => links.send(organisationId, userId),
    sendMany: (organisationId, filter) => links.sendMany(organisationId, filter),
    status: (organisationId, userId) => activationStatus(ctx, organisationId, userId),
    grantOneTimePassword: (organisationId, userId, input) =>
      grantOneTimePassword(ctx, organisationId, userId, input),
    getTemplate: (org, purpose, language) =>
      ctx.templates.get(org, parsePurpose(purpose), ctx.templates.languageOf(org, language)),
    notifySignupAttempt: (org, user) => sendSignupAttemptNotice(ctx, org, user),
    putTemplate: (org, purpose, language, input) =>
      ctx.templates.put(org, parsePurpose(purpose), ctx.templates.languageOf(org, language), input),
  };
}

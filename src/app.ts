import type { Express } from "express";
import type { DataSource } from "typeorm";
import { createActivation, type Activation } from "./activation";
import { adminApi } from "./admin";
import { createAudit, type AuditLog } from "./audit";
import {
  createAuth,
  hashPassword,
  memoryThrottles,
  redisThrottles,
  type Auth,
  type ThrottleFactory,
} from "./auth";
import type { Config } from "./config";
import { isDatabaseReachable, transactionRunner, type WithTransaction } from "./db";
import { createDirectory, type Directory } from "./directory";
import { createImports, type ImportService } from "./import";
import { createMapping, MappingRule, scimUserToMappingInput, type MappingService } from "./mapping";
import { createNotify, devOutboxRouter, type Notify } from "./notify";
import { createOidc, type Oidc } from "./oidc";
import { createScim, type Scim } from "./scim";
import { createSignup, ssoLookupFrom, type Signup } from "./signup";
import { createSso, type Sso } from "./sso";
import { createWebhooks, type Webhooks } from "./webhooks";
import { createHttpServer } from "./http";
import { AppError, systemClock, type Clock, type Logger } from "./lib";
import { pageErrorHandler, webRoutes } from "./web";
import { consoleRoutes } from "./console";

export interface Services {
  config: Config;
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  auth: Auth;
  mapping: MappingService;
  scim: Scim;
  notify: Notify;
  activation: Activation;
  sso: Sso;
  imports: ImportService;
  signup: Signup;
  /** Directory-change webhooks (src/webhooks): endpoints, outbox rows, dispatcher. */
  webhooks: Webhooks;
  /** Admit as the learning platform's OpenID provider (src/oidc). */
  oidc: Oidc;
  /** Who changed what and when: admin actions in the console and the admin API (src/audit). */
  audit: AuditLog;
  /** Rate-limit counters: Redis when REDIS_URL is set (close it on shutdown), else memory. */
  throttles: ThrottleFactory;
}

/** The composition root: builds every service once from config and an open database. */
export function createServices(
  config: Config,
  dataSource: DataSource,
  logger: Logger,
  clock = systemClock,
): Services {
  const withTransaction = transactionRunner(dataSource);
  const directory = createDirectory({ dataSource, withTransaction, clock });
  // Every directory event fans out to the subscribed webhook endpoints in its own transaction.
  const webhooks = createWebhooks({
    dataSource,
    withTransaction,
    clock,
    logger,
    appSecret: config.appSecret,
    production: config.env === "production",
    pollMs: config.notify.pollMs,
    config: config.webhooks,
    views: (users, tx) => directory.users.views(users, tx),
  });
  directory.users.onEvent((tx, recorded) => webhooks.recorder.userEvents(tx, recorded));
  const throttles = config.redisUrl ? redisThrottles(config.redisUrl, logger) : memoryThrottles;
  const auth = createAuth({
    dataSource,
    users: directory.users,
    appSecret: config.appSecret,
    clock,
    sessionTtlMs: config.sessionTtlMs,
    secureCookies: config.publicUrl.startsWith("https://"),
    throttles,
  });
  // Deactivation signs the person out everywhere at once (PRODUCT.md §1).
  directory.users.onChange(async (tx, user, change) => {
    if (change === "status" && user.status === "deactivated")
      await auth.sessions.endAllFor(user.id, undefined, tx);
  });
  const mapping = createMapping({ dataSource, withTransaction, clock, directory });
  const scim = createScim({
    dataSource,
    withTransaction,
    directory,
    auth,
    clock,
    publicUrl: config.publicUrl,
    resolveAssignments: (organisationId, user, groups, tx) =>
      mapping.resolve(organisationId, scimUserToMappingInput(user, groups), tx),
    mappingUsesGroups: (organisationId, tx) =>
      tx.existsBy(MappingRule, { organisationId, sourceKind: "group" }),
    hashPassword,
    onGroupEvent: (tx, type, group, userIds) => webhooks.recorder.groupEvent(tx, type, group, userIds),
  });
  const notify = createNotify({
    dataSource,
    withTransaction,
    clock,
    logger,
    appSecret: config.appSecret,
    config: config.notify,
    production: config.env === "production",
  });
  // Activation messages go through the outbox, enqueued in the transaction that caused them.
  const activation = createActivation(
    {
      dataSource,
      withTransaction,
      clock,
      logger,
      directory,
      sessions: auth.sessions,
      outbox: notify.outbox,
      publicUrl: config.publicUrl,
      appSecret: config.appSecret,
    },
    { throttles, minimumAnswerMs: config.linkAnswerMs },
  );
  // SSO logins create users through the same directory and mapping engine as SCIM (PRODUCT.md §2).
  const sso = createSso({
    dataSource,
    withTransaction,
    clock,
    logger,
    directory,
    mapping,
    auth,
    appSecret: config.appSecret,
    publicUrl: config.publicUrl,
    allowHttpIdps: config.env !== "production",
  });
  // Excel import: rows go through directory.users.batch (users.create's rules and hooks, source "import").
  const imports = createImports({
    dataSource,
    withTransaction,
    clock,
    logger,
    directory,
    maxBytes: config.importMaxBytes,
    oneTimePasswordLifetimeHours: async (organisationId, tx) =>
      (await activation.settings.get(organisationId, tx)).oneTimePasswordLifetimeHours,
  });
  // Self sign-up creates pending users (source "signup"); an SSO email domain is sent to SSO instead.
  const signup = createSignup({
    dataSource,
    withTransaction,
    clock,
    logger,
    directory,
    activation,
    throttles,
    limits: config.signupLimits,
    ssoForEmail: ssoLookupFrom(sso.connections),
  });
  return {
    config,
    dataSource,
    withTransaction,
    clock,
    logger,
    directory,
    auth,
    mapping,
    scim,
    notify,
    activation,
    sso,
    imports,
    signup,
    webhooks,
    throttles,
    // The learning platform signs users in through Admit; the Admit login is the interaction.
    oidc: createOidc({
      dataSource,
      directory,
      logger,
      publicUrl: config.publicUrl,
      appSecret: config.appSecret,
      sessionTtlMs: config.sessionTtlMs,
      trustProxy: Boolean(config.trustProxy),
      allowHttpRedirects: config.env !== "production",
      endBrowserSession: (req, res) => auth.browser.end(req, res),
    }),
    audit: createAudit({ dataSource, clock, logger }),
  };
}

export function buildApp(services: Services): Express {
  const { config, logger, auth, directory, dataSource } = services;
  const app = createHttpServer({
    logger,
    trustProxy: config.trustProxy,
    production: config.env === "production",
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    const ok = await isDatabaseReachable(dataSource);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });

  app.use("/scim/v2", services.scim.router);
  app.use(auth.browser.load());
  app.use(
    "/api/v1",
    adminApi({
      auth,
      directory,
      mapping: services.mapping,
      provisioningLog: services.scim.log,
      outbox: services.notify.outbox,
      activation: services.activation,
      sso: services.sso,
      imports: services.imports,
      signup: services.signup,
      webhooks: services.webhooks,
      jsonBodyLimit: config.jsonBodyLimit,
      audit: services.audit,
    }),
  );
  app.get("/", (_req, res) => {
    res.type("text").send("Admit is running. Open /o/<organisation>/login to sign in.\n");
  });
  app.use(services.sso.router);
  // OpenID provider (src/oidc): /oidc/* and its interaction /o/{org}/oidc/{uid}, before the pages.
  app.use(services.oidc.router);
  // The administration console (src/console): before the employee pages, which 404 other paths.
  app.use(
    "/o/:org/admin",
    consoleRoutes({
      directory,
      auth,
      activation: services.activation,
      imports: services.imports,
      signup: services.signup,
      sso: services.sso,
      mapping: services.mapping,
      provisioningLog: services.scim.log,
      outbox: services.notify.outbox,
      audit: services.audit,
      clock: services.clock,
      logger,
      publicUrl: config.publicUrl,
      platformOrganisation: config.platformOrganisation,
      withTransaction: services.withTransaction,
    }),
  );
  app.use(
    webRoutes({
      auth,
      directory,
      activation: services.activation,
      sso: services.sso.login,
      signup: services.signup,
      endProviderSession: (req, res) => services.oidc.endSession(req, res),
    }),
  );
  // Never in production: it shows message bodies (activation links) to anyone who asks.
  if (config.env !== "production") {
    const organisationLabel = async (id: string) => (await directory.organisations.getById(id)).slug;
    app.use("/dev/outbox", devOutboxRouter({ reader: services.notify.devOutbox, organisationLabel }));
  }
  app.use(() => {
    throw new AppError("request.no_route", "Not found", { status: 404 });
  });
  app.use(pageErrorHandler());
  return app;
}

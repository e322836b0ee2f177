import type { Express } from "express";
import type { DataSource } from "typeorm";
import { createActivation, type Activation } from "./activation";
import { adminApi } from "./admin";
import { createAuth, hashPassword, type Auth } from "./auth";
import type { Config } from "./config";
import { isDatabaseReachable, transactionRunner, type WithTransaction } from "./db";
import { createDirectory, type Directory } from "./directory";
import { createMapping, MappingRule, scimUserToMappingInput, type MappingService } from "./mapping";
import { createNotify, devOutboxRouter, type Notify } from "./notify";
import { createScim, type Scim } from "./scim";
import { createHttpServer } from "./http";
import { AppError, systemClock, type Clock, type Logger } from "./lib";
import { pageErrorHandler, webRoutes } from "./web";

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
  const auth = createAuth({
    dataSource,
    users: directory.users,
    appSecret: config.appSecret,
    clock,
    sessionTtlMs: config.sessionTtlMs,
    secureCookies: config.publicUrl.startsWith("https://"),
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
  const activation = createActivation({
    dataSource,
    withTransaction,
    clock,
    logger,
    directory,
    sessions: auth.sessions,
    outbox: notify.outbox,
    publicUrl: config.publicUrl,
    appSecret: config.appSecret,
  });
  return { config, dataSource, withTransaction, clock, logger, directory, auth, mapping, scim, notify, activation };
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
      jsonBodyLimit: config.jsonBodyLimit,
    }),
  );
  app.get("/", (_req, res) => {
    res.type("text").send("Admit is running. Open /o/<organisation>/login to sign in.\n");
  });
  app.use(webRoutes({ auth, directory, activation: services.activation }));
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

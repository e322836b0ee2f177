import type { Express } from "express";
import type { DataSource } from "typeorm";
import { adminApi } from "./admin";
import { createAuth, hashPassword, type Auth } from "./auth";
import type { Config } from "./config";
import { isDatabaseReachable, transactionRunner, type WithTransaction } from "./db";
import { createDirectory, type Directory } from "./directory";
import { createMapping, MappingRule, scimUserToMappingInput, type MappingService } from "./mapping";
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
  return { config, dataSource, withTransaction, clock, logger, directory, auth, mapping, scim };
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
      jsonBodyLimit: config.jsonBodyLimit,
    }),
  );
  app.get("/", (_req, res) => {
    res.type("text").send("Admit is running. Open /o/<organisation>/login to sign in.\n");
  });
  app.use(webRoutes({ auth, directory }));
  app.use(() => {
    throw new AppError("request.no_route", "Not found", { status: 404 });
  });
  app.use(pageErrorHandler());
  return app;
}

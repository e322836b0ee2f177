import "reflect-metadata";
import type { Server, ServerResponse } from "node:http";
import { buildApp, createServices } from "./app";
import { ConfigError, loadConfig, type Config } from "./config";
import { moveCheckpointsOffTheEventLoop, openDatabase } from "./db";
import { seedDemo } from "./demo";
import { ENTITIES } from "./entities";
import { createLogger } from "./lib";

/** loadConfig → openDatabase → buildApp → listen; SIGTERM finishes in-flight requests first. */
export async function start(config: Config): Promise<{ server: Server; stop: () => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const dataSource = await openDatabase(config.database, ENTITIES, { migrate: config.autoMigrate });
  const checkpoints = await moveCheckpointsOffTheEventLoop(dataSource, (message) =>
    logger.warn({ message }, "background WAL checkpoint failed"),
  );
  const services = createServices(config, dataSource, logger);
  const seeded = config.seedDemo ? await seedDemo(services.directory) : undefined;
  // The OpenID provider's first signing key, before the first request (several instances starting
  // on a fresh database agree on one: see SigningKeys.ensure).
  if (await services.oidc.keys.ensure()) logger.info("oidc: created the first signing key");
  const app = buildApp(services);
  // Old provisioning-log rows (and the rest past its retention) go now and every six hours (a timer that never keeps the process alive).
  const prune = () =>
    Promise.all([
      services.scim.log
        .prune(config.provisioningLogRetentionDays)
        .catch((error: unknown) => logger.warn({ err: error }, "provisioning log prune failed")),
      services.notify
        .prune(config.outboxRetentionDays)
        .catch((error: unknown) => logger.warn({ err: error }, "outbox prune failed")),
      services.imports
        .prune(config.importRetentionDays)
        .catch((error: unknown) => logger.warn({ err: error }, "import prune failed")),
      // Settled webhook deliveries older than WEBHOOK_RETENTION_DAYS (pending ones never).
      services.webhooks
        .prune()
        .catch((error: unknown) => logger.warn({ err: error }, "webhook delivery prune failed")),
    ]);
  // In the background: a large backlog (first start after a long outage) must not delay listening.
  const firstPrune = prune();
  const pruneTimer = setInterval(() => void prune(), 6 * 3_600_000).unref();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  const base = config.publicUrl;
  logger.info({ url: base, database: config.database.kind }, "Admit is listening");
  // The outbox is delivered from here unless a separate `admit worker` does it (OUTBOX_WORKER=off).
  if (config.notify.worker === "inprocess") {
    services.notify.dispatcher.start();
    // Webhooks go out through the same kind of outbox, wherever the outbox worker runs.
    services.webhooks.dispatcher.start();
  }
  // Without SMTP/SMS settings, messages (activation links) are kept for the browser instead.
  const devOutbox =
    config.env !== "production" && (!config.notify.smtp || !config.notify.sms)
      ? `  Messages:  ${base}/dev/outbox   (no ${config.notify.smtp ? "SMS_PROVIDER" : "SMTP_URL"}: kept here, not sent)`
      : undefined;
  if (seeded) {
    // Printed once, on the run that created it; the password is not stored anywhere in clear.
    process.stdout.write(
      [
        "",
        "  Admit is running with a demo organisation.",
        `  Sign in:   ${base}/o/${seeded.slug}/login`,
        `  Email:     ${seeded.adminEmail}`,
        `  Password:  ${seeded.adminPassword}   (shown only this once)`,
        `  Console:   ${base}/o/${seeded.slug}/admin   (after signing in and choosing a password)`,
        `  Health:    ${base}/healthz`,
        ...(devOutbox ? [devOutbox] : []),
        "",
        "",
      ].join("\n"),
    );
  } else {
    process.stdout.write(
      `\n  Admit is running: ${base}  (demo sign-in: ${base}/o/demo/login)\n${devOutbox ? `${devOutbox}\n` : ""}\n`,
    );
  }

  let stopping: Promise<void> | undefined;
  // Once stopping, responses not yet sent carry `Connection: close`: each such connection ends
  // with its response instead of idling until the keep-alive timeout and delaying the stop.
  const inFlight = new Set<ServerResponse>();
  server.prependListener("request", (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
    if (stopping && !res.headersSent) res.setHeader("Connection", "close");
  });
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("shutting down: finishing in-flight requests");
      clearInterval(pruneTimer);
      for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs).unref());
      await Promise.race([closed, grace]);
      server.closeAllConnections();
      // In-flight sends finish (their timeouts bound them); claimed rows not yet sent are handed back.
      await Promise.race([
        Promise.all([services.notify.dispatcher.stop(), services.webhooks.dispatcher.stop()]),
        grace,
      ]);
      await services.notify.close();
      await services.throttles.close();
      await services.scim.log.flush();
      await firstPrune;
      await checkpoints?.stop();
      await dataSource.destroy();
      logger.info("stopped");
    })());
  return { server, stop };
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  start(config).then(
    ({ stop }) => {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    },
    (error: unknown) => {
      process.stderr.write(
        `Admit failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

/**
 * A separate Admit process for the notify tests (not a test itself), started with
 * `node -r ./scripts/swc-register.js test/integration/notify-child.ts <mode>` and configured
 * through the environment exactly like the server (loadConfig(process.env)).
 *
 *   enqueue  builds the services as main.ts does, starts the in-process dispatcher when
 *            OUTBOX_WORKER=inprocess, commits CHILD_MESSAGE (JSON) in a transaction, prints
 *            {"committed": id} and waits to be killed.
 *   drain    prints {"ready": true}, waits for a line on stdin (so that several start together),
 *            delivers everything due (batch CHILD_BATCH, concurrency CHILD_CONCURRENCY), prints the
 *            summary and exits.
 *   cli …    runs the `admit` command line with the remaining arguments (e.g. `cli worker --once`).
 */
import "reflect-metadata";
import { createServices } from "../../src/app";
import { main as cli } from "../../src/cli";
import { loadConfig } from "../../src/config";
import { openDatabase, transactionRunner } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { createNotify, type OutgoingMessage } from "../../src/notify";

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function main(mode: string): Promise<void> {
  if (mode === "cli") {
    await cli(["node", "admit", ...process.argv.slice(3)]);
    return;
  }
  const config = loadConfig(process.env);
  const dataSource = await openDatabase(config.database, ENTITIES, { migrate: false });
  const logger = createLogger(config.logLevel);
  if (mode === "enqueue") {
    const services = createServices(config, dataSource, logger);
    if (config.notify.worker === "inprocess") services.notify.dispatcher.start();
    const message = JSON.parse(process.env.CHILD_MESSAGE ?? "{}") as OutgoingMessage;
    const id = await services.withTransaction((tx) => services.notify.outbox.enqueue(tx, message));
    print({ committed: id });
    setInterval(() => undefined, 60_000); // stay alive until SIGKILL
    return;
  }
  if (mode === "drain") {
    const notify = createNotify({
      dataSource,
      withTransaction: transactionRunner(dataSource),
      clock: { now: () => new Date() },
      logger,
      appSecret: config.appSecret,
      config: config.notify,
      production: false,
      dispatcher: {
        batchSize: Number(process.env.CHILD_BATCH ?? 64),
        concurrency: Number(process.env.CHILD_CONCURRENCY ?? 16),
      },
    });
    print({ ready: true });
    await new Promise((resolve) => process.stdin.once("data", resolve));
    print(await notify.dispatcher.drain());
    await notify.close();
    await dataSource.destroy();
    process.exit(0);
  }
  throw new Error(`unknown mode ${mode}`);
}

main(process.argv[2] ?? "").catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

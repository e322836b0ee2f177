import type { Command } from "commander";
import { fail, output, withServices } from "../context";

/**
 * `admit worker`: delivers the outbox on its own, beside servers that run with
 * OUTBOX_WORKER=off (or beside in-process dispatchers: claims make any number of them safe).
 * `--once` delivers what is due now and exits, for cron or a one-off catch-up.
 */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("Deliver queued email and SMS (the outbox) until stopped with SIGTERM/SIGINT")
    .option("--once", "deliver everything due now, then exit")
    .option("--json", "machine-readable output")
    .action(async (options: { once?: boolean; json?: boolean }) => {
      try {
        const summary = await withServices(async ({ notify, webhooks, config }) => {
          const { dispatcher } = notify;
          try {
            if (options.once) {
              const [messages, hooks] = await Promise.all([dispatcher.drain(), webhooks.dispatcher.drain()]);
              return { ...messages, webhooks: hooks };
            }
            dispatcher.start();
            // Directory-change webhooks are delivered by the same worker (src/webhooks).
            webhooks.dispatcher.start();
            if (!options.json)
              process.stderr.write(
                `admit worker: delivering the outbox (poll every ${config.notify.pollMs} ms)\n`,
              );
            await new Promise<void>((resolve) => {
              for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve());
            });
            // Waits for in-flight sends; claimed rows not yet sent are handed back at once.
            await Promise.all([dispatcher.stop(), webhooks.dispatcher.stop()]);
            return undefined;
          } finally {
            await notify.close();
          }
        });
        if (summary)
          output(
            options,
            summary,
            `Claimed ${summary.claimed}: ${summary.sent} sent, ${summary.retried} to retry, ${summary.failed} failed.` +
              ` Webhooks: ${summary.webhooks.delivered} delivered, ${summary.webhooks.retried} to retry, ${summary.webhooks.failed} failed.`,
          );
        else output(options, { stopped: true }, "admit worker: stopped.");
      } catch (error) {
        fail(options, error);
      }
    });
}

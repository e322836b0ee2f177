import type { Clock, Logger } from "../lib";
import type { Channels } from "./channels";
import { backoffMs, DeliveryError } from "./delivery-error";
import { scrubError } from "./mask";
import type { OutboxMessage } from "./outbox-message.entity";
import type { OutboxQueue } from "./queue";
import type { Sealer } from "./sealed";

export type Outcome = "sent" | "retried" | "failed";

export interface DeliverDeps {
  queue: OutboxQueue;
  sealer: Sealer;
  channels: Channels;
  clock: Clock;
  logger: Logger;
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * Delivers one claimed message and records what happened: sent; failed at once (the provider
 * refused it for good) or after the last attempt; otherwise due again after a backoff. Logs
 * carry the message id and the (masked) reason, never the recipient or the body.
 */
export async function deliver(deps: DeliverDeps, policy: RetryPolicy, row: OutboxMessage): Promise<Outcome> {
  const { queue, sealer, channels, clock, logger } = deps;
  const log = { messageId: row.id, channel: row.channel, purpose: row.purpose, attempts: row.attempts };
  let content;
  try {
    content = sealer.open(row.id, row.payload ?? "");
  } catch {
    const reason = "The message cannot be opened (was APP_SECRET changed?)";
    await settle(deps, row, () => queue.markFailed(row, reason));
    logger.error(log, "outbox: message cannot be opened");
    return "failed";
  }
  const sender = channels[row.channel];
  try {
    const { id, channel, purpose, organisationId } = row;
    const result = await sender.send({ ...content, id, channel, purpose, organisationId });
    await settle(deps, row, () => queue.markSent(row, clock.now(), result));
    logger.debug({ ...log, transport: result.transport }, "outbox: sent");
    return "sent";
  } catch (error) {
    // Anything a channel throws that is not a DeliveryError (a bug, a library surprise) is
    // treated as transient: retrying is bounded by maxAttempts, losing the message is not.
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(String((error as Error)?.message ?? error), false);
    const reason = scrubError(failure.message);
    if (failure.permanent || row.attempts >= policy.maxAttempts) {
      const why = failure.permanent
        ? reason
        : scrubError(`${reason} (gave up after ${row.attempts} attempts)`);
      const transport = sender.name === "unconfigured" ? undefined : sender.name;
      await settle(deps, row, () => queue.markFailed(row, why, transport));
      logger.warn({ ...log, reason: why }, "outbox: message failed");
      return "failed";
    }
    const delay = backoffMs(row.attempts, policy.backoffBaseMs, policy.backoffMaxMs);
    await settle(deps, row, () => queue.markRetry(row, new Date(clock.now().getTime() + delay), reason));
    logger.info({ ...log, reason, retryInMs: delay }, "outbox: send failed, will retry");
    return "retried";
  }
}

/**
 * Records the outcome, retrying a failed write a few times: a send that happened but was not
 * recorded would be sent again once the lease runs out.
 */
async function settle(deps: DeliverDeps, row: OutboxMessage, write: () => Promise<boolean>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await write()))
        deps.logger.warn({ messageId: row.id }, "outbox: claim was lost before the outcome was recorded");
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** attempt));
    }
  }
}

import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import type { NotifyConfig } from "../config";
import type { WithTransaction } from "../db";
import { deriveKey, type Clock, type Logger } from "../lib";
import { createChannels, type Channels } from "./channels";
import { DevOutboxReader } from "./dev-outbox";
import { Dispatcher, type DispatcherOptions } from "./dispatcher";
import { OutboxService } from "./outbox";
import type { Outbox } from "./types";
import { OutboxQueue } from "./queue";
import { sealer } from "./sealed";

export type * from "./types";
export { OutboxMessage } from "./outbox-message.entity";
export type { Transport } from "./outbox-message.entity";
export { Dispatcher } from "./dispatcher";
export type { DispatcherOptions, DispatchSummary } from "./dispatcher";
export { DeliveryError } from "./delivery-error";
export { sealer } from "./sealed";
export type { Sealer } from "./sealed";
export { maskRecipient } from "./mask";
export { devOutboxRouter } from "./dev-outbox-routes";
export type { DevOutboxDeps } from "./dev-outbox-routes";
export { DevOutboxReader, extractLinks } from "./dev-outbox";
export type { DevMessage } from "./dev-outbox";
export { webhookSignature, verifyWebhookSignature } from "./channels";
export type { Channels, ChannelSender, Envelope, SendResult } from "./channels";

export interface Notify {
  /** What feature modules use: enqueue(tx, message) and deliveriesFor(org, user). */
  outbox: Outbox;
  dispatcher: Dispatcher;
  channels: Channels;
  /** For /dev/outbox (mounted by the app outside production only). */
  devOutbox: DevOutboxReader;
  /** Deletes sent and failed messages older than the retention; pending ones always stay. */
  prune(retentionDays: number): Promise<number>;
  /** Closes the channels (the SMTP pool). Stop the dispatcher first. */
  close(): Promise<void>;
}

export interface NotifyDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  appSecret: string;
  config: NotifyConfig;
  production: boolean;
  /** Tests and the benchmark tune the dispatcher (backoff, batch, lease) and may swap channels. */
  dispatcher?: Partial<DispatcherOptions>;
  channels?: Partial<Channels>;
}

export function createNotify(deps: NotifyDeps): Notify {
  const seal = sealer(deriveKey(deps.appSecret, "outbox"));
  const channels = { ...createChannels(deps.config, deps.production), ...deps.channels };
  const dispatcher = new Dispatcher(
    {
      queue: new OutboxQueue(deps.dataSource, deps.withTransaction),
      sealer: seal,
      channels,
      clock: deps.clock,
      logger: deps.logger,
    },
    { pollMs: deps.config.pollMs, maxAttempts: deps.config.maxAttempts, ...deps.dispatcher },
  );
  const outbox = new OutboxService({
    dataSource: deps.dataSource,
    sealer: seal,
    clock: deps.clock,
    onEnqueued: wakeAfterCommit(deps.dataSource, () => dispatcher.wake()),
  });
  return {
    outbox,
    dispatcher,
    channels,
    devOutbox: new DevOutboxReader(deps.dataSource, seal),
    prune: (retentionDays) => outbox.prune(retentionDays),
    close: async () => {
      await Promise.all(Object.values(channels).map((c) => c.close()));
    },
  };
}

/**
 * Wakes the local dispatcher when a transaction that enqueued commits, so a message leaves in
 * milliseconds rather than at the next poll, without every caller having to remember to.
 * (Other processes' dispatchers find it at their next poll.)
 */
function wakeAfterCommit(dataSource: DataSource, wake: () => void): (tx: EntityManager) => void {
  const enqueued = new WeakSet<QueryRunner>();
  dataSource.subscribers.push({
    afterTransactionCommit: ({ queryRunner }) => {
      if (queryRunner && enqueued.delete(queryRunner)) wake();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (queryRunner) enqueued.delete(queryRunner);
    },
  });
  return (tx) => {
    if (tx.queryRunner) enqueued.add(tx.queryRunner);
  };
}

import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import type { WithTransaction } from "../db";
import type { User, UserView } from "../directory";
import { deriveKey, type Clock, type Logger } from "../lib";
import { sealer } from "../notify";
import { WebhookDeliveries } from "./deliveries";
import { WebhookDispatcher, type WebhookDispatcherOptions } from "./dispatcher";
import { WebhookEndpoints } from "./endpoints";
import { WebhookQueue } from "./queue";
import { WebhookRecorder } from "./recorder";

export { WEBHOOK_ENTITIES, WebhookDelivery, WebhookEndpoint, WebhookEvent } from "./entities";
export type { DeliveryStatus } from "./entities";
export { EVENT_TYPES, GROUP_EVENT_TYPES, USER_EVENT_TYPES, isSubscribable } from "./event-types";
export type { GroupEventType, UserEventType, WebhookEventType } from "./event-types";
export { REPLAY_WINDOW_SECONDS, signWebhook, verifyWebhookSignature } from "./signature";
export { MAX_ENDPOINTS_PER_ORGANISATION } from "./endpoints";
export type { EndpointChange, EndpointInput, EndpointWithSecret } from "./endpoints";
export type { DeliveryPage, DeliveryQuery } from "./deliveries";
export type { GroupFacts } from "./payload";
export { WebhookDispatcher } from "./dispatcher";
export type { WebhookDispatcherOptions, WebhookDispatchSummary } from "./dispatcher";
export type { WebhookDeliveries, WebhookEndpoints, WebhookRecorder };

export interface WebhookConfig {
  maxAttempts: number;
  retentionDays: number;
  /**
   * May endpoints be on loopback/private/link-local addresses? Default: outside production only
   * (WEBHOOK_ALLOW_PRIVATE_NETWORKS; true for on-premises receivers on the internal network).
   */
  allowPrivateNetworks?: boolean;
}

export interface Webhooks {
  endpoints: WebhookEndpoints;
  deliveries: WebhookDeliveries;
  /** Called by the directory and SCIM groups inside the transaction of each change. */
  recorder: WebhookRecorder;
  /** The process's dispatcher: started beside the notify dispatcher (npm start, admit worker). */
  dispatcher: WebhookDispatcher;
  /** Another dispatcher on the same queue (tests of concurrency, tuned backoff). */
  newDispatcher(options?: Partial<WebhookDispatcherOptions>): WebhookDispatcher;
  prune(): Promise<number>;
}

export interface WebhooksDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  appSecret: string;
  production: boolean;
  pollMs: number;
  config: WebhookConfig;
  views: (users: User[], tx: EntityManager) => Promise<UserView[]>;
  dispatcher?: Partial<WebhookDispatcherOptions>;
}

export function createWebhooks(deps: WebhooksDeps): Webhooks {
  // The notify module's AES-GCM sealer under a key of its own; the endpoint id is bound in.
  const box = sealer<{ secret: string }>(deriveKey(deps.appSecret, "webhook-secret"));
  const allowPrivateNetworks = deps.config.allowPrivateNetworks ?? !deps.production;
  const queue = new WebhookQueue(deps.dataSource, deps.withTransaction);
  const newDispatcher = (options: Partial<WebhookDispatcherOptions> = {}) =>
    new WebhookDispatcher(
      {
        queue,
        openSecret: (endpointId, sealed) => box.open(endpointId, sealed).secret,
        clock: deps.clock,
        logger: deps.logger,
        blockPrivateNetworks: !allowPrivateNetworks,
      },
      { pollMs: deps.pollMs, maxAttempts: deps.config.maxAttempts, ...deps.dispatcher, ...options },
    );
  const dispatcher = newDispatcher();
  const deliveries = new WebhookDeliveries({
    dataSource: deps.dataSource,
    withTransaction: deps.withTransaction,
    clock: deps.clock,
    onQueued: () => dispatcher.wake(),
  });
  return {
    endpoints: new WebhookEndpoints({
      dataSource: deps.dataSource,
      withTransaction: deps.withTransaction,
      clock: deps.clock,
      secrets: { seal: (endpointId, secret) => box.seal(endpointId, { secret }) },
      allowHttp: !deps.production,
      allowPrivateNetworks,
    }),
    deliveries,
    recorder: new WebhookRecorder({
      clock: deps.clock,
      views: deps.views,
      onQueued: wakeAfterCommit(deps.dataSource, () => dispatcher.wake()),
    }),
    dispatcher,
    newDispatcher,
    prune: () => deliveries.prune(deps.config.retentionDays),
  };
}

/**
 * Wakes the local dispatcher when a transaction that queued deliveries commits (as the notify
 * outbox does), so an event leaves in milliseconds; other processes find it at their next poll.
 */
function wakeAfterCommit(dataSource: DataSource, wake: () => void): (tx: EntityManager) => void {
  const queued = new WeakSet<QueryRunner>();
  dataSource.subscribers.push({
    afterTransactionCommit: ({ queryRunner }) => {
      if (queryRunner && queued.delete(queryRunner)) wake();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (queryRunner) queued.delete(queryRunner);
    },
  });
  return (tx) => {
    if (tx.queryRunner) queued.add(tx.queryRunner);
  };
}

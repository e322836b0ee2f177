import { PollingDispatcher, type Clock, type Logger, type PollingKind, type PollingOptions } from "../lib";
import type { ClaimedDelivery, WebhookQueue } from "./queue";
import { SEND_TIMEOUT_MS, sendDelivery } from "./send";

export interface WebhookDispatcherOptions extends PollingOptions {
  /** Attempts before a delivery is `failed` (and its subject's later events go on). */
  maxAttempts: number;
  /** How long a claim lasts; far longer than a send may take (SEND_TIMEOUT_MS). */
  leaseMs?: number;
  /** Per attempt (SEND_TIMEOUT_MS by default). */
  sendTimeoutMs?: number;
}

export interface WebhookDispatchSummary {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

export interface WebhookDispatcherDeps {
  queue: WebhookQueue;
  /** The endpoint's signing secret from its sealed column (throws if it does not open). */
  openSecret: (endpointId: string, sealed: string) => string;
  clock: Clock;
  logger: Logger;
  /** Refuse private and loopback addresses when sending (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false). */
  blockPrivateNetworks?: boolean;
}

type Outcome = "delivered" | "retried" | "failed";

const DEFAULTS = {
  batchSize: 32,
  concurrency: 8,
  leaseMs: 120_000,
  backoffBaseMs: 10_000,
  backoffMaxMs: 3_600_000,
  sendTimeoutMs: SEND_TIMEOUT_MS,
};

const WEBHOOKS: PollingKind<Outcome> = {
  name: "webhooks",
  outcomes: ["delivered", "retried", "failed"],
  unsettled: "retried",
  // A delivered row may have unblocked the next event of its subject: look again at once.
  busy: (claimed) => claimed > 0,
};

/**
 * Delivers `webhook_deliveries`, like the notify dispatcher delivers the outbox (and on the same
 * PollingDispatcher loop): claims due rows (only the oldest pending one per endpoint and subject,
 * see queue.ts), POSTs them with bounded concurrency, settles each one. Safe in any number of
 * processes at once.
 */
export class WebhookDispatcher extends PollingDispatcher<
  ClaimedDelivery,
  Outcome,
  WebhookDispatcherOptions,
  WebhookDispatcherDeps
> {
  constructor(deps: WebhookDispatcherDeps, options: WebhookDispatcherOptions) {
    super(WEBHOOKS, { ...DEFAULTS, ...options }, deps);
  }

  protected release(rows: ClaimedDelivery[], now: Date): Promise<void> {
    return this.deps.queue.release(
      rows.map((row) => row.delivery),
      now,
    );
  }

  protected logFields(row: ClaimedDelivery): Record<string, unknown> {
    return { deliveryId: row.delivery.id };
  }

  /** POSTs one claimed delivery and settles it: delivered, retry after a backoff, or failed. */
  protected async send(row: ClaimedDelivery): Promise<Outcome> {
    const { delivery } = row;
    const { queue, clock } = this.deps;
    let secret: string;
    try {
      secret = this.deps.openSecret(delivery.endpointId, row.sealedSecret);
    } catch {
      // APP_SECRET changed: no retry can help; the admin rotates the endpoint's secret.
      await queue.markFailed(
        delivery,
        clock.now(),
        "the signing secret does not open (APP_SECRET changed?)",
        null,
      );
      return "failed";
    }
    const result = await sendDelivery(row, secret, clock, {
      blockPrivate: this.deps.blockPrivateNetworks ?? false,
      timeoutMs: this.o.sendTimeoutMs,
    });
    const now = clock.now();
    if (result.ok) {
      await queue.markDelivered(delivery, now, result.status);
      return "delivered";
    }
    if (delivery.attempts >= this.o.maxAttempts) {
      await queue.markFailed(delivery, now, result.error, result.status);
      return "failed";
    }
    await queue.markRetry(
      delivery,
      new Date(now.getTime() + this.backoff(delivery.attempts)),
      result.error,
      result.status,
    );
    return "retried";
  }

  /** Exponential (base · 2^(n-1), capped) with jitter over its upper half, so retries spread out. */
  private backoff(attempts: number): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}

import type { Clock, Logger } from "../lib";
import type { WebhookDelivery } from "./entities";
import type { ClaimedDelivery, WebhookQueue } from "./queue";
import { SEND_TIMEOUT_MS, sendDelivery } from "./send";

export interface WebhookDispatcherOptions {
  pollMs: number;
  /** Attempts before a delivery is `failed` (and its subject's later events go on). */
  maxAttempts: number;
  batchSize?: number;
  concurrency?: number;
  /** How long a claim lasts; far longer than a send may take (SEND_TIMEOUT_MS). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
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
const empty = (): WebhookDispatchSummary => ({ claimed: 0, delivered: 0, retried: 0, failed: 0 });

/**
 * Delivers `webhook_deliveries`, like the notify dispatcher delivers the outbox: claims due
 * rows (only the oldest pending one per endpoint and subject, see queue.ts), POSTs them with
 * bounded concurrency, settles each one. Safe in any number of processes at once.
 */
export class WebhookDispatcher {
  private readonly o: Required<WebhookDispatcherOptions>;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private rounds: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: WebhookDispatcherDeps,
    options: WebhookDispatcherOptions,
  ) {
    this.o = {
      batchSize: 32,
      concurrency: 8,
      leaseMs: 120_000,
      backoffBaseMs: 10_000,
      backoffMaxMs: 3_600_000,
      sendTimeoutMs: SEND_TIMEOUT_MS,
      ...options,
    };
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Polls until stop(); goes again at once after a round that settled something. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        const claimed = await this.runOnce().then(
          (s) => s.claimed,
          (error: unknown) => {
            this.deps.logger.error({ err: error }, "webhooks: dispatch round failed");
            return 0;
          },
        );
        // A delivered row may have unblocked the next event of its subject: look again at once.
        if (!this.stopping && claimed === 0) await this.sleep(this.o.pollMs);
      }
    })();
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await this.rounds;
    this.loop = undefined;
    this.stopping = false;
  }

  runOnce(): Promise<WebhookDispatchSummary> {
    const round = this.rounds.then(() => this.round());
    this.rounds = round.catch(() => undefined);
    return round;
  }

  /** Rounds until nothing is due (deliveries backing off until later stay for later). */
  async drain(): Promise<WebhookDispatchSummary> {
    const total = empty();
    for (;;) {
      const s = await this.runOnce();
      for (const key of Object.keys(total) as (keyof WebhookDispatchSummary)[]) total[key] += s[key];
      if (s.claimed === 0 || this.stopping) return total;
    }
  }

  private async round(): Promise<WebhookDispatchSummary> {
    const summary = empty();
    const rows = await this.deps.queue.claim(this.deps.clock.now(), this.o.batchSize, this.o.leaseMs);
    summary.claimed = rows.length;
    const unsent: WebhookDelivery[] = [];
    let next = 0;
    const worker = async () => {
      for (let row = rows[next++]; row; row = rows[next++]) {
        if (this.stopping) {
          unsent.push(row.delivery);
          continue;
        }
        summary[await this.deliver(row).catch((error: unknown) => this.unsettled(row, error))] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, rows.length) }, worker));
    await this.deps.queue.release(unsent, this.deps.clock.now());
    return summary;
  }

  private async deliver(row: ClaimedDelivery): Promise<Outcome> {
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

  private unsettled(row: ClaimedDelivery, error: unknown): Outcome {
    this.deps.logger.error(
      { err: error, deliveryId: row.delivery.id },
      "webhooks: outcome not recorded; retried after the lease",
    );
    return "retried";
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

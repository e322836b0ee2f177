import { PollingDispatcher, type PollingKind, type PollingOptions } from "../lib";
import { deliver, type DeliverDeps, type Outcome } from "./deliver";
import type { OutboxMessage } from "./outbox-message.entity";

export interface DispatcherOptions extends PollingOptions {
  /** Sends in flight at once: enough to keep every pooled SMTP connection busy. */
  concurrency?: number;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

const DEFAULTS = {
  batchSize: 64,
  concurrency: 16,
  leaseMs: 120_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
};

const OUTBOX: PollingKind<Outcome> = {
  name: "outbox",
  outcomes: ["sent", "retried", "failed"],
  unsettled: "retried",
  // A full batch: more is probably due, so go again at once.
  busy: (claimed, batchSize) => claimed >= batchSize,
};

/**
 * Delivers the outbox: claims due rows, sends them with bounded concurrency, settles each one
 * (sent / retry with backoff / failed). Safe to run in any number of processes at once.
 * The loop, wake/stop and the pool of senders are the shared PollingDispatcher.
 */
export class Dispatcher extends PollingDispatcher<OutboxMessage, Outcome, DispatcherOptions, DeliverDeps> {
  constructor(deps: DeliverDeps, options: DispatcherOptions) {
    super(OUTBOX, { ...DEFAULTS, ...options }, deps);
  }

  protected send(row: OutboxMessage): Promise<Outcome> {
    return deliver(this.deps, this.o, row);
  }

  protected release(rows: OutboxMessage[], now: Date): Promise<void> {
    return this.deps.queue.release(rows, now);
  }

  protected logFields(row: OutboxMessage): Record<string, unknown> {
    return { messageId: row.id };
  }
}

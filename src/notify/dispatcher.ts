import { deliver, type DeliverDeps, type Outcome } from "./deliver";
import type { OutboxMessage } from "./outbox-message.entity";

export interface DispatcherOptions {
  pollMs: number;
  maxAttempts: number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once: enough to keep every pooled SMTP connection busy. */
  concurrency?: number;
  /** How long a claim lasts; far longer than any send may take (its timeouts end it first). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

const empty = (): DispatchSummary => ({ claimed: 0, sent: 0, retried: 0, failed: 0 });

/**
 * Delivers the outbox: claims due rows, sends them with bounded concurrency, settles each one
 * (sent / retry with backoff / failed). Safe to run in any number of processes at once.
 */
export class Dispatcher {
  private readonly o: Required<DispatcherOptions>;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private rounds: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: DeliverDeps,
    options: DispatcherOptions,
  ) {
    this.o = {
      batchSize: 64,
      concurrency: 16,
      leaseMs: 120_000,
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
      ...options,
    };
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Polls every pollMs (at once again after a full batch) until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        const claimed = await this.runOnce().then(
          (s) => s.claimed,
          (error: unknown) => {
            this.deps.logger.error({ err: error }, "outbox: dispatch round failed");
            return 0;
          },
        );
        if (!this.stopping && claimed < this.o.batchSize) await this.sleep(this.o.pollMs);
      }
    })();
  }

  /** Look now rather than at the next poll (called after a commit that enqueued something). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Stops polling, lets in-flight sends finish and hands claimed-but-unsent rows back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await this.rounds; // a runOnce()/drain() of someone else's also finishes first
    this.loop = undefined;
    this.stopping = false;
  }

  /** One round: claim a batch and deliver it. Rounds of one dispatcher never overlap. */
  runOnce(): Promise<DispatchSummary> {
    const round = this.rounds.then(() => this.round());
    this.rounds = round.catch(() => undefined);
    return round;
  }

  /** Rounds until nothing is due (messages backing off until later are left for later). */
  async drain(): Promise<DispatchSummary> {
    const total = empty();
    for (;;) {
      const s = await this.runOnce();
      for (const key of Object.keys(total) as (keyof DispatchSummary)[]) total[key] += s[key];
      if (s.claimed === 0 || this.stopping) return total;
    }
  }

  private async round(): Promise<DispatchSummary> {
    const summary = empty();
    const rows = await this.deps.queue.claim(this.deps.clock.now(), this.o.batchSize, this.o.leaseMs);
    summary.claimed = rows.length;
    const unsent: OutboxMessage[] = [];
    let next = 0;
    const worker = async () => {
      for (let row = rows[next++]; row; row = rows[next++]) {
        if (this.stopping) {
          unsent.push(row);
          continue;
        }
        // One row's trouble (say, the database gone while settling) must not strand the rest
        // of the batch; an unsettled row is due again when its lease ends.
        summary[
          await deliver(this.deps, this.o, row).catch((error: unknown) => this.unsettled(row, error))
        ] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, rows.length) }, worker));
    await this.deps.queue.release(unsent, this.deps.clock.now());
    return summary;
  }

  private unsettled(row: OutboxMessage, error: unknown): Outcome {
    this.deps.logger.error(
      { err: error, messageId: row.id },
      "outbox: outcome not recorded; retried after the lease",
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

import type { Clock } from "./clock";
import type { Logger } from "./logger";

/** What a round did: rows claimed, then one count per outcome a send can have. */
export type PollSummary<Outcome extends string> = Record<"claimed" | Outcome, number>;

/** What every polling dispatcher is tuned by (each kind has its own defaults). */
export interface PollingOptions {
  pollMs: number;
  /** Attempts before a row is `failed`. */
  maxAttempts: number;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** How long a claim lasts; far longer than any send may take (its timeouts end it first). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** What sets one kind of dispatcher apart, beside how it claims, sends and releases. */
export interface PollingKind<Outcome extends string> {
  /** Log prefix ("outbox", "webhooks"). */
  name: string;
  /** Every outcome a send can have, in the order the summary lists them. */
  outcomes: readonly Outcome[];
  /** The outcome a send counts as when settling it threw (the row is due again after its lease). */
  unsettled: Outcome;
  /**
   * After a round that claimed this many rows, poll again at once rather than sleep (a full
   * batch suggests more is due; for webhooks any settled row may have unblocked the next one).
   */
  busy: (claimed: number, batchSize: number) => boolean;
}

/** What a dispatcher is given: the clock, the logger and a queue that claims under a lease. */
export interface PollingDeps<Claimed> {
  clock: Clock;
  logger: Logger;
  /** Claims up to `limit` due rows for `leaseMs` (a conditional UPDATE: each row one owner). */
  queue: { claim(now: Date, limit: number, leaseMs: number): Promise<Claimed[]> };
}

/**
 * The polling skeleton shared by the notify outbox and the webhook deliveries: a loop that
 * claims a batch of due rows (conditionally, under a lease), sends them with bounded
 * concurrency, and on stop() lets in-flight sends finish and hands claimed-but-unsent rows
 * back. Subclasses say how to send one row (and settle it) and how to release unsent ones.
 * In lib (not notify) because webhooks extends it while its module loads, and notify's index
 * reaches webhooks through its imports (via web): exported from notify, the class could still
 * be undefined then ("Class extends value undefined", seen when a child process loads the CLI).
 */
export abstract class PollingDispatcher<
  Claimed,
  Outcome extends string,
  Options extends PollingOptions,
  Deps extends PollingDeps<Claimed>,
> {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private rounds: Promise<unknown> = Promise.resolve();

  protected constructor(
    private readonly kind: PollingKind<Outcome>,
    /** The options with every default filled in; subclasses read the retry policy here. */
    protected readonly o: Required<PollingOptions> & Required<Options>,
    protected readonly deps: Deps,
  ) {}

  /** Sends one claimed row and settles it. */
  protected abstract send(row: Claimed): Promise<Outcome>;
  /** Hands claimed rows that were never attempted back, due at `now`. */
  protected abstract release(rows: Claimed[], now: Date): Promise<void>;
  /** How a row is named in a log line (e.g. { messageId }). */
  protected abstract logFields(row: Claimed): Record<string, unknown>;

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Polls every pollMs (at once again after a busy round) until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        const claimed = await this.runOnce().then(
          (s) => s.claimed,
          (error: unknown) => {
            this.deps.logger.error({ err: error }, `${this.kind.name}: dispatch round failed`);
            return 0;
          },
        );
        if (!this.stopping && !this.kind.busy(claimed, this.o.batchSize)) await this.sleep(this.o.pollMs);
      }
    })();
  }

  /** Look now rather than at the next poll (called after a commit that queued something). */
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
  runOnce(): Promise<PollSummary<Outcome>> {
    const round = this.rounds.then(() => this.round());
    this.rounds = round.catch(() => undefined);
    return round;
  }

  /** Rounds until nothing is due (rows backing off until later are left for later). */
  async drain(): Promise<PollSummary<Outcome>> {
    const total = this.empty();
    for (;;) {
      const s = await this.runOnce();
      for (const key of Object.keys(total) as (keyof PollSummary<Outcome>)[]) total[key] += s[key];
      if (s.claimed === 0 || this.stopping) return total;
    }
  }

  private empty(): PollSummary<Outcome> {
    const summary = { claimed: 0 } as PollSummary<Outcome>;
    for (const outcome of this.kind.outcomes) summary[outcome] = 0;
    return summary;
  }

  private async round(): Promise<PollSummary<Outcome>> {
    const { clock, queue } = this.deps;
    const { batchSize, leaseMs, concurrency } = this.o;
    const summary = this.empty();
    const rows = await queue.claim(clock.now(), batchSize, leaseMs);
    summary.claimed = rows.length;
    const unsent: Claimed[] = [];
    let next = 0;
    const worker = async () => {
      for (let row = rows[next++]; row; row = rows[next++]) {
        if (this.stopping) {
          unsent.push(row);
          continue;
        }
        // One row's trouble (say, the database gone while settling) must not strand the rest
        // of the batch; an unsettled row is due again when its lease ends.
        summary[await this.send(row).catch((error: unknown) => this.unsettled(row, error))] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
    await this.release(unsent, clock.now());
    return summary;
  }

  private unsettled(row: Claimed, error: unknown): Outcome {
    this.deps.logger.error(
      { err: error, ...this.logFields(row) },
      `${this.kind.name}: outcome not recorded; retried after the lease`,
    );
    return this.kind.unsettled;
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

import type { DataSource } from "typeorm";
import { LessThan } from "typeorm";
import { bulkInsert, type WithTransaction } from "../db";
import { newId, type Clock } from "../lib";
import { ProvisioningLogEntry } from "./entities";

/** A batch of log rows is written at least this often… */
const FLUSH_INTERVAL_MS = 100;
/** …or as soon as this many rows are queued. */
const FLUSH_ROWS = 200;

export interface LogQuery {
  status?: "success" | "failure";
  method?: string;
  resourceId?: string;
  since?: Date;
  /** Exclusive: rows strictly before this instant. */
  until?: Date;
  /** The resource type addressed, read from the request path ("/scim/v2/Users/…"). */
  resource?: "Users" | "Groups" | "Bulk";
  page?: number;
  pageSize?: number;
}

/**
 * One row per SCIM request: what an IT admin reads when a sync fails. Never a token, a password
 * or a request body; the summary is written by the handler ("created alice@x", "+3 member(s)").
 */
export class ProvisioningLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
    private readonly clock: Clock,
  ) {}

  /** Rows waiting for the next batched INSERT, each with the promise its `record` call returns. */
  private queue: Array<{ row: ProvisioningLogEntry; done: () => void; failed: (error: unknown) => void }> =
    [];
  private timer: NodeJS.Timeout | undefined;
  /** Batches being written; `flush` waits for them before the pool closes. */
  private readonly pending = new Set<Promise<void>>();

  /**
   * Queues the row and resolves once it is stored. Rows are written in batches: one multi-row
   * INSERT (in one transaction, through the transaction queue: on SQLite a bare insert would join
   * whatever transaction is open) every FLUSH_INTERVAL_MS or FLUSH_ROWS rows, whichever comes
   * first, so a SCIM request costs no commit of its own for its log row. `flush()` (graceful
   * shutdown, tests) writes what is queued; a crash loses at most the last ~100 ms of log rows.
   */
  record(entry: Omit<ProvisioningLogEntry, "id" | "createdAt">): Promise<void> {
    const row = Object.assign(new ProvisioningLogEntry(), {
      ...entry,
      tokenId: entry.tokenId ?? null,
      tokenName: entry.tokenName ?? null,
      scimType: entry.scimType ?? null,
      resourceId: entry.resourceId ?? null,
      path: entry.path.slice(0, 500),
      summary: entry.summary?.slice(0, 1000) ?? null,
      id: newId(),
      createdAt: this.clock.now(),
    });
    return new Promise<void>((done, failed) => {
      this.queue.push({ row, done, failed });
      if (this.queue.length >= FLUSH_ROWS) void this.writeQueued();
      else this.timer ??= setTimeout(() => void this.writeQueued(), FLUSH_INTERVAL_MS);
    });
  }

  /** Resolves when every queued row and every batch in flight has been written (graceful shutdown, tests). */
  async flush(): Promise<void> {
    await this.writeQueued();
    await Promise.allSettled([...this.pending]);
  }

  /** Writes the queued rows as one multi-row INSERT; settles each row's `record` promise. */
  private writeQueued(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return Promise.resolve();
    this.queue = [];
    // Hand-built multi-row INSERT: TypeORM's builder named and escaped 2,400 parameters per batch.
    const write = this.withTransaction((tx) =>
      bulkInsert(
        tx,
        ProvisioningLogEntry,
        batch.map((b) => b.row),
      ),
    ).then(
      () => batch.forEach((b) => b.done()),
      (error: unknown) => batch.forEach((b) => b.failed(error)),
    );
    this.pending.add(write);
    return write.finally(() => this.pending.delete(write));
  }

  async list(organisationId: string, query: LogQuery) {
    // The log shows every request answered so far, including rows still waiting for their batch.
    await this.flush();
    const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50));
    const page = Math.max(1, query.page ?? 1);
    const qb = this.dataSource
      .getRepository(ProvisioningLogEntry)
      .createQueryBuilder("l")
      .where("l.organisationId = :organisationId", { organisationId });
    if (query.status === "success") qb.andWhere("l.status < 400");
    if (query.status === "failure") qb.andWhere("l.status >= 400");
    if (query.method) qb.andWhere("l.method = :method", { method: query.method.toUpperCase() });
    if (query.resourceId) qb.andWhere("l.resourceId = :resourceId", { resourceId: query.resourceId });
    if (query.since) qb.andWhere("l.createdAt >= :since", { since: query.since });
    if (query.until) qb.andWhere("l.createdAt < :until", { until: query.until });
    if (query.resource)
      // The path is stored from the router's original URL, so it always starts at the mount point.
      qb.andWhere("(l.path = :exact OR l.path LIKE :under)", {
        exact: `/scim/v2/${query.resource}`,
        under: `/scim/v2/${query.resource}/%`,
      });
    const [items, total] = await qb
      .orderBy("l.createdAt", "DESC")
      .addOrderBy("l.id", "DESC")
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** One row of this organisation's log (another organisation's id is simply not found). */
  async get(organisationId: string, id: string): Promise<ProvisioningLogEntry | null> {
    await this.flush();
    return this.dataSource.getRepository(ProvisioningLogEntry).findOneBy({ id, organisationId });
  }

  /** Deletes rows older than the retention; returns how many. */
  async prune(retentionDays: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    const result = await this.dataSource
      .getRepository(ProvisioningLogEntry)
      .delete({ createdAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}

import type { DataSource } from "typeorm";
import { LessThan } from "typeorm";
import type { WithTransaction } from "../db";
import { newId, type Clock } from "../lib";
import { ProvisioningLogEntry } from "./entities";

export interface LogQuery {
  status?: "success" | "failure";
  method?: string;
  resourceId?: string;
  since?: Date;
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

  /** Writes started after a response went out; `flush` waits for them before the pool closes. */
  private readonly pending = new Set<Promise<unknown>>();

  /** Written through the transaction queue: on SQLite a bare insert would join whatever transaction is open. */
  async record(entry: Omit<ProvisioningLogEntry, "id" | "createdAt">): Promise<void> {
    const write = this.withTransaction((tx) =>
      tx.insert(ProvisioningLogEntry, {
        ...entry,
        path: entry.path.slice(0, 500),
        summary: entry.summary?.slice(0, 1000) ?? null,
        id: newId(),
        createdAt: this.clock.now(),
      }),
    );
    this.pending.add(write);
    try {
      await write;
    } finally {
      this.pending.delete(write);
    }
  }

  /** Resolves when every log write in flight has finished (graceful shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async list(organisationId: string, query: LogQuery) {
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
    const [items, total] = await qb
      .orderBy("l.createdAt", "DESC")
      .addOrderBy("l.id", "DESC")
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
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

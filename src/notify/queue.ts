import { In, type DataSource } from "typeorm";
import { claimDue, releaseClaims, settleClaim, type WithTransaction } from "../db";
import { newId } from "../lib";
import { groupCommit } from "./group-commit";
import { OutboxMessage, type Transport } from "./outbox-message.entity";

const TABLE = "outbox_messages";

/**
 * The dispatcher's half of the outbox: claim due rows, then settle each claimed row. Every
 * write is short (settles are group-committed), and every settle is conditional on the claim
 * it came from.
 */
export class OutboxQueue {
  private readonly mysql: boolean;
  private skipLocked: boolean;
  private readonly grouped: ReturnType<typeof groupCommit>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
  ) {
    this.mysql = dataSource.options.type === "mysql";
    this.skipLocked = this.mysql;
    this.grouped = groupCommit(withTransaction);
  }

  /**
   * Claims up to `limit` due messages for `leaseMs`. The claim is a conditional UPDATE
   * (`status = 'pending' AND nextAttemptAt <= now`) that also moves nextAttemptAt to the end of
   * the lease: another worker's identical UPDATE no longer matches, so each row has one owner;
   * if the owner dies mid-send, the row is simply due again once the lease is over.
   */
  async claim(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const claimId = newId();
    return this.withTransaction(async (tx) => {
      const update = claimDue(tx, OutboxMessage, claimId, now, leaseMs).andWhere(
        "(claimedUntil IS NULL OR claimedUntil <= :now)",
        { now },
      );
      if (this.mysql) {
        // MySQL cannot UPDATE … WHERE id IN (SELECT … LIMIT) on the same table. SKIP LOCKED
        // passes over rows another worker is claiming right now instead of queueing behind it.
        const ids = await this.dueIds(tx.createQueryBuilder(OutboxMessage, "m"), now, limit);
        if (ids.length === 0) return [];
        await update.andWhere("id IN (:...ids)", { ids }).execute();
        return tx.findBy(OutboxMessage, { id: In(ids), claimId });
      }
      // SQLite: one statement that writes first, so a concurrent writer makes it wait
      // (busy_timeout) rather than fail as a read-then-write transaction would.
      await update
        .andWhere(
          `id IN (SELECT id FROM ${TABLE} WHERE status = 'pending' AND nextAttemptAt <= :now ORDER BY nextAttemptAt LIMIT ${Number(limit)})`,
        )
        .execute();
      return tx.findBy(OutboxMessage, { claimId });
    });
  }

  private async dueIds(
    qb: ReturnType<DataSource["createQueryBuilder"]>,
    now: Date,
    limit: number,
  ): Promise<string[]> {
    const select = qb
      .select("m.id", "id")
      .where("m.status = 'pending'")
      .andWhere("m.nextAttemptAt <= :now", { now })
      .orderBy("m.nextAttemptAt", "ASC")
      .limit(limit);
    if (this.skipLocked) select.setLock("pessimistic_write").setOnLocked("skip_locked");
    try {
      return (await select.getRawMany<{ id: string }>()).map((r) => r.id);
    } catch (error) {
      // MySQL < 8.0 and MariaDB < 10.6 have no SKIP LOCKED; the conditional UPDATE alone is still safe.
      if (!this.skipLocked || (error as { code?: string }).code !== "ER_PARSE_ERROR") throw error;
      this.skipLocked = false;
      return this.dueIds(qb, now, limit);
    }
  }

  /** The provider accepted it. Real transports wipe the sealed body; the dev outbox keeps it. */
  async markSent(
    row: OutboxMessage,
    now: Date,
    result: { transport: Transport; providerId?: string; keepBody?: boolean },
  ): Promise<boolean> {
    return this.settle(row, {
      status: "sent",
      sentAt: now,
      transport: result.transport,
      providerId: result.providerId?.slice(0, 255) ?? null,
      payload: result.keepBody ? row.payload : null,
      lastError: null,
    });
  }

  /** Try again at `nextAttemptAt`. */
  async markRetry(row: OutboxMessage, nextAttemptAt: Date, lastError: string): Promise<boolean> {
    return this.settle(row, { status: "pending", nextAttemptAt, lastError });
  }

  /** Given up: the reason stays, the body (with its live link) goes. */
  async markFailed(row: OutboxMessage, lastError: string, transport?: Transport): Promise<boolean> {
    return this.settle(row, { status: "failed", lastError, payload: null, transport: transport ?? null });
  }

  /** Hands claimed rows that were never attempted back (a stopping worker), due at once. */
  async release(rows: OutboxMessage[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.withTransaction((tx) => releaseClaims(tx, OutboxMessage, rows, now));
  }

  /** False when the claim was lost (lease expired and another worker took the row). */
  private settle(row: OutboxMessage, changes: Partial<OutboxMessage>): Promise<boolean> {
    return this.grouped((tx) => settleClaim(tx, OutboxMessage, row, changes));
  }
}

import type { DataSource, EntityManager } from "typeorm";
import { claimDue, releaseClaims, settleClaim, type WithTransaction } from "../db";
import { newId } from "../lib";
import { WebhookDelivery, WebhookEndpoint, WebhookEvent } from "./entities";

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  url: string;
  sealedSecret: string;
  body: string;
}

/**
 * Due: pending, its time has come, its endpoint enabled, and (the ordering rule) no OLDER
 * delivery of the same subject to the same endpoint still pending: a later event for a user is
 * not sent before the earlier one was delivered or finally failed. An in-flight delivery stays
 * `pending` until settled, so it keeps its successors waiting too.
 */
const DUE = `d.status = 'pending' AND d.nextAttemptAt <= :now
  AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpointId AND e.enabled = 1)
  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpointId = d.endpointId
    AND p.subjectId = d.subjectId AND p.status = 'pending' AND p.seq < d.seq)`;

/** Claim and settle, each conditional so that any number of dispatchers can run at once. */
export class WebhookQueue {
  private readonly mysql: boolean;

  constructor(
    dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
  ) {
    this.mysql = dataSource.options.type === "mysql";
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: a conditional UPDATE (still pending and
   * due) that moves nextAttemptAt to the end of the lease, so another dispatcher's identical
   * UPDATE no longer matches and each row has one owner; a dispatcher that dies mid-send leaves
   * a row that is due again when the lease ends.
   */
  async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const claimId = newId();
    const params = { now };
    return this.withTransaction(async (tx) => {
      const update = claimDue(tx, WebhookDelivery, claimId, now, leaseMs).updateEntity(false);
      if (this.mysql) {
        // MySQL cannot UPDATE a table with a subquery on itself: pick ids first; the UPDATE's own
        // condition still decides who owns a row when two dispatchers picked the same ones.
        const picked = await this.dueIds(tx, params, limit);
        if (picked.length === 0) return [];
        await update.andWhere("id IN (:...picked)", { picked }).execute();
      } else {
        // SQLite: one statement that writes first, so a second process waits on the lock
        // (busy_timeout) instead of failing a read-then-write transaction.
        await update
          .andWhere(
            `seq IN (SELECT d.seq FROM webhook_deliveries d WHERE ${DUE} ORDER BY d.seq LIMIT ${Number(limit)})`,
            params,
          )
          .execute();
      }
      // Read in the claim's transaction: on SQLite a read outside it would share the one
      // connection with whatever other transaction is open at that moment.
      return this.load(tx, claimId);
    });
  }

  private async dueIds(tx: EntityManager, params: Record<string, unknown>, limit: number) {
    const rows = await tx
      .createQueryBuilder(WebhookDelivery, "d")
      .select("d.id", "id")
      .where(DUE, params)
      .orderBy("d.seq", "ASC")
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  private async load(tx: EntityManager, claimId: string): Promise<ClaimedDelivery[]> {
    const rows = await tx
      .createQueryBuilder(WebhookDelivery, "d")
      .innerJoin(WebhookEndpoint, "e", "e.id = d.endpointId")
      .innerJoin(WebhookEvent, "v", "v.id = d.eventId")
      .select("d")
      .addSelect(["e.url AS url", "e.sealedSecret AS sealedSecret", "v.body AS body"])
      .where("d.claimId = :claimId", { claimId })
      .orderBy("d.seq", "ASC")
      .getRawAndEntities();
    const raw = new Map(rows.raw.map((r: Record<string, string>) => [r.d_id, r]));
    return rows.entities.flatMap((delivery) => {
      const r = raw.get(delivery.id);
      return r?.url && r.sealedSecret && r.body !== undefined
        ? [{ delivery, url: r.url, sealedSecret: r.sealedSecret, body: r.body }]
        : [];
    });
  }

  async markDelivered(row: WebhookDelivery, now: Date, responseStatus: number): Promise<boolean> {
    return this.settle(row, { status: "delivered", settledAt: now, responseStatus, lastError: null });
  }

  async markRetry(
    row: WebhookDelivery,
    nextAttemptAt: Date,
    lastError: string,
    responseStatus: number | null,
  ): Promise<boolean> {
    return this.settle(row, { status: "pending", nextAttemptAt, lastError, responseStatus });
  }

  async markFailed(
    row: WebhookDelivery,
    now: Date,
    lastError: string,
    responseStatus: number | null,
  ): Promise<boolean> {
    return this.settle(row, { status: "failed", settledAt: now, lastError, responseStatus });
  }

  /** Hands claimed rows that were never attempted back (a stopping dispatcher), due at once. */
  async release(rows: WebhookDelivery[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.withTransaction((tx) => releaseClaims(tx, WebhookDelivery, rows, now));
  }

  /** False when the claim was lost (its lease ended and another dispatcher took the row). */
  private settle(row: WebhookDelivery, changes: Partial<WebhookDelivery>): Promise<boolean> {
    return this.withTransaction((tx) => settleClaim(tx, WebhookDelivery, row, changes));
  }
}

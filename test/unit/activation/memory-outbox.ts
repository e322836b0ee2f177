import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { newId } from "../../../src/lib";
import type { DeliveryRecord, Outbox, OutgoingMessage } from "../../../src/notify";

export interface Stored extends OutgoingMessage {
  id: string;
  status: DeliveryRecord["status"];
  createdAt: Date;
}

/**
 * The outbox contract kept in memory, honest about transactions: a message becomes visible when
 * the transaction it was enqueued in commits, and is dropped when it rolls back.
 */
export class MemoryOutbox implements Outbox {
  readonly messages: Stored[] = [];
  /** Enqueued in a transaction that then rolled back: never delivered. */
  readonly discarded: Stored[] = [];
  private readonly pending = new Map<QueryRunner, Stored[]>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        this.messages.push(...(this.pending.get(queryRunner) ?? []));
        this.pending.delete(queryRunner);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        this.discarded.push(...(this.pending.get(queryRunner) ?? []));
        this.pending.delete(queryRunner);
      },
    });
  }

  async enqueue(tx: EntityManager, message: OutgoingMessage): Promise<string> {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) throw new Error("enqueue needs an open transaction");
    const stored = { ...message, id: newId(), status: "pending" as const, createdAt: new Date() };
    this.pending.set(runner, [...(this.pending.get(runner) ?? []), stored]);
    return stored.id;
  }

  async deliveriesFor(organisationId: string, userId: string): Promise<DeliveryRecord[]> {
    return this.messages
      .filter((m) => m.organisationId === organisationId && m.userId === userId)
      .reverse()
      .map((m) => ({
        id: m.id,
        userId: m.userId,
        purpose: m.purpose,
        channel: m.channel,
        to: m.to,
        status: m.status,
        attempts: 0,
        lastError: null,
        createdAt: m.createdAt,
        sentAt: null,
      }));
  }

  for(to: string): Stored[] {
    return this.messages.filter((m) => m.to === to);
  }
}

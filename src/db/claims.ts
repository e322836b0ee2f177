import type {
  EntityManager,
  EntityTarget,
  ObjectLiteral,
  QueryDeepPartialEntity,
  UpdateQueryBuilder,
} from "typeorm";

/** A row of a claim-and-lease queue (outbox_messages, webhook_deliveries). */
export interface ClaimedRow extends ObjectLiteral {
  id: string;
  status: string;
  claimId: string | null;
  claimedUntil: Date | null;
  nextAttemptAt: Date;
  attempts: number;
}

/**
 * The UPDATE that claims rows for a lease: still pending and due, it takes them under `claimId`
 * and moves nextAttemptAt to the end of the lease, so another dispatcher's identical UPDATE no
 * longer matches (each row one owner) and a row whose owner died is due again when the lease
 * ends. It counts the attempt. The caller narrows it to which rows (and executes it).
 */
export function claimDue<T extends ClaimedRow>(
  tx: EntityManager,
  target: EntityTarget<T>,
  claimId: string,
  now: Date,
  leaseMs: number,
): UpdateQueryBuilder<T> {
  const leaseEnd = new Date(now.getTime() + leaseMs);
  return (
    tx
      .createQueryBuilder()
      .update(target)
      // TypeORM cannot check a generic entity's columns; ClaimedRow says they exist.
      .set({
        claimId,
        claimedUntil: leaseEnd,
        nextAttemptAt: leaseEnd,
        attempts: () => "attempts + 1",
      } as QueryDeepPartialEntity<T>)
      .where("status = 'pending'")
      .andWhere("nextAttemptAt <= :now", { now })
  );
}

/**
 * Hands claimed rows that were never attempted back (a stopping dispatcher), due at `now`, and
 * undoes the attempt their claim counted. Conditional on the claim, so a row whose lease already
 * ended and that another dispatcher took is left to it. All rows come from one claim.
 */
export async function releaseClaims<T extends ClaimedRow>(
  tx: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
  now: Date,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  await tx
    .createQueryBuilder()
    .update(target)
    // TypeORM cannot check a generic entity's columns; ClaimedRow says they exist.
    .set({
      claimId: null,
      claimedUntil: null,
      nextAttemptAt: now,
      attempts: () => "attempts - 1",
    } as QueryDeepPartialEntity<T>)
    .where("id IN (:...ids)", { ids: rows.map((r) => r.id) })
    .andWhere("claimId = :claimId", { claimId: first.claimId })
    .updateEntity(false)
    .execute();
}

/**
 * Settles one claimed row with `changes` and ends its claim. False when the claim was lost (its
 * lease ended and another dispatcher took the row): then nothing is written.
 */
export async function settleClaim<T extends ClaimedRow>(
  tx: EntityManager,
  target: EntityTarget<T>,
  row: T,
  changes: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const result = await tx
    .createQueryBuilder()
    .update(target)
    .set({ ...changes, claimId: null, claimedUntil: null })
    .where("id = :id", { id: row.id })
    .andWhere("claimId = :claimId", { claimId: row.claimId })
    .updateEntity(false)
    .execute();
  return result.affected === undefined || result.affected > 0;
}

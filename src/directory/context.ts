import type { DataSource, EntityManager } from "typeorm";
import type { WithTransaction } from "../db";
import type { Clock } from "../lib";

export interface DirectoryContext {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
}

/**
 * Runs `work` in the caller's transaction when it passes one (so another module can create a
 * user and, say, its outbox message atomically), else in a new one.
 */
export function inTransaction<T>(
  ctx: DirectoryContext,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return manager ? work(manager) : ctx.withTransaction(work);
}

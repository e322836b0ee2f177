import type { DataSource, EntityManager } from "typeorm";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import type { Clock } from "../lib";

export interface MappingContext {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  directory: Directory;
}

/** Joins the caller's transaction when given (SCIM creates the user in the same one), else opens one. */
export function inTransaction<T>(
  ctx: MappingContext,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return manager ? work(manager) : ctx.withTransaction(work);
}

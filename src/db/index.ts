export { uniqueViolation, violates, isForeignKeyViolation } from "./errors";
export {
  moveCheckpointsOffTheEventLoop,
  startBackgroundCheckpoints,
  type BackgroundCheckpoints,
} from "./checkpointer";
export { deleteRows, entityColumns, selectMany, selectOne, updateRows, type Where } from "./fast-select";
export { bulkInsert } from "./bulk-insert";
export { claimDue, releaseClaims, settleClaim, type ClaimedRow } from "./claims";
export { createDataSource, openDatabase, isDatabaseReachable, transactionRunner } from "./data-source";
export type { WithTransaction, EntityList } from "./data-source";

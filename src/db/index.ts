export { uniqueViolation, violates, isForeignKeyViolation } from "./errors";
export { bulkInsert } from "./bulk-insert";
export { createDataSource, openDatabase, isDatabaseReachable, transactionRunner } from "./data-source";
export type { WithTransaction, EntityList } from "./data-source";

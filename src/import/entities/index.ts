import { ImportJob } from "./job.entity";
import { ImportJobRow } from "./row.entity";

export { ImportJob, ImportJobRow };
export { IMPORT_JOB_STATUSES } from "./job.entity";
export type { ImportJobStatus } from "./job.entity";
export { ROW_STATUSES } from "./row.entity";
export type { RowStatus, RowMessage } from "./row.entity";

export const IMPORT_ENTITIES = [ImportJob, ImportJobRow];

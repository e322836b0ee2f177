/**
 * The audit log (PRODUCT.md §6): who changed what and when, for admin actions in the console and
 * the JSON admin API. SCIM provisioning keeps its own per-request log (src/scim/provisioning-log);
 * the console's audit page shows both.
 */
import type { DataSource } from "typeorm";
import type { Clock, Logger } from "../lib";
import { AuditEvent } from "./entity";
import { AuditLog } from "./service";

export { AuditEvent, AUDIT_ACTOR_KINDS, type AuditActorKind } from "./entity";
export { AuditLog, type AuditActor, type AuditEntry, type AuditQuery, type AuditPage } from "./service";

export const AUDIT_ENTITIES = [AuditEvent];

export function createAudit(deps: { dataSource: DataSource; clock: Clock; logger: Logger }): AuditLog {
  return new AuditLog(deps.dataSource, deps.clock, deps.logger);
}

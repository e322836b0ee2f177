import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { entityColumns } from "../db";
import { Department, JobProfile, Organisation, PermissionType } from "../directory";
import { MappingRule } from "./rule.entity";
import type { CatalogTarget, NamedEntry } from "./types";

/** What one mapping run reads before it decides anything. */
export interface MappingState {
  organisation: Organisation;
  /** The organisation's rules, unordered (RuleStore's order is applied by the caller). */
  rules: MappingRule[];
  /** The organisation's default department, job profile and permission type that exist. */
  defaults: Map<CatalogTarget, NamedEntry>;
}

const DEFAULTS = [
  ["department", Department, "defaultDepartmentId", "dd"],
  ["jobProfile", JobProfile, "defaultJobProfileId", "dj"],
  ["permissionType", PermissionType, "defaultPermissionTypeId", "dp"],
] as const;

/**
 * The organisation, its rules and its three defaults in one statement: every SCIM create, SCIM
 * replace and SSO login runs the mapping, and on MariaDB each statement is a round trip (three
 * of them were a seventh of a SCIM POST's). The organisation's columns repeat on each rule's row;
 * an organisation has at most MAX_RULES rules. Null when the organisation does not exist.
 * Unquoted camelCase column names work on SQLite and MySQL.
 */
export async function readMappingState(
  tx: EntityManager,
  organisationId: string,
): Promise<MappingState | null> {
  const table = (target: EntityTarget<ObjectLiteral>) =>
    tx.connection.driver.escape(tx.connection.getMetadata(target).tableName);
  const org = entityColumns(tx, Organisation, "o");
  const rule = entityColumns(tx, MappingRule, "r");
  const rows = (await tx.query(
    `SELECT ${org.sql}, ${rule.sql}, ${DEFAULTS.map(([, , , a]) => `${a}.id AS ${a}_id, ${a}.name AS ${a}_name`).join(", ")}
       FROM ${table(Organisation)} o
       ${DEFAULTS.map(
         ([, entity, field, a]) =>
           `LEFT JOIN ${table(entity)} ${a} ON ${a}.id = o.${field} AND ${a}.organisationId = o.id`,
       ).join(" ")}
       LEFT JOIN ${table(MappingRule)} r ON r.organisationId = o.id
      WHERE o.id = ?`,
    [organisationId],
  )) as Array<Record<string, unknown>>;
  const first = rows[0];
  const organisation = first ? org.fromRow(first) : null;
  if (!first || !organisation) return null;
  const defaults = new Map<CatalogTarget, NamedEntry>();
  for (const [target, , , a] of DEFAULTS) {
    const id = first[`${a}_id`];
    if (typeof id === "string") defaults.set(target, { id, name: String(first[`${a}_name`]) });
  }
  const rules = rows.map((row) => rule.fromRow(row)).filter((r): r is MappingRule => r !== null);
  return { organisation, rules, defaults };
}

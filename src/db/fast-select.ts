import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Hand-built SELECTs (and UPDATEs, DELETEs) for the hot paths (every SCIM request authenticates a token and loads a
 * user). TypeORM's `findOneBy` spends most of its time building the query and mapping the result
 * through its query builder — about 0.1 ms of CPU per call, measured in bench/scim, several times
 * what the database needs. These build each statement once per shape, run it through the same
 * query runner (same transaction, same statement cache) and hydrate with the driver's own value
 * conversion, so entities come back exactly as `findOneBy` would return them.
 */

export type Where<T> = { [K in keyof T]?: T[K] | null | readonly T[K][] };

export interface SelectOptions {
  /** MySQL/MariaDB: `FOR UPDATE` (the row is written later in the same transaction). */
  lockForUpdate?: boolean;
  limit?: number;
}

const statements = new WeakMap<EntityMetadata, Map<string, string>>();

export async function selectOne<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: Where<T>,
  options: SelectOptions = {},
): Promise<T | null> {
  const [row] = await selectMany(em, target, where, { ...options, limit: 1 });
  return row ?? null;
}

export async function selectMany<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: Where<T>,
  options: SelectOptions = {},
): Promise<T[]> {
  const mysql = em.connection.options.type === "mysql";
  const lock = options.lockForUpdate && mysql;
  const statement = prepare(
    em,
    target,
    "select",
    where,
    `${options.limit ?? ""}|${lock ? "lock" : ""}`,
    (head) =>
      head +
      (options.limit !== undefined ? ` LIMIT ${Math.floor(options.limit)}` : "") +
      (lock ? " FOR UPDATE" : ""),
  );
  if (!statement) return [];
  const { metadata, sql, parameters } = statement;
  const driver = em.connection.driver;
  const rows = (await em.query(sql, parameters)) as Record<string, unknown>[];
  return rows.map((row) => hydrate<T>(metadata, driver, row));
}

/**
 * `DELETE FROM t WHERE …` with the same conditions as `selectMany`; the number of rows deleted.
 * Hand-built for the same reason (TypeORM's delete builder costs more CPU than the statement).
 */
export async function deleteRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: Where<T>,
): Promise<number> {
  const statement = prepare(em, target, "delete", where, "", (sql) => sql);
  if (!statement) return 0;
  return run(em, statement.sql, statement.parameters);
}

/**
 * `UPDATE t SET … WHERE …` (conditions as in `selectMany`), values converted as TypeORM converts
 * them; the number of rows changed. For the hot paths that set a column on matching rows.
 */
export async function updateRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  set: Partial<T>,
  where: Where<T>,
): Promise<number> {
  if (!Object.values(set as Record<string, unknown>).some((v) => v !== undefined))
    throw new Error("updateRows: nothing to set");
  const statement = prepare(em, target, "update", where, "", (sql) => sql, set);
  if (!statement) return 0;
  return run(em, statement.sql, statement.parameters);
}

/** A statement that changes rows, on the manager's transaction if it has one; rows affected. */
async function run(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return (result as { affected?: number }).affected ?? 0;
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/**
 * The statement for a shape of conditions, built once and cached; its parameters converted as
 * TypeORM converts them. Null when an empty IN list makes the statement match nothing.
 */
function prepare<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  verb: "select" | "delete" | "update",
  where: Where<T>,
  suffixKey: string,
  finish: (sql: string) => string,
  /** UPDATE only: the columns to set and their values. */
  set: Partial<T> = {},
): { metadata: EntityMetadata; sql: string; parameters: unknown[] } | null {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${verb}: ${metadata.name} has no column ${property}`);
    return found;
  };
  const assignments = Object.entries(set as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const parameters: unknown[] = assignments.map(([property, value]) =>
    driver.preparePersistentValue(value, column(property)),
  );
  const shape: string[] = assignments.map(([property]) => `set:${property}`);
  // As in findOneBy, an undefined value is no condition at all.
  const entries = Object.entries(where as Record<string, unknown>).filter(([, v]) => v !== undefined);
  for (const [property, value] of entries) {
    const meta = column(property);
    if (value === null) shape.push(`${property}:null`);
    else if (Array.isArray(value)) {
      // An empty IN list matches nothing; no statement needed.
      if (!value.length) return null;
      shape.push(`${property}:in${value.length}`);
      for (const v of value) parameters.push(driver.preparePersistentValue(v, meta));
    } else {
      shape.push(property);
      parameters.push(driver.preparePersistentValue(value, meta));
    }
  }
  const key = `${verb}|${shape.join(",")}|${suffixKey}`;
  let cache = statements.get(metadata);
  if (!cache) statements.set(metadata, (cache = new Map()));
  let sql = cache.get(key);
  if (!sql) {
    const conditions = entries.map(([property, value]) => {
      const name = driver.escape(metadata.findColumnWithPropertyName(property)!.databaseName);
      if (value === null) return `${name} IS NULL`;
      if (Array.isArray(value)) return `${name} IN (${value.map(() => "?").join(", ")})`;
      return `${name} = ?`;
    });
    const columns = metadata.columns.filter((c) => !c.isVirtual);
    const table = driver.escape(metadata.tableName);
    const head =
      verb === "select"
        ? `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(", ")} FROM ${table}`
        : verb === "delete"
          ? `DELETE FROM ${table}`
          : `UPDATE ${table} SET ${assignments
              .map(([property]) => `${driver.escape(column(property).databaseName)} = ?`)
              .join(", ")}`;
    sql = finish(head + (conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""));
    cache.set(key, sql);
  }
  return { metadata, sql, parameters };
}

/**
 * For hand-written SELECTs over several tables: the entity's columns as `alias.col AS alias_col`,
 * and `fromRow` to turn such a row back into the entity (null when a LEFT JOIN found none).
 */
export function entityColumns<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  alias: string,
): { sql: string; fromRow: (row: Record<string, unknown>) => T | null } {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  let byAlias = columnLists.get(metadata);
  if (!byAlias) columnLists.set(metadata, (byAlias = new Map()));
  let sql = byAlias.get(alias);
  if (sql === undefined) {
    sql = metadata.columns
      .filter((c) => !c.isVirtual)
      .map(
        (c) => `${alias}.${driver.escape(c.databaseName)} AS ${driver.escape(`${alias}_${c.databaseName}`)}`,
      )
      .join(", ");
    byAlias.set(alias, sql);
  }
  const primary = `${alias}_${metadata.primaryColumns[0]?.databaseName ?? ""}`;
  return {
    sql,
    fromRow: (row) => (row[primary] == null ? null : hydrate<T>(metadata, driver, row, `${alias}_`)),
  };
}

/** entityColumns' SQL per entity and alias: built once. */
const columnLists = new WeakMap<EntityMetadata, Map<string, string>>();

function hydrate<T>(
  metadata: EntityMetadata,
  driver: EntityManager["connection"]["driver"],
  row: Record<string, unknown>,
  prefix = "",
): T {
  const entity = metadata.create() as T & ObjectLiteral;
  for (const { column, passThrough } of hydrationPlan(metadata)) {
    const key = prefix + column.databaseName;
    if (!(key in row)) continue;
    const value = row[key];
    column.setEntityValue(entity, passThrough ? value : driver.prepareHydratedValue(value, column));
  }
  return entity;
}

/**
 * Column types both drivers hand back exactly as read (their prepareHydratedValue converts
 * booleans, dates, JSON, arrays and enums, and applies transformers; strings and integers pass).
 * Skipping the call for them was a twentieth of a SCIM GET's CPU.
 */
const PASS_THROUGH_TYPES: ReadonlySet<unknown> = new Set(["varchar", "char", "text", "int", "integer"]);

const plans = new WeakMap<EntityMetadata, Array<{ column: ColumnMetadata; passThrough: boolean }>>();

function hydrationPlan(metadata: EntityMetadata) {
  let plan = plans.get(metadata);
  if (!plan) {
    plan = metadata.columns
      .filter((column) => !column.isVirtual)
      .map((column) => ({ column, passThrough: !column.transformer && PASS_THROUGH_TYPES.has(column.type) }));
    plans.set(metadata, plan);
  }
  return plan;
}

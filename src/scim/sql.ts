import type { DataSource, EntityManager } from "typeorm";
import { sortKey } from "./filter-resolvers";
import type { ListParams } from "./http/list-params";
import { compileFilter, invalidValue, parseFilter, type Dialect, type Resolver } from "./protocol";

export interface PageSpec {
  /** The alias of the listed table (`u`, `g`): its `id` breaks ties in the order. */
  alias: string;
  /** Tables and joins, e.g. `users u LEFT JOIN scim_users s ON s.userId = u.id`. */
  from: string;
  /** The columns each row holds. */
  columns: string;
  /** What every row must meet (the organisation, …), with `?` placeholders. */
  where: string;
  whereParams: unknown[];
  resolver: Resolver;
  dialect: Dialect;
  /** sortBy attribute → column (see filter-resolvers). */
  sort: Record<string, string>;
  coreUrn: string;
}

/**
 * One page of a SCIM list (RFC 7644 §3.4.2): filter compiled to SQL, total counted (unless the
 * page shows it), sorted with the id as tie-breaker so the order is stable across pages,
 * `startIndex` 1-based. Hand-written SQL (portable: the filter compiler emits `?` placeholders and
 * unquoted camelCase names) rather than a query builder, which cost more CPU than the query.
 */
export async function pageOf(
  em: EntityManager,
  params: ListParams,
  spec: PageSpec,
): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  let where = spec.where;
  const values = [...spec.whereParams];
  if (params.filter !== undefined) {
    const compiled = compileFilter(parseFilter(params.filter), spec.resolver, { dialect: spec.dialect });
    where += ` AND (${compiled.sql})`;
    values.push(...compiled.params);
  }
  const count = async () => {
    const [row] = (await em.query(`SELECT COUNT(*) AS n FROM ${spec.from} WHERE ${where}`, values)) as Array<{
      n: number | string;
    }>;
    return Number(row?.n ?? 0);
  };
  if (params.count === 0) return { rows: [], total: await count() };
  const order =
    params.sortBy === undefined ? `${spec.alias}.createdAt` : sortKey(params.sortBy, spec.sort, spec.coreUrn);
  if (!order) throw invalidValue(`Cannot sort by "${params.sortBy}"`);
  const direction = params.sortOrder === "DESC" ? "DESC" : "ASC";
  const rows = (await em.query(
    `SELECT ${spec.columns} FROM ${spec.from} WHERE ${where}` +
      ` ORDER BY ${order} ${direction}, ${spec.alias}.id ${direction}` +
      ` LIMIT ${Math.floor(params.count)} OFFSET ${Math.floor(params.startIndex - 1)}`,
    values,
  )) as Record<string, unknown>[];
  // A first page that is not full holds every match: no COUNT needed (the common `userName eq`).
  const complete = params.startIndex === 1 && rows.length < params.count;
  return { rows, total: complete ? rows.length : await count() };
}

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === "mysql" ? "mysql" : "sqlite";
}

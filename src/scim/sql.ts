import type { DataSource, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { getManyFast } from "../db";
import { sortKey } from "./filter-resolvers";
import type { ListParams } from "./http/list-params";
import { compileFilter, invalidValue, parseFilter, type Dialect, type Resolver } from "./protocol";

/**
 * Compiles a SCIM filter for a TypeORM query builder: the compiler emits positional `?`
 * placeholders, the builder wants named ones. Our trusted fragments contain no `?` in literals.
 */
export function filterSql(
  filter: string,
  resolver: Resolver,
  dialect: Dialect,
): { sql: string; params: Record<string, unknown> } {
  const compiled = compileFilter(parseFilter(filter), resolver, { dialect });
  const params: Record<string, unknown> = {};
  let index = 0;
  const sql = compiled.sql.replace(/\?/g, () => {
    const name = `scimf${index}`;
    params[name] = compiled.params[index];
    index += 1;
    return `:${name}`;
  });
  return { sql: `(${sql})`, params };
}

export interface PageSpec {
  /** The query builder's alias of the listed table (`u`, `g`). */
  alias: string;
  resolver: Resolver;
  dialect: Dialect;
  /** sortBy attribute → column (see filter-resolvers). */
  sort: Record<string, string>;
  coreUrn: string;
}

/**
 * One page of a SCIM list (RFC 7644 §3.4.2): filter compiled to SQL, total counted (unless the page shows it), sorted with
 * the id as tie-breaker so the order is stable across pages, `startIndex` 1-based.
 */
export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: PageSpec,
): Promise<{ rows: T[]; total: number }> {
  if (params.filter !== undefined) {
    const { sql, params: values } = filterSql(params.filter, spec.resolver, spec.dialect);
    qb.andWhere(sql, values);
  }
  if (params.count === 0) return { rows: [], total: await qb.getCount() };
  const order =
    params.sortBy === undefined ? `${spec.alias}.createdAt` : sortKey(params.sortBy, spec.sort, spec.coreUrn);
  if (!order) throw invalidValue(`Cannot sort by "${params.sortBy}"`);
  const page = qb
    .orderBy(order, params.sortOrder)
    .addOrderBy(`${spec.alias}.id`, params.sortOrder)
    .offset(params.startIndex - 1)
    .limit(params.count);
  const rows = await getManyFast(page);
  // A first page that is not full holds every match: no COUNT needed (the common `userName eq`).
  const complete = params.startIndex === 1 && rows.length < params.count;
  return { rows, total: complete ? rows.length : await qb.getCount() };
}

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === "mysql" ? "mysql" : "sqlite";
}

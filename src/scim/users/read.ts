import type { DataSource, EntityManager } from "typeorm";
import type { Directory } from "../../directory";
import { User } from "../../directory";
import { filterSql } from "../sql";
import { ScimUserRecord } from "../entities";
import { sortKey, USER_SORT, userResolver } from "../filter-resolvers";
import { listResponse, type ListParams } from "../http/list-params";
import { excludes, project, type Projection } from "../http/projection";
import { invalidValue, USER_SCHEMA_ID, type ScimUserInput } from "../protocol";
import { renderUser } from "./render";
import { loadGroupsOf, loadRecords } from "./store";

/** Renders users in batches: a page of 100 costs the same handful of queries as one user. */
export async function renderUsers(
  em: EntityManager,
  directory: Directory,
  users: User[],
  baseUrl: string,
  projection: Projection,
): Promise<Record<string, unknown>[]> {
  const ids = users.map((u) => u.id);
  const [views, records, groups] = await Promise.all([
    directory.users.views(users, em),
    loadRecords(em, ids),
    excludes(projection, "groups") ? Promise.resolve(new Map()) : loadGroupsOf(em, ids),
  ]);
  return views.map((view) =>
    project(
      renderUser(
        view,
        (records.get(view.id)?.profile ?? null) as Partial<ScimUserInput> | null,
        groups.get(view.id) ?? [],
        baseUrl,
      ),
      projection,
    ),
  );
}

export async function listUsers(
  dataSource: DataSource,
  directory: Directory,
  organisationId: string,
  params: ListParams,
  baseUrl: string,
) {
  const em = dataSource.manager;
  const qb = em
    .createQueryBuilder(User, "u")
    .leftJoin(ScimUserRecord, "s", "s.userId = u.id")
    .where("u.organisationId = :organisationId", { organisationId })
    .andWhere("s.deletedAt IS NULL");
  if (params.filter !== undefined) {
    const dialect = dataSource.options.type === "mysql" ? "mysql" : "sqlite";
    const { sql, params: values } = filterSql(params.filter, userResolver(dialect), dialect);
    qb.andWhere(sql, values);
  }
  const total = await qb.getCount();
  if (params.count === 0) return listResponse([], total, params.startIndex);
  const order =
    params.sortBy === undefined ? "u.createdAt" : sortKey(params.sortBy, USER_SORT, USER_SCHEMA_ID);
  if (!order) throw invalidValue(`Cannot sort by "${params.sortBy}"`);
  const users = await qb
    .orderBy(order, params.sortOrder)
    .addOrderBy("u.id", params.sortOrder)
    .offset(params.startIndex - 1)
    .limit(params.count)
    .getMany();
  const resources = await renderUsers(em, directory, users, baseUrl, params.projection);
  return listResponse(resources, total, params.startIndex);
}

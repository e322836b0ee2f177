import type { DataSource, EntityManager } from "typeorm";
import type { Directory } from "../../directory";
import { User } from "../../directory";
import { entityColumns } from "../../db";
import { dialectOf, pageOf } from "../sql";
import { ScimUserRecord } from "../entities";
import { USER_SORT, userResolver } from "../filter-resolvers";
import { listResponse, type ListParams } from "../http/list-params";
import { excludes, project, type Projection } from "../http/projection";
import { USER_SCHEMA_ID, type ScimUserInput } from "../protocol";
import { renderUser, type UserGroupRef } from "./render";
import { groupsFromRows, groupsPart, loadRecords } from "./store";

/** Renders users in batches: a page of 100 costs the same handful of queries as one user. */
export async function renderUsers(
  em: EntityManager,
  directory: Directory,
  users: User[],
  baseUrl: string,
  projection: Projection,
  /** The users' SCIM records when the caller already read them (absent from the map: none). */
  knownRecords?: Map<string, ScimUserRecord>,
  /** The users' groups when the caller knows them (absent from the map: none). */
  knownGroups?: Map<string, UserGroupRef[]>,
): Promise<Record<string, unknown>[]> {
  const ids = users.map((u) => u.id);
  const readGroups = !excludes(projection, "groups") && !knownGroups;
  const [{ views, extraRows }, records] = await Promise.all([
    // The groups come in the views' statement: one round trip for the whole rendering.
    directory.users.viewsWith(users, readGroups ? groupsPart(ids) : undefined, em),
    knownRecords ? Promise.resolve(knownRecords) : loadRecords(em, ids),
  ]);
  const groups = readGroups ? groupsFromRows(extraRows) : (knownGroups ?? new Map<string, UserGroupRef[]>());
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
  const dialect = dialectOf(dataSource);
  const user = entityColumns(em, User, "u");
  const record = entityColumns(em, ScimUserRecord, "s");
  // The SCIM record comes with the page (LEFT JOIN), so rendering does not read it again.
  const { rows, total } = await pageOf(em, params, {
    alias: "u",
    from: "users u LEFT JOIN scim_users s ON s.userId = u.id",
    columns: `${user.sql}, ${record.sql}`,
    where: "u.organisationId = ? AND s.deletedAt IS NULL",
    whereParams: [organisationId],
    resolver: userResolver(dialect),
    dialect,
    sort: USER_SORT,
    coreUrn: USER_SCHEMA_ID,
  });
  const users = rows.map((row) => user.fromRow(row) as User);
  const records = new Map<string, ScimUserRecord>();
  for (const row of rows) {
    const found = record.fromRow(row);
    if (found) records.set(found.userId, found);
  }
  const resources = await renderUsers(em, directory, users, baseUrl, params.projection, records);
  return listResponse(resources, total, params.startIndex);
}

import type { EntityManager } from "typeorm";
import type { User } from "./entities";

export interface NamedRef {
  id: string;
  name: string;
}

/** A user as the API, the pages and other modules see it: no password hash, names resolved. */
export interface UserView {
  id: string;
  organisationId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  userName: string | null;
  phone: string | null;
  language: string;
  status: User["status"];
  source: User["source"];
  externalId: string | null;
  jobProfile: NamedRef;
  departments: NamedRef[];
  permissionTypes: NamedRef[];
  consoleAccess: boolean;
  passwordMustChange: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** One row of the views statement: `kind` says what it is ('d', 'p', 'j', or a caller's own). */
export interface ViewRow {
  kind: string;
  userId: string | null;
  id: string;
  name: string;
  consoleAccess: unknown;
}

/**
 * A UNION ALL part a caller adds to the views statement to read its own rows in the same round
 * trip (SCIM: the users' groups). It must select exactly `kind, userId, id, name, consoleAccess`
 * (`0 AS consoleAccess`) with a `kind` other than 'd', 'p' and 'j'.
 */
export interface ViewRowsPart {
  sql: string;
  params: unknown[];
}

/**
 * The users' department and permission-type assignments with their names, and their job
 * profiles, in one hand-written, portable statement (`?` placeholders and unquoted camelCase
 * names suit SQLite and MySQL) whatever the page size: every SCIM response renders users, and on
 * MariaDB each statement is a round trip. A link whose catalogue row is missing is left out.
 */
async function loadViewRows(em: EntityManager, users: User[], extra?: ViewRowsPart): Promise<ViewRow[]> {
  const ids = users.map((u) => u.id);
  const idList = ids.map(() => "?").join(", ");
  const jobProfileIds = [...new Set(users.map((u) => u.jobProfileId))];
  return (await em.query(
    `SELECT 'd' AS kind, ud.userId AS userId, d.id AS id, d.name AS name, 0 AS consoleAccess
       FROM user_departments ud INNER JOIN departments d ON d.id = ud.departmentId
      WHERE ud.userId IN (${idList})
     UNION ALL
     SELECT 'p' AS kind, up.userId AS userId, p.id AS id, p.name AS name, p.consoleAccess AS consoleAccess
       FROM user_permission_types up INNER JOIN permission_types p ON p.id = up.permissionTypeId
      WHERE up.userId IN (${idList})
     UNION ALL
     SELECT 'j' AS kind, NULL AS userId, j.id AS id, j.name AS name, 0 AS consoleAccess
       FROM job_profiles j WHERE j.id IN (${jobProfileIds.map(() => "?").join(", ")})` +
      (extra ? ` UNION ALL ${extra.sql}` : ""),
    [...ids, ...ids, ...jobProfileIds, ...(extra?.params ?? [])],
  )) as ViewRow[];
}

interface LinkRow {
  userId: string;
  id: string;
  name: string;
}

/** Resolves assignments for many users in one query, whatever the page size. */
export async function toUserViews(em: EntityManager, users: User[]): Promise<UserView[]> {
  return (await toUserViewsWith(em, users)).views;
}

/**
 * `toUserViews`, with a caller's own rows read in the same statement (see ViewRowsPart) and
 * handed back beside the views.
 */
export async function toUserViewsWith(
  em: EntityManager,
  users: User[],
  extra?: ViewRowsPart,
): Promise<{ views: UserView[]; extraRows: ViewRow[] }> {
  if (users.length === 0) return { views: [], extraRows: [] };
  const rows = await loadViewRows(em, users, extra);
  const departmentRows = rows.filter((r) => r.kind === "d") as LinkRow[];
  const permissionRows = rows.filter((r) => r.kind === "p") as Array<LinkRow & { consoleAccess: unknown }>;
  const jobProfiles = rows.filter((r) => r.kind === "j");
  const extraRows = rows.filter((r) => r.kind !== "d" && r.kind !== "p" && r.kind !== "j");
  return { views: buildViews(users, departmentRows, permissionRows, jobProfiles), extraRows };
}

/**
 * A boolean column read through the UNION: SQLite gives 0/1, MariaDB an INT, and MySQL 8 types
 * the union's column BIGINT, which mysql2 (with TypeORM's bigNumberStrings) returns as "0"/"1".
 * `Boolean("0")` is true, so a plain truthiness test would grant console access to everyone.
 */
export function isSetFlag(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || (typeof value === "bigint" && value === 1n);
}

function buildViews(
  users: User[],
  departmentRows: LinkRow[],
  permissionRows: Array<LinkRow & { consoleAccess: unknown }>,
  jobProfiles: ViewRow[],
): UserView[] {
  const jobProfileById = new Map(jobProfiles.map((r) => [r.id, r]));
  const byName = (a: NamedRef, b: NamedRef) => a.name.localeCompare(b.name);

  return users.map((user) => {
    const userDepartments = departmentRows
      .filter((l) => l.userId === user.id)
      .map((l) => ({ id: l.id, name: l.name }))
      .sort(byName);
    const userPermissions = permissionRows.filter((l) => l.userId === user.id);
    const jobProfile = jobProfileById.get(user.jobProfileId);
    return {
      id: user.id,
      organisationId: user.organisationId,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      userName: user.userName,
      phone: user.phone,
      language: user.language,
      status: user.status,
      source: user.source,
      externalId: user.externalId,
      jobProfile: { id: user.jobProfileId, name: jobProfile?.name ?? "" },
      departments: userDepartments,
      permissionTypes: userPermissions.map((p) => ({ id: p.id, name: p.name })).sort(byName),
      consoleAccess: userPermissions.some((p) => isSetFlag(p.consoleAccess)),
      passwordMustChange: user.passwordMustChange,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      version: user.version,
    };
  });
}

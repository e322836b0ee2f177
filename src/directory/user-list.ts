import type { EntityManager } from "typeorm";
import { User, UserDepartment, UserPermissionType, type UserSource, type UserStatus } from "./entities";
import { toUserViews, type UserView } from "./user-view";

export interface UserListQuery {
  /** Matches the start of first/last name, email or username, case-insensitively. */
  q?: string;
  status?: UserStatus;
  source?: UserSource;
  departmentId?: string;
  jobProfileId?: string;
  permissionTypeId?: string;
  page?: number;
  pageSize?: number;
}

export interface UserPage {
  items: UserView[];
  page: number;
  pageSize: number;
  total: number;
}

export const MAX_PAGE_SIZE = 200;

/** Filters and pages in the database; order (createdAt, id) is stable across pages. */
export async function listUsers(
  em: EntityManager,
  organisationId: string,
  query: UserListQuery,
): Promise<UserPage> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const qb = em.createQueryBuilder(User, "u").where("u.organisationId = :organisationId", { organisationId });
  if (query.q?.trim()) {
    const term = `${escapeLike(query.q.trim().toLowerCase())}%`;
    qb.andWhere(
      // '!' escapes: a backslash inside a string literal is itself an escape in MySQL/MariaDB.
      "(u.emailKey LIKE :term ESCAPE '!' OR u.userNameKey LIKE :term ESCAPE '!' OR LOWER(u.firstName) LIKE :term ESCAPE '!' OR LOWER(u.lastName) LIKE :term ESCAPE '!')",
      { term },
    );
  }
  if (query.status) qb.andWhere("u.status = :status", { status: query.status });
  if (query.source) qb.andWhere("u.source = :source", { source: query.source });
  if (query.jobProfileId) qb.andWhere("u.jobProfileId = :jobProfileId", { jobProfileId: query.jobProfileId });
  if (query.departmentId) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM ${table(em, UserDepartment)} ud WHERE ud.userId = u.id AND ud.departmentId = :departmentId)`,
      { departmentId: query.departmentId },
    );
  }
  if (query.permissionTypeId) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM ${table(em, UserPermissionType)} up WHERE up.userId = u.id AND up.permissionTypeId = :permissionTypeId)`,
      { permissionTypeId: query.permissionTypeId },
    );
  }
  const [users, total] = await qb
    .orderBy("u.createdAt", "ASC")
    .addOrderBy("u.id", "ASC")
    .skip((page - 1) * pageSize)
    .take(pageSize)
    .getManyAndCount();
  return { items: await toUserViews(em, users), page, pageSize, total };
}

function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}

function table(em: EntityManager, entity: typeof UserDepartment | typeof UserPermissionType): string {
  return em.connection.getMetadata(entity).tableName;
}

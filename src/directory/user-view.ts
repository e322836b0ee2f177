import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { Department, JobProfile, PermissionType, User, UserDepartment, UserPermissionType } from "./entities";

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

/** Resolves assignments for many users in three queries, whatever the page size. */
export async function toUserViews(em: EntityManager, users: User[]): Promise<UserView[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [departmentLinks, permissionLinks, jobProfiles] = await Promise.all([
    em.findBy(UserDepartment, { userId: In(ids) }),
    em.findBy(UserPermissionType, { userId: In(ids) }),
    em.findBy(JobProfile, { id: In([...new Set(users.map((u) => u.jobProfileId))]) }),
  ]);
  const [departments, permissionTypes] = await Promise.all([
    em.findBy(Department, { id: In([...new Set(departmentLinks.map((l) => l.departmentId))]) }),
    em.findBy(PermissionType, { id: In([...new Set(permissionLinks.map((l) => l.permissionTypeId))]) }),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const jobProfileById = byId(jobProfiles);
  const departmentById = byId(departments);
  const permissionById = byId(permissionTypes);
  const ref = (row: { id: string; name: string } | undefined): NamedRef[] =>
    row ? [{ id: row.id, name: row.name }] : [];
  const byName = (a: NamedRef, b: NamedRef) => a.name.localeCompare(b.name);

  return users.map((user) => {
    const userDepartments = departmentLinks
      .filter((l) => l.userId === user.id)
      .flatMap((l) => ref(departmentById.get(l.departmentId)))
      .sort(byName);
    const userPermissions = permissionLinks
      .filter((l) => l.userId === user.id)
      .map((l) => permissionById.get(l.permissionTypeId))
      .filter((p): p is PermissionType => p !== undefined);
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
      consoleAccess: userPermissions.some((p) => p.consoleAccess),
      passwordMustChange: user.passwordMustChange,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      version: user.version,
    };
  });
}

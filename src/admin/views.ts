import type { AccessToken } from "../auth";
import type { Department, JobProfile, Organisation, PermissionType } from "../directory";

/** Wire shapes of the admin API: explicit, so a new column never leaks by accident. */
export function organisationJson(org: Organisation) {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    defaultLanguage: org.defaultLanguage,
    languages: org.languages,
    defaultDepartmentId: org.defaultDepartmentId,
    defaultJobProfileId: org.defaultJobProfileId,
    defaultPermissionTypeId: org.defaultPermissionTypeId,
    createdAt: org.createdAt,
    updatedAt: org.updatedAt,
  };
}

export function catalogJson(entry: Department | JobProfile | PermissionType, org: Organisation) {
  const isDefault =
    entry.id === org.defaultDepartmentId ||
    entry.id === org.defaultJobProfileId ||
    entry.id === org.defaultPermissionTypeId;
  return {
    id: entry.id,
    name: entry.name,
    externalId: entry.externalId,
    ...("parentId" in entry ? { parentId: entry.parentId } : {}),
    ...("consoleAccess" in entry ? { consoleAccess: entry.consoleAccess } : {}),
    isDefault,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

export function tokenJson(token: AccessToken) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
  };
}

import type { DirectoryContext } from "./context";
import { CatalogService } from "./catalog";
import type { Department, JobProfile, PermissionType } from "./entities";
import { OrganisationService } from "./organisations";
import { UserService } from "./users";

export * from "./entities";
export type { DirectoryContext } from "./context";
export type { CatalogInput, CatalogKind } from "./catalog";
export type { CreateOrganisationInput, UpdateOrganisationInput } from "./organisations";
export type { UserFields } from "./user-rules";
export type { UserView, NamedRef, ViewRow, ViewRowsPart } from "./user-view";
export type { UserListQuery, UserPage } from "./user-list";
export type { CreateUserOptions, NewUserBatch, PreparedUser, UserEventListener, UserHook } from "./users";
export { MAX_PAGE_SIZE } from "./user-list";
export { normalizeLanguage, normalizeEmail, normalizePhone, normalizeUserName, nameKey } from "./normalize";
export { CatalogService, OrganisationService, UserService };

export interface Directory {
  organisations: OrganisationService;
  departments: CatalogService<Department>;
  jobProfiles: CatalogService<JobProfile>;
  permissionTypes: CatalogService<PermissionType>;
  users: UserService;
}

export function createDirectory(ctx: DirectoryContext): Directory {
  return {
    organisations: new OrganisationService(ctx),
    departments: new CatalogService<Department>(ctx, "department"),
    jobProfiles: new CatalogService<JobProfile>(ctx, "jobProfile"),
    permissionTypes: new CatalogService<PermissionType>(ctx, "permissionType"),
    users: new UserService(ctx),
  };
}

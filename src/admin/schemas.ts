import { z } from "zod";
import { MAX_PAGE_SIZE, USER_SOURCES, USER_STATUSES } from "../directory";

const id = z.string().min(1).max(36);
const name = z.string().max(200);
const nullableText = (max: number) => z.string().max(max).nullable();

export const catalogCreate = z
  .object({
    name,
    externalId: nullableText(255).optional(),
    parentId: id.nullable().optional(),
    consoleAccess: z.boolean().optional(),
  })
  .strict();
export const catalogUpdate = catalogCreate.partial().strict();

export const userCreate = z
  .object({
    firstName: z.string().max(200),
    lastName: z.string().max(200),
    email: nullableText(320).optional(),
    userName: nullableText(200).optional(),
    phone: nullableText(40).optional(),
    language: z.string().max(35),
    jobProfileId: id,
    departmentIds: z.array(id).max(100),
    permissionTypeIds: z.array(id).max(100),
    externalId: nullableText(255).optional(),
  })
  .strict();

export const userUpdate = userCreate.partial().strict();

export const userList = z
  .object({
    q: z.string().max(200).optional(),
    status: z.enum(USER_STATUSES).optional(),
    source: z.enum(USER_SOURCES).optional(),
    departmentId: id.optional(),
    jobProfileId: id.optional(),
    permissionTypeId: id.optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict();

export const organisationUpdate = z
  .object({
    name: name.optional(),
    defaultLanguage: z.string().max(35).optional(),
    languages: z.array(z.string().max(35)).min(1).max(100).optional(),
    defaultDepartmentId: id.optional(),
    defaultJobProfileId: id.optional(),
    defaultPermissionTypeId: id.optional(),
  })
  .strict();

export const tokenCreate = z.object({ name: z.string().min(1).max(100) }).strict();

export const provisioningLogQuery = z
  .object({
    status: z.enum(["success", "failure"]).optional(),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
    resourceId: z.string().max(36).optional(),
    since: z.coerce.date().optional(),
    /** Exclusive upper bound of the date range. */
    until: z.coerce.date().optional(),
    /** The SCIM resource type the request addressed. */
    resource: z.enum(["Users", "Groups", "Bulk"]).optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

import type { EntityManager } from "typeorm";
import { In, Not } from "typeorm";
import { isForeignKeyViolation, uniqueViolation, violates } from "../db";
import { conflict, notFound } from "../lib";
import {
  User,
  UserDepartment,
  UserPermissionType,
  type DirectoryEventType,
  type UserStatus,
} from "./entities";
import type { UserFields, ValidUser } from "./user-rules";

/** The statement-level pieces of UserService (src/directory/users.ts): SQL, error mapping, events. */

/** `UPDATE users SET status, version = version + 1, updatedAt WHERE id AND organisationId`. */
export async function updateStatus(
  tx: EntityManager,
  organisationId: string,
  id: string,
  status: UserStatus,
  updatedAt: Date,
): Promise<void> {
  const result = await tx
    .createQueryBuilder()
    .update(User)
    .set({ status, updatedAt, version: () => "version + 1" })
    .where("id = :id AND organisationId = :organisationId", { id, organisationId })
    .execute();
  if (result.affected === 0) throw notFound("User", "directory.user_not_found");
}

export function columnsOf(valid: ValidUser) {
  const { departmentIds: _d, permissionTypeIds: _p, ...columns } = valid;
  return columns;
}

export function definedOnly(fields: UserFields): UserFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as UserFields;
}

export function notIn(ids: string[]) {
  // TypeORM has no NotIn helper that accepts an empty list portably; Not(In([])) is "everything".
  return ids.length ? (Not(In(ids)) as unknown as string) : (Not(In(["-"])) as unknown as string);
}

/**
 * Turns a unique-key violation into the directory's conflict error. Without `valid` (a
 * multi-row INSERT: which row collided is unknown) the database error goes up unchanged.
 */
export async function guardUnique(
  write: () => Promise<unknown>,
  valid: ValidUser | undefined,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!valid) throw error;
    const index = uniqueViolation(error);
    if (violates(index, "email")) {
      throw conflict("directory.email_taken", `A user with email ${valid.email} already exists`, "email");
    }
    if (violates(index, "username")) {
      throw conflict(
        "directory.username_taken",
        `A user with username ${valid.userName} already exists`,
        "userName",
      );
    }
    throw error;
  }
}

/** A multi-row INSERT lost a race on a unique or foreign key: worth retrying row by row. */
export function isRace(error: unknown): boolean {
  return uniqueViolation(error) !== undefined || isForeignKeyViolation(error);
}

export function eventType(
  change: "updated" | "status",
  status: UserStatus,
  previous?: UserStatus,
): DirectoryEventType {
  if (change === "updated") return "user.updated";
  if (status === "deactivated") return "user.deactivated";
  return previous === "deactivated" ? "user.reactivated" : "user.activated";
}

/** Assignments are rows, changed as inserts and deletes of the difference. */
export async function writeAssignments(
  tx: EntityManager,
  userId: string,
  valid: ValidUser,
  replace: boolean,
) {
  if (replace) {
    await tx.delete(UserDepartment, { userId, departmentId: notIn(valid.departmentIds) });
    await tx.delete(UserPermissionType, { userId, permissionTypeId: notIn(valid.permissionTypeIds) });
  }
  const existingDepartments = replace ? await tx.findBy(UserDepartment, { userId }) : [];
  const existingPermissions = replace ? await tx.findBy(UserPermissionType, { userId }) : [];
  const newDepartments = valid.departmentIds.filter(
    (id) => !existingDepartments.some((d) => d.departmentId === id),
  );
  const newPermissions = valid.permissionTypeIds.filter(
    (id) => !existingPermissions.some((p) => p.permissionTypeId === id),
  );
  if (newDepartments.length) {
    await tx.insert(
      UserDepartment,
      newDepartments.map((departmentId) => ({ userId, departmentId })),
    );
  }
  if (newPermissions.length) {
    await tx.insert(
      UserPermissionType,
      newPermissions.map((permissionTypeId) => ({ userId, permissionTypeId })),
    );
  }
}

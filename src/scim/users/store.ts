import type { EntityManager } from "typeorm";
import { bulkInsert, selectMany } from "../../db";
import type { User, UserView, ViewRow, ViewRowsPart } from "../../directory";
import { ScimGroup, ScimGroupMember, ScimUserRecord } from "../entities";
import type { ScimUserInput } from "../protocol";
import type { UserGroupRef } from "./render";

/** Reads and writes the SCIM side of users; the directory side goes through the UserService. */
export async function loadRecords(
  em: EntityManager,
  userIds: string[],
): Promise<Map<string, ScimUserRecord>> {
  if (userIds.length === 0) return new Map();
  const rows = await selectMany(em, ScimUserRecord, { userId: userIds });
  return new Map(rows.map((r) => [r.userId, r]));
}

/**
 * The users' groups as a part of the directory's views statement (one round trip for a user's
 * whole rendering). Hand-written and portable: unquoted camelCase names work on SQLite and MySQL.
 */
export function groupsPart(userIds: string[]): ViewRowsPart {
  return {
    sql: `SELECT 'g' AS kind, m.userId AS userId, g.id AS id, g.displayName AS name, 0 AS consoleAccess
            FROM scim_group_members m INNER JOIN scim_groups g ON g.id = m.groupId
           WHERE m.userId IN (${userIds.map(() => "?").join(", ")})`,
    params: userIds,
  };
}

/** groupsPart's rows by user, each user's groups in name order (case-insensitive). */
export function groupsFromRows(rows: ViewRow[]): Map<string, UserGroupRef[]> {
  const out = new Map<string, UserGroupRef[]>();
  for (const row of rows) {
    if (row.kind !== "g" || !row.userId) continue;
    const list = out.get(row.userId) ?? [];
    list.push({ id: row.id, displayName: row.name });
    out.set(row.userId, list);
  }
  const key = (g: UserGroupRef) => g.displayName.trim().toLowerCase();
  for (const list of out.values()) list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return out;
}

export async function groupsForMapping(em: EntityManager, userId: string) {
  const rows = await em
    .createQueryBuilder(ScimGroup, "g")
    .innerJoin(ScimGroupMember, "m", "m.groupId = g.id")
    .where("m.userId = :userId", { userId })
    .getMany();
  return rows.map((g) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId }));
}

export async function saveProfile(
  em: EntityManager,
  user: User,
  profile: Record<string, unknown>,
  existing: ScimUserRecord | undefined | null,
): Promise<void> {
  // TypeORM's deep-partial type cannot express a JSON column's free-form object; the value is right.
  const json = profile as never;
  if (existing) {
    await em.update(ScimUserRecord, { userId: user.id }, { profile: json, deletedAt: null });
  } else {
    await bulkInsert(em, ScimUserRecord, [
      Object.assign(new ScimUserRecord(), {
        userId: user.id,
        organisationId: user.organisationId,
        profile: json,
        deletedAt: null,
      }),
    ]);
  }
}

/**
 * The user as a SCIM client last saw it: the stored profile with the directory-owned fields laid
 * over it. PATCH applies to this, so a change made in the console is not undone by a PATCH.
 */
export function currentScimUser(
  view: Pick<UserView, "email" | "phone" | "userName" | "firstName" | "lastName" | "status" | "externalId">,
  record: ScimUserRecord | null | undefined,
): ScimUserInput {
  const profile = (record?.profile ?? {}) as Partial<ScimUserInput>;
  const emails = profile.emails?.length
    ? profile.emails
    : view.email
      ? [{ value: view.email, type: "work", primary: true }]
      : undefined;
  const phoneNumbers = profile.phoneNumbers?.length
    ? profile.phoneNumbers
    : view.phone
      ? [{ value: view.phone, type: "mobile", primary: true }]
      : undefined;
  const user: ScimUserInput = {
    ...profile,
    userName: view.userName ?? view.email ?? "",
    name: { ...profile.name, givenName: view.firstName, familyName: view.lastName },
    active: view.status !== "deactivated",
  };
  if (view.externalId) user.externalId = view.externalId;
  else delete user.externalId;
  if (emails) user.emails = emails;
  if (phoneNumbers) user.phoneNumbers = phoneNumbers;
  return user;
}

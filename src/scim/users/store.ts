import type { EntityManager } from "typeorm";
import { bulkInsert, selectMany } from "../../db";
import type { User, UserView } from "../../directory";
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

export async function loadGroupsOf(
  em: EntityManager,
  userIds: string[],
): Promise<Map<string, UserGroupRef[]>> {
  const out = new Map<string, UserGroupRef[]>();
  if (userIds.length === 0) return out;
  // Hand-written (portable: unquoted camelCase names work on SQLite and MySQL): every SCIM user
  // response runs it, and the query builder cost more than the query.
  const rows = (await em.query(
    `SELECT m.userId AS userId, g.id AS id, g.displayName AS displayName
       FROM scim_group_members m INNER JOIN scim_groups g ON g.id = m.groupId
      WHERE m.userId IN (${userIds.map(() => "?").join(", ")})
      ORDER BY g.displayNameKey ASC`,
    userIds,
  )) as Array<{ userId: string; id: string; displayName: string }>;
  for (const row of rows) {
    const list = out.get(row.userId) ?? [];
    list.push({ id: row.id, displayName: row.displayName });
    out.set(row.userId, list);
  }
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

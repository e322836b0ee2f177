import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { User } from "../../directory";
import { ScimGroupMember, ScimUserRecord } from "../entities";
import { invalidValue } from "../protocol";
import type { MemberRef } from "./render";

/**
 * Membership is rows: adding one member to a 50,000-member group is one INSERT, never a
 * read-modify-write of the whole list. Every id must be a live SCIM user of the organisation.
 */
export async function assertMembersExist(
  em: EntityManager,
  organisationId: string,
  ids: string[],
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows: Array<{ id: string }> = await em
      .createQueryBuilder(User, "u")
      .leftJoin(ScimUserRecord, "s", "s.userId = u.id")
      .select("u.id", "id")
      .where({ organisationId, id: In(chunk) })
      .andWhere("s.deletedAt IS NULL")
      .getRawMany();
    rows.forEach((r) => found.add(r.id));
  }
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) {
    throw invalidValue(
      `No such user(s) in this organisation: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}`,
    );
  }
}

export async function addMembers(em: EntityManager, groupId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = unique.slice(i, i + 500).map((userId) => ({ groupId, userId }));
    // A member added twice (retries, parallel PATCHes) is not an error: the primary key decides.
    await em.createQueryBuilder().insert().into(ScimGroupMember).values(rows).orIgnore().execute();
  }
}

export async function removeMembers(
  em: EntityManager,
  groupId: string,
  ids: string[] | "all",
): Promise<void> {
  if (ids === "all") {
    await em.delete(ScimGroupMember, { groupId });
    return;
  }
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    await em.delete(ScimGroupMember, { groupId, userId: In(unique.slice(i, i + 500)) });
  }
}

export async function memberIds(em: EntityManager, groupId: string): Promise<string[]> {
  const rows = await em.find(ScimGroupMember, { where: { groupId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

export async function loadMembers(em: EntityManager, groupIds: string[]): Promise<Map<string, MemberRef[]>> {
  const out = new Map<string, MemberRef[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows: Array<{ groupId: string; userId: string; firstName: string; lastName: string }> = await em
    .createQueryBuilder(ScimGroupMember, "m")
    .innerJoin(User, "u", "u.id = m.userId")
    .select([
      "m.groupId AS groupId",
      "m.userId AS userId",
      "u.firstName AS firstName",
      "u.lastName AS lastName",
    ])
    .where({ groupId: In(groupIds) })
    .orderBy("m.userId", "ASC")
    .getRawMany();
  for (const row of rows)
    out.get(row.groupId)?.push({ userId: row.userId, display: `${row.firstName} ${row.lastName}` });
  return out;
}

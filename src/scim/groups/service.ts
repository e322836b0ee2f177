import type { DataSource, EntityManager } from "typeorm";

import type { WithTransaction } from "../../db";
import { entityColumns, uniqueViolation } from "../../db";
import { AppError, newId, type Clock } from "../../lib";
import { ScimGroup } from "../entities";
import { dialectOf, pageOf } from "../sql";
import { GROUP_SORT, groupResolver } from "../filter-resolvers";
import { listResponse, type ListParams } from "../http/list-params";
import { excludes, project, type Projection } from "../http/projection";
import { GROUP_SCHEMA_ID, normalizeGroupInput, planGroupPatch, ScimError } from "../protocol";
import { addMembers, assertMembersExist, loadMembers, memberIds, removeMembers } from "./members";
import { renderGroup } from "./render";

/** Called with the users whose group memberships changed, inside the same transaction. */
export type MembershipListener = (
  organisationId: string,
  userIds: string[],
  tx: EntityManager,
) => Promise<void>;

export type GroupEventType =
  "group.created" | "group.updated" | "group.deleted" | "group.members_added" | "group.members_removed";

/**
 * Told of every group change inside its transaction (webhooks write their outbox rows there).
 * For member events, `userIds` are the members the request added or removed.
 */
export type GroupEventListener = (
  tx: EntityManager,
  type: GroupEventType,
  group: ScimGroup,
  userIds?: string[],
) => Promise<void>;

export interface ScimGroupDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  onMembershipChange: MembershipListener;
  onGroupEvent?: GroupEventListener;
}

const notFound = () => new ScimError(404, "Group not found");
const nameTaken = (name: string) =>
  new AppError("scim.group_name_taken", `A group named "${name}" already exists`, { status: 409 });

export class ScimGroupService {
  constructor(private readonly deps: ScimGroupDeps) {}

  async create(organisationId: string, body: unknown): Promise<{ id: string; summary: string }> {
    const { resource } = normalizeGroupInput(body);
    return this.deps.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      const group = Object.assign(new ScimGroup(), {
        id: newId(),
        organisationId,
        displayName: resource.displayName.trim(),
        displayNameKey: resource.displayName.trim().toLowerCase(),
        externalId: resource.externalId ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await this.guardName(() => tx.insert(ScimGroup, group), group.displayName);
      const ids = (resource.members ?? []).map((m) => m.value);
      await assertMembersExist(tx, organisationId, ids);
      await addMembers(tx, group.id, ids);
      if (ids.length) await this.deps.onMembershipChange(organisationId, ids, tx);
      await this.event(tx, "group.created", group);
      await this.event(tx, "group.members_added", group, [...new Set(ids)]);
      return { id: group.id, summary: `created group ${group.displayName} with ${ids.length} member(s)` };
    });
  }

  async get(organisationId: string, id: string, projection: Projection, baseUrl: string) {
    const group = await this.deps.dataSource.manager.findOneBy(ScimGroup, { id, organisationId });
    if (!group) throw notFound();
    const members = excludes(projection, "members")
      ? undefined
      : (await loadMembers(this.deps.dataSource.manager, [id])).get(id);
    return project(renderGroup(group, members, baseUrl), projection);
  }

  async list(organisationId: string, params: ListParams, baseUrl: string) {
    const em = this.deps.dataSource.manager;
    const group = entityColumns(em, ScimGroup, "g");
    const { rows, total } = await pageOf(em, params, {
      alias: "g",
      from: "scim_groups g",
      columns: group.sql,
      where: "g.organisationId = ?",
      whereParams: [organisationId],
      resolver: groupResolver(),
      dialect: dialectOf(this.deps.dataSource),
      sort: GROUP_SORT,
      coreUrn: GROUP_SCHEMA_ID,
    });
    const groups = rows.map((row) => group.fromRow(row) as ScimGroup);
    const members = excludes(params.projection, "members")
      ? undefined
      : await loadMembers(
          em,
          groups.map((g) => g.id),
        );
    const resources = groups.map((g) =>
      project(renderGroup(g, members?.get(g.id), baseUrl), params.projection),
    );
    return listResponse(resources, total, params.startIndex);
  }

  async replace(
    organisationId: string,
    id: string,
    body: unknown,
    ifMatch?: string,
  ): Promise<{ id: string; summary: string }> {
    const { resource } = normalizeGroupInput(body);
    return this.deps.withTransaction(async (tx) => {
      const group = await this.load(tx, organisationId, id, ifMatch);
      const before = await memberIds(tx, id);
      const after = [...new Set((resource.members ?? []).map((m) => m.value))];
      await assertMembersExist(tx, organisationId, after);
      await removeMembers(
        tx,
        id,
        before.filter((m) => !after.includes(m)),
      );
      await addMembers(
        tx,
        id,
        after.filter((m) => !before.includes(m)),
      );
      const renamed = describesChange(group, resource.displayName, resource.externalId ?? null);
      await this.touch(tx, group, {
        displayName: resource.displayName,
        externalId: resource.externalId ?? null,
      });
      await this.notify(organisationId, symmetricDifference(before, after), tx);
      if (renamed) await this.event(tx, "group.updated", group);
      await this.event(
        tx,
        "group.members_removed",
        group,
        before.filter((m) => !after.includes(m)),
      );
      await this.event(
        tx,
        "group.members_added",
        group,
        after.filter((m) => !before.includes(m)),
      );
      return { id, summary: `replaced group ${resource.displayName} (${after.length} member(s))` };
    });
  }

  /** Membership changes are applied as row inserts/deletes, in the order the client sent them. */
  async patch(
    organisationId: string,
    id: string,
    body: unknown,
    ifMatch?: string,
  ): Promise<{ id: string; summary: string }> {
    const plan = planGroupPatch(body);
    return this.deps.withTransaction(async (tx) => {
      const group = await this.load(tx, organisationId, id, ifMatch);
      const touched = new Set<string>();
      // The net effect of the request on membership, for the group events.
      const added = new Set<string>();
      const removed = new Set<string>();
      const net = (ids: string[], into: Set<string>, from: Set<string>) => {
        for (const u of ids) {
          from.delete(u);
          into.add(u);
        }
      };
      const notes: string[] = [];
      for (const change of plan.membership) {
        if (change.op === "add") {
          await assertMembersExist(tx, organisationId, change.ids);
          await addMembers(tx, id, change.ids);
          change.ids.forEach((u) => touched.add(u));
          net(change.ids, added, removed);
          notes.push(`+${change.ids.length} member(s)`);
        } else if (change.op === "remove") {
          await removeMembers(tx, id, change.ids);
          change.ids.forEach((u) => touched.add(u));
          net(change.ids, removed, added);
          notes.push(`-${change.ids.length} member(s)`);
        } else {
          const before = await memberIds(tx, id);
          before.forEach((u) => touched.add(u));
          await removeMembers(tx, id, "all");
          const kept = change.op === "replace" ? change.ids : [];
          net(
            before.filter((u) => !kept.includes(u)),
            removed,
            added,
          );
          if (change.op === "replace") {
            await assertMembersExist(tx, organisationId, change.ids);
            await addMembers(tx, id, change.ids);
            change.ids.forEach((u) => touched.add(u));
            net(
              change.ids.filter((u) => !before.includes(u)),
              added,
              removed,
            );
          }
          notes.push(
            change.op === "replace" ? `members replaced (${change.ids.length})` : "all members removed",
          );
        }
      }
      const rename = plan.displayName !== undefined && plan.displayName !== group.displayName;
      if (rename) notes.push(`renamed to ${plan.displayName}`);
      const changed = describesChange(group, plan.displayName, plan.externalId);
      await this.touch(tx, group, { displayName: plan.displayName, externalId: plan.externalId });
      await this.notify(organisationId, [...touched], tx);
      if (changed) await this.event(tx, "group.updated", group);
      await this.event(tx, "group.members_removed", group, [...removed]);
      await this.event(tx, "group.members_added", group, [...added]);
      return { id, summary: notes.join("; ") || "no change" };
    });
  }

  async delete(
    organisationId: string,
    id: string,
    ifMatch?: string,
  ): Promise<{ id: string; summary: string }> {
    return this.deps.withTransaction(async (tx) => {
      const group = await this.load(tx, organisationId, id, ifMatch);
      const members = await memberIds(tx, id);
      await this.event(tx, "group.deleted", group);
      await tx.delete(ScimGroup, { id, organisationId });
      await this.notify(organisationId, members, tx);
      return { id, summary: `deleted group ${group.displayName}` };
    });
  }

  /**
   * The group, for a write: checks If-Match when sent (ServiceProviderConfig advertises etag
   * support) and locks the row on MySQL, so concurrent PATCHes of one group queue up instead of
   * deadlocking on the member rows' foreign-key locks (SQLite runs transactions one at a time).
   */
  private async load(
    em: EntityManager,
    organisationId: string,
    id: string,
    ifMatch?: string,
  ): Promise<ScimGroup> {
    const lock =
      em.connection.options.type === "mysql" ? { lock: { mode: "pessimistic_write" as const } } : {};
    const group = await em.findOne(ScimGroup, { where: { id, organisationId }, ...lock });
    if (!group) throw notFound();
    const etag = `W/"${group.version}"`;
    if (ifMatch && ifMatch.trim() !== "*" && !ifMatch.split(",").some((tag) => tag.trim() === etag)) {
      throw new ScimError(412, `The group changed since version ${ifMatch}; it is now ${etag}`);
    }
    return group;
  }

  private async touch(
    tx: EntityManager,
    group: ScimGroup,
    change: { displayName?: string; externalId?: string | null },
  ) {
    if (change.displayName !== undefined) {
      group.displayName = change.displayName.trim();
      group.displayNameKey = group.displayName.toLowerCase();
    }
    if (change.externalId !== undefined) group.externalId = change.externalId;
    group.version += 1;
    group.updatedAt = this.deps.clock.now();
    await this.guardName(() => tx.save(group), group.displayName);
  }

  /** A member event with no members is not an event. */
  private async event(tx: EntityManager, type: GroupEventType, group: ScimGroup, userIds?: string[]) {
    if (!this.deps.onGroupEvent || (userIds !== undefined && userIds.length === 0)) return;
    await this.deps.onGroupEvent(tx, type, group, userIds);
  }

  private async notify(organisationId: string, userIds: string[], tx: EntityManager) {
    if (userIds.length) await this.deps.onMembershipChange(organisationId, userIds, tx);
  }

  private async guardName(write: () => Promise<unknown>, name: string): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (uniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }
}

/** Whether a write changes the group's own attributes (not its members). */
function describesChange(
  group: ScimGroup,
  displayName: string | undefined,
  externalId: string | null | undefined,
): boolean {
  return (
    (displayName !== undefined && displayName.trim() !== group.displayName) ||
    (externalId !== undefined && externalId !== group.externalId)
  );
}

function symmetricDifference(a: string[], b: string[]): string[] {
  const left = new Set(a);
  const right = new Set(b);
  return [...a.filter((x) => !right.has(x)), ...b.filter((x) => !left.has(x))];
}

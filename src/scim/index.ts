import type { DataSource, EntityManager } from "typeorm";
import type { Auth } from "../auth";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import type { Clock } from "../lib";
import { ScimApi } from "./api";
import { ScimGroupService, type GroupEventListener } from "./groups/service";
import { scimRouter } from "./http/router";
import { ProvisioningLog } from "./provisioning-log";
import { currentScimUser, groupsForMapping, loadRecords } from "./users/store";
import { directoryFieldsOf } from "./users/from-scim";
import { ScimUserService, type AssignmentResolver } from "./users/service";

export { SCIM_ENTITIES } from "./entities";
export type { GroupEventListener, GroupEventType } from "./groups/service";
export type { AssignmentResolver, MappingGroup } from "./users/service";
export type { LmsAssignments } from "./users/from-scim";
export type { ProvisioningLog, LogQuery } from "./provisioning-log";
export { normalizeUserInput } from "./protocol";
export type { ScimUserInput } from "./protocol";

export interface Scim {
  api: ScimApi;
  log: ProvisioningLog;
  router: ReturnType<typeof scimRouter>;
}

export function createScim(deps: {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  directory: Directory;
  auth: Auth;
  clock: Clock;
  publicUrl: string;
  resolveAssignments: AssignmentResolver;
  /** False when no mapping rule reads group membership: then membership changes need no re-mapping. */
  mappingUsesGroups: (organisationId: string, tx: EntityManager) => Promise<boolean>;
  hashPassword: (password: string) => Promise<string>;
  /** Group changes, inside their transaction (webhooks). */
  onGroupEvent?: GroupEventListener;
}): Scim {
  const baseUrl = `${deps.publicUrl}/scim/v2`;
  const users = new ScimUserService({
    withTransaction: deps.withTransaction,
    directory: deps.directory,
    resolveAssignments: deps.resolveAssignments,
    hashPassword: deps.hashPassword,
    clock: deps.clock,
  });
  // A membership change re-derives the departments/permission types of exactly the users it touched.
  const onMembershipChange = async (organisationId: string, userIds: string[], tx: EntityManager) => {
    if (!(await deps.mappingUsesGroups(organisationId, tx))) return;
    const records = await loadRecords(tx, userIds);
    for (const userId of userIds) {
      const view = await deps.directory.users.view(organisationId, userId, tx).catch(() => undefined);
      if (!view) continue;
      const scimUser = currentScimUser(view, records.get(userId));
      const assignments = await deps.resolveAssignments(
        organisationId,
        scimUser,
        await groupsForMapping(tx, userId),
        tx,
      );
      const { departmentIds, permissionTypeIds, jobProfileId, language } = directoryFieldsOf(
        scimUser,
        assignments,
      );
      await deps.directory.users.update(
        organisationId,
        userId,
        { departmentIds, permissionTypeIds, jobProfileId, language },
        tx,
      );
    }
  };
  const groups = new ScimGroupService({
    dataSource: deps.dataSource,
    withTransaction: deps.withTransaction,
    clock: deps.clock,
    onMembershipChange,
    onGroupEvent: deps.onGroupEvent,
  });
  const api = new ScimApi(deps.dataSource, deps.directory, users, groups, baseUrl);
  const log = new ProvisioningLog(deps.dataSource, deps.withTransaction, deps.clock);
  return { api, log, router: scimRouter({ auth: deps.auth, api, log }) };
}

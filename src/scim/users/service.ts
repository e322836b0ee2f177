import type { EntityManager } from "typeorm";
import { selectOne, type WithTransaction } from "../../db";
import type { Directory, User, UserStatus } from "../../directory";
import { User as UserEntity } from "../../directory";
import type { Clock } from "../../lib";
import { ScimGroupMember, ScimUserRecord } from "../entities";
import { applyUserPatch, normalizeUserInput, ScimError, type ScimUserInput } from "../protocol";
import { directoryFieldsOf, profileOf, type LmsAssignments } from "./from-scim";
import { etagOf, type UserGroupRef } from "./render";
import { currentScimUser, groupsForMapping, loadRecords, saveProfile } from "./store";

export interface MappingGroup {
  id: string;
  displayName: string;
  externalId: string | null;
}

/**
 * Decides a SCIM user's departments, job profile, permission types and language (the mapping
 * engine). Every id it returns exists in the organisation: it found or created it in `tx`.
 */
export type AssignmentResolver = (
  organisationId: string,
  user: ScimUserInput,
  groups: MappingGroup[],
  tx: EntityManager,
) => Promise<LmsAssignments>;

export interface ScimUserDeps {
  withTransaction: WithTransaction;
  directory: Directory;
  resolveAssignments: AssignmentResolver;
  hashPassword: (password: string) => Promise<string>;
  clock: Clock;
}

export interface WriteResult {
  id: string;
  /** What changed, for the provisioning log. */
  summary: string;
  /**
   * The user row as stored after the write, with its SCIM record, when the writer already holds
   * both: the response is rendered from them instead of reading the user again.
   */
  written?: { user: User; record: ScimUserRecord | null; groups?: UserGroupRef[] };
}

const notFound = () => new ScimError(404, "User not found");

/** Fields an identity provider owns for users it provisions (recorded on the user). */
const MANAGED_FIELDS = ["firstName", "lastName", "email", "userName", "phone", "externalId", "status"];

/** SCIM Users over the directory: every write goes through the directory's UserService. */
export class ScimUserService {
  constructor(private readonly deps: ScimUserDeps) {}

  async create(organisationId: string, body: unknown): Promise<WriteResult> {
    const { resource } = normalizeUserInput(body);
    const passwordHash = resource.password ? await this.deps.hashPassword(resource.password) : undefined;
    return this.deps.withTransaction(async (tx) => {
      // Re-provisioning a person SCIM had deleted brings back the same record (and its history).
      const returning = await this.findDeletedByUserName(tx, organisationId, resource.userName);
      if (returning) {
        await this.write(tx, returning, resource, passwordHash);
        return { id: returning.id, summary: `re-created ${resource.userName} (was deleted over SCIM)` };
      }
      const assignments = await this.deps.resolveAssignments(organisationId, resource, [], tx);
      const user = await this.deps.directory.users.create(
        organisationId,
        directoryFieldsOf(resource, assignments),
        {
          source: "scim",
          status: resource.active === false ? "deactivated" : passwordHash ? "active" : "pending",
          passwordHash: passwordHash ?? null,
          managedBy: { provider: "scim", fields: MANAGED_FIELDS },
          organisation: assignments.organisation,
          // The resolver found these ids in this organisation, in this transaction.
          verifiedCatalogIds: new Set([
            assignments.jobProfileId,
            ...assignments.departmentIds,
            ...assignments.permissionTypeIds,
          ]),
        },
        tx,
      );
      const profile = profileOf(resource);
      await saveProfile(tx, user, profile, null);
      // The 201 is rendered from what was just written.
      const record = Object.assign(new ScimUserRecord(), {
        userId: user.id,
        organisationId,
        // As stored (simple-json): a JSON round trip drops undefined fields exactly as a read would.
        profile: JSON.parse(JSON.stringify(profile)) as Record<string, unknown>,
        deletedAt: null,
      });
      // A user created in this transaction is in no group yet.
      return { id: user.id, summary: `created ${resource.userName}`, written: { user, record, groups: [] } };
    });
  }

  async replace(organisationId: string, id: string, body: unknown, ifMatch?: string): Promise<WriteResult> {
    const { resource } = normalizeUserInput(body);
    const passwordHash = resource.password ? await this.deps.hashPassword(resource.password) : undefined;
    return this.deps.withTransaction(async (tx) => {
      const user = await this.load(tx, organisationId, id, ifMatch, true);
      await this.write(tx, user, resource, passwordHash);
      return { id, summary: `replaced ${resource.userName}` };
    });
  }

  async patch(organisationId: string, id: string, body: unknown, ifMatch?: string): Promise<WriteResult> {
    return this.deps.withTransaction(async (tx) => {
      const { user, record } = await this.loadWithRecord(tx, organisationId, id, ifMatch, true);
      // The SCIM-visible fields come from the user row itself (no assignments needed).
      const current = currentScimUser(user, record);
      const { resource, changed } = applyUserPatch(current, body);
      if (changed.length === 0) return { id, summary: "no change", written: { user, record } };
      // The hot path of deprovisioning (Entra and Okta): only `active` changed. One targeted
      // UPDATE through the directory (its events and hooks run), on the row loaded above.
      if (changed.length === 1 && changed[0] === "active") {
        const stored = await this.deps.directory.users.setStatus(
          organisationId,
          id,
          this.statusFor(user, resource.active),
          tx,
          user,
        );
        return { id, summary: `active=${String(resource.active)}`, written: { user: stored, record } };
      }
      const passwordHash =
        changed.includes("password") && resource.password
          ? await this.deps.hashPassword(resource.password)
          : undefined;
      await this.write(tx, user, resource, passwordHash, record ?? null);
      return {
        id,
        summary: `changed ${changed
          .filter((c) => c !== "password")
          .concat(passwordHash ? ["password"] : [])
          .join(", ")}`,
      };
    });
  }

  /** Gone from SCIM (404 from now on), deactivated in the LMS, which keeps the record and history. */
  async delete(organisationId: string, id: string, ifMatch?: string): Promise<WriteResult> {
    return this.deps.withTransaction(async (tx) => {
      const user = await this.load(tx, organisationId, id, ifMatch, true);
      const record = (await loadRecords(tx, [id])).get(id);
      if (record) await tx.update(ScimUserRecord, { userId: id }, { deletedAt: this.deps.clock.now() });
      else
        await tx.insert(ScimUserRecord, {
          userId: id,
          organisationId,
          profile: {},
          deletedAt: this.deps.clock.now(),
        });
      await tx.delete(ScimGroupMember, { userId: id });
      await this.deps.directory.users.setStatus(organisationId, user.id, "deactivated", tx);
      return { id, summary: "deleted (deactivated in the LMS)" };
    });
  }

  /**
   * The directory user behind a SCIM id, unless SCIM deleted it; checks If-Match when sent. A
   * writer (`forUpdate`) locks the row first on MySQL, so concurrent PATCHes of one user apply one
   * after the other instead of losing each other's changes (SQLite runs transactions one at a time).
   */
  async load(
    em: EntityManager,
    organisationId: string,
    id: string,
    ifMatch?: string,
    forUpdate = false,
  ): Promise<User> {
    return (await this.loadWithRecord(em, organisationId, id, ifMatch, forUpdate)).user;
  }

  /** `load`, also returning the SCIM record it read on the way. */
  async loadWithRecord(
    em: EntityManager,
    organisationId: string,
    id: string,
    ifMatch?: string,
    forUpdate = false,
  ): Promise<{ user: User; record: ScimUserRecord | null }> {
    const user = await selectOne(em, UserEntity, { id, organisationId }, { lockForUpdate: forUpdate });
    if (!user) throw notFound();
    const record = await selectOne(em, ScimUserRecord, { userId: id });
    if (record?.deletedAt) throw notFound();
    if (
      ifMatch &&
      ifMatch.trim() !== "*" &&
      !ifMatch.split(",").some((tag) => tag.trim() === etagOf(user.version))
    ) {
      throw new ScimError(
        412,
        `The user changed since version ${ifMatch}; it is now ${etagOf(user.version)}`,
      );
    }
    return { user, record };
  }

  private async write(
    tx: EntityManager,
    user: User,
    resource: ScimUserInput,
    passwordHash: string | undefined,
    record?: ScimUserRecord | null,
  ): Promise<void> {
    const groups = await groupsForMapping(tx, user.id);
    const assignments = await this.deps.resolveAssignments(user.organisationId, resource, groups, tx);
    await this.deps.directory.users.update(
      user.organisationId,
      user.id,
      directoryFieldsOf(resource, assignments),
      tx,
    );
    if (passwordHash)
      await this.deps.directory.users.setPassword(user.organisationId, user.id, passwordHash, false, tx);
    const fresh = await tx.findOneByOrFail(UserEntity, { id: user.id });
    const status = this.statusFor(fresh, resource.active, passwordHash !== undefined);
    await this.deps.directory.users.setStatus(user.organisationId, user.id, status, tx);
    const existing = record === undefined ? (await loadRecords(tx, [user.id])).get(user.id) : record;
    await saveProfile(tx, user, profileOf(resource), existing);
  }

  /** active=false deactivates; true brings the person back to where they were (active once a password exists). */
  private statusFor(user: User, active: boolean | undefined, hasNewPassword = false): UserStatus {
    if (active === false) return "deactivated";
    if (user.status !== "deactivated" && !hasNewPassword) return user.status;
    return user.passwordHash || hasNewPassword ? "active" : "pending";
  }

  private async findDeletedByUserName(tx: EntityManager, organisationId: string, userName: string) {
    const user = await selectOne(tx, UserEntity, {
      organisationId,
      userNameKey: userName.trim().toLowerCase(),
    });
    if (!user) return undefined;
    const record = await selectOne(tx, ScimUserRecord, { userId: user.id });
    return record?.deletedAt ? user : undefined;
  }
}

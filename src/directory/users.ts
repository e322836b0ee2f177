import type { EntityManager } from "typeorm";
import { bulkInsert, selectOne, updateRows } from "../db";
import { AppError, newId, notFound } from "../lib";
import type { DirectoryContext } from "./context";
import { inTransaction } from "./context";
import {
  DirectoryEvent,
  Organisation,
  User,
  UserDepartment,
  UserPermissionType,
  type DirectoryEventType,
  type UserSource,
  type UserStatus,
} from "./entities";
import { validateUser, type UserFields, type ValidUser } from "./user-rules";
import { toUserViews, toUserViewsWith, type UserView, type ViewRow, type ViewRowsPart } from "./user-view";
import { listUsers, type UserListQuery, type UserPage } from "./user-list";
import {
  columnsOf,
  definedOnly,
  eventType,
  guardUnique,
  isRace,
  updateStatus,
  writeAssignments,
} from "./user-writes";

export interface CreateUserOptions {
  source: UserSource;
  status?: UserStatus;
  passwordHash?: string | null;
  passwordMustChange?: boolean;
  /** A one-time password (e.g. from an import) stops working then. */
  passwordExpiresAt?: Date | null;
  managedBy?: User["managedBy"];
  /**
   * Catalogue ids (job profile, departments, permission types) the caller resolved in this
   * organisation within the same transaction, e.g. the mapping engine's result: not looked up again.
   */
  verifiedCatalogIds?: ReadonlySet<string>;
  /** The organisation as the caller read it in the same transaction: not read again. */
  organisation?: Organisation;
}

/**
 * Users per savepoint (an import batch of 1,000 is two chunks). Each chunk costs a savepoint, the
 * hooks' settings reads and one INSERT per table — on MariaDB chunks of 100 spent more on those round
 * trips than on the rows. bulkInsert splits statements by the drivers' parameter limits itself.
 */
const INSERT_CHUNK = 500;

/** A validated new user, not yet written (see `UserService.batch`). */
export interface PreparedUser {
  readonly user: User;
  readonly valid: ValidUser;
}

export interface NewUserBatch {
  prepare(fields: UserFields, options: CreateUserOptions): Promise<PreparedUser>;
  insert(prepared: PreparedUser[]): Promise<Array<User | AppError>>;
}

/**
 * Hook run inside the transaction that created or changed a user (outbox messages, events).
 * `memo` is shared by the hook calls of one write — one user, or a chunk of an import's users
 * written together — so a hook can read what is the same for all of them (the organisation's
 * settings) once; it is gone when the write ends, so nothing stale outlives it.
 */
export type UserHook = (
  tx: EntityManager,
  user: User,
  change: "created" | "updated" | "status",
  memo: Map<string, unknown>,
) => Promise<void>;

/**
 * Hook run right after `directory_events` rows were written (one per user, all of one type), in
 * the same transaction, with each user as it is at that moment (for user.deleted: just before
 * the row goes). Webhooks use it. Batched so an import's chunk costs one call, not one per user.
 */
export type UserEventListener = (
  tx: EntityManager,
  recorded: Array<{ event: DirectoryEvent; user: User }>,
) => Promise<void>;

/** The only write path for users: every rule is checked here, whichever channel asks. */
export class UserService {
  private readonly hooks: UserHook[] = [];
  private readonly eventListeners: UserEventListener[] = [];

  constructor(private readonly ctx: DirectoryContext) {}

  onChange(hook: UserHook): void {
    this.hooks.push(hook);
  }

  onEvent(listener: UserEventListener): void {
    this.eventListeners.push(listener);
  }

  async create(
    organisationId: string,
    fields: UserFields,
    options: CreateUserOptions,
    manager?: EntityManager,
  ) {
    return inTransaction(this.ctx, manager, async (tx) => {
      const org =
        options.organisation?.id === organisationId
          ? options.organisation
          : await selectOne(tx, Organisation, { id: organisationId });
      if (!org) throw notFound("Organisation", "directory.organisation_not_found");
      const prepared = await this.prepare(tx, org, fields, options);
      await this.insertPrepared(tx, [prepared]);
      return prepared.user;
    });
  }

  /**
   * Many new users of one organisation in the caller's transaction (the Excel import): the same
   * rules, events and hooks as `create` — `create` is this with one user — but the organisation
   * is read once and the rows are written as multi-row INSERTs. `prepare` validates one user and
   * writes nothing (it throws the AppError that refuses it); `insert` writes prepared users and
   * gives each its user or the AppError that refused it, with nothing of a refused user written.
   * A unique-key or foreign-key race on a multi-row INSERT rolls back that chunk's savepoint and
   * retries it row by row, so only the offending row fails.
   */
  async batch(tx: EntityManager, organisationId: string): Promise<NewUserBatch> {
    const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
    return {
      prepare: (fields, options) => this.prepare(tx, org, fields, options),
      insert: (prepared) => this.insertChunked(tx, prepared),
    };
  }

  private async insertChunked(tx: EntityManager, prepared: PreparedUser[]): Promise<Array<User | AppError>> {
    const results: Array<User | AppError> = [];
    for (let start = 0; start < prepared.length; start += INSERT_CHUNK) {
      const chunk = prepared.slice(start, start + INSERT_CHUNK);
      try {
        await tx.transaction((savepoint) => this.insertPrepared(savepoint, chunk));
        results.push(...chunk.map((p) => p.user));
      } catch (error) {
        // A one-user chunk's collision already arrives as the directory's conflict error.
        if (!isRace(error) && !(error instanceof AppError && chunk.length === 1)) throw error;
        for (const one of chunk) {
          try {
            await tx.transaction((savepoint) => this.insertPrepared(savepoint, [one]));
            results.push(one.user);
          } catch (rowError) {
            if (!(rowError instanceof AppError)) throw rowError;
            results.push(rowError);
          }
        }
      }
    }
    return results;
  }

  /** Validates a new user and builds its row; writes nothing. */
  private async prepare(
    tx: EntityManager,
    org: Organisation,
    fields: UserFields,
    options: CreateUserOptions,
  ): Promise<PreparedUser> {
    const valid = await validateUser(tx, org, fields, options.verifiedCatalogIds);
    const now = this.ctx.clock.now();
    const user = Object.assign(new User(), {
      id: newId(),
      organisationId: org.id,
      ...columnsOf(valid),
      status: options.status ?? "pending",
      source: options.source,
      managedBy: options.managedBy ?? null,
      passwordHash: options.passwordHash ?? null,
      passwordMustChange: options.passwordMustChange ?? false,
      passwordExpiresAt: options.passwordExpiresAt ?? null,
      lastLoginAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    return { user, valid };
  }

  /** The users, their assignment rows and their `user.created` events; then the hooks, in order. */
  private async insertPrepared(tx: EntityManager, prepared: PreparedUser[]): Promise<void> {
    const users = prepared.map((p) => p.user);
    await guardUnique(
      () => bulkInsert(tx, User, users),
      prepared.length === 1 ? prepared[0]?.valid : undefined,
    );
    const departments = prepared.flatMap((p) =>
      p.valid.departmentIds.map((departmentId) => ({ userId: p.user.id, departmentId })),
    );
    const permissions = prepared.flatMap((p) =>
      p.valid.permissionTypeIds.map((permissionTypeId) => ({ userId: p.user.id, permissionTypeId })),
    );
    await bulkInsert(tx, UserDepartment, departments);
    await bulkInsert(tx, UserPermissionType, permissions);
    await this.recordEvents(tx, users, "user.created");
    const memo = new Map<string, unknown>();
    for (const user of users) for (const hook of this.hooks) await hook(tx, user, "created", memo);
  }

  /** Applies a partial change; the merged user must still satisfy every rule. */
  async update(
    organisationId: string,
    id: string,
    fields: UserFields,
    manager?: EntityManager,
  ): Promise<User> {
    return inTransaction(this.ctx, manager, async (tx) => {
      const user = await this.load(tx, organisationId, id);
      const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
      const current = await this.currentFields(tx, user);
      const valid = await validateUser(tx, org, { ...current, ...definedOnly(fields) });
      Object.assign(user, columnsOf(valid), { updatedAt: this.ctx.clock.now(), version: user.version + 1 });
      await guardUnique(() => tx.save(user), valid);
      const assignmentsChanged = fields.departmentIds !== undefined || fields.permissionTypeIds !== undefined;
      if (assignmentsChanged) await writeAssignments(tx, user.id, valid, true);
      await this.runHooks(tx, user, "updated");
      return user;
    });
  }

  /**
   * pending → active → deactivated and back; returns the user as stored after the change.
   * `loaded` is the user as the caller just read it in the same transaction (locked on MySQL):
   * passing it saves reading the row again. The change is one targeted UPDATE, not a save of
   * the whole entity (the hot path of SCIM deprovisioning).
   */
  async setStatus(
    organisationId: string,
    id: string,
    status: UserStatus,
    manager?: EntityManager,
    loaded?: User,
  ): Promise<User> {
    return inTransaction(this.ctx, manager, async (tx) => {
      const user =
        loaded && loaded.id === id && loaded.organisationId === organisationId
          ? loaded
          : await this.load(tx, organisationId, id);
      if (user.status === status) return user;
      const previousStatus = user.status;
      const updatedAt = this.ctx.clock.now();
      await updateStatus(tx, organisationId, id, status, updatedAt);
      user.status = status;
      user.updatedAt = updatedAt;
      user.version += 1;
      await this.runHooks(tx, user, "status", previousStatus);
      return user;
    });
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.ctx.withTransaction(async (tx) => {
      const user = await this.load(tx, organisationId, id);
      await this.recordEvent(tx, user, "user.deleted");
      await tx.delete(User, { id, organisationId });
    });
  }

  async get(organisationId: string, id: string, manager?: EntityManager): Promise<User> {
    return this.load(manager ?? this.ctx.dataSource.manager, organisationId, id);
  }

  async view(organisationId: string, id: string, manager?: EntityManager): Promise<UserView> {
    const em = manager ?? this.ctx.dataSource.manager;
    const [view] = await toUserViews(em, [await this.load(em, organisationId, id)]);
    return view as UserView;
  }

  async views(users: User[], manager?: EntityManager): Promise<UserView[]> {
    return toUserViews(manager ?? this.ctx.dataSource.manager, users);
  }

  /** `views`, with the caller's own rows read in the same statement (see ViewRowsPart). */
  async viewsWith(
    users: User[],
    extra: ViewRowsPart | undefined,
    manager?: EntityManager,
  ): Promise<{ views: UserView[]; extraRows: ViewRow[] }> {
    return toUserViewsWith(manager ?? this.ctx.dataSource.manager, users, extra);
  }

  async list(organisationId: string, query: UserListQuery): Promise<UserPage> {
    return listUsers(this.ctx.dataSource.manager, organisationId, query);
  }

  /** A login identifier is an email or a username; both work when a user has both. */
  async findByLogin(organisationId: string, identifier: string): Promise<User | null> {
    const key = identifier.trim().toLowerCase();
    if (!key) return null;
    const repo = this.ctx.dataSource.getRepository(User);
    return (
      (await repo.findOneBy({ organisationId, emailKey: key })) ??
      (await repo.findOneBy({ organisationId, userNameKey: key }))
    );
  }

  /**
   * Sets the password hash. `expiresAt` is for one-time passwords; any other password (the
   * default) clears it, so choosing your own password ends the expiry.
   */
  async setPassword(
    organisationId: string,
    id: string,
    passwordHash: string,
    mustChange: boolean,
    manager?: EntityManager,
    expiresAt: Date | null = null,
  ): Promise<void> {
    await inTransaction(this.ctx, manager, async (tx) => {
      const result = await tx.update(
        User,
        { id, organisationId },
        {
          passwordHash,
          passwordMustChange: mustChange,
          passwordExpiresAt: expiresAt,
          updatedAt: this.ctx.clock.now(),
        },
      );
      if (!result.affected) throw notFound("User", "directory.user_not_found");
    });
  }

  async recordLogin(id: string): Promise<void> {
    await updateRows(this.ctx.dataSource.manager, User, { lastLoginAt: this.ctx.clock.now() }, { id });
  }

  private async load(em: EntityManager, organisationId: string, id: string): Promise<User> {
    const user = await selectOne(em, User, { id, organisationId });
    if (!user) throw notFound("User", "directory.user_not_found");
    return user;
  }

  private async currentFields(tx: EntityManager, user: User): Promise<UserFields> {
    const [departments, permissionTypes] = await Promise.all([
      tx.findBy(UserDepartment, { userId: user.id }),
      tx.findBy(UserPermissionType, { userId: user.id }),
    ]);
    return {
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      userName: user.userName,
      phone: user.phone,
      language: user.language,
      jobProfileId: user.jobProfileId,
      departmentIds: departments.map((d) => d.departmentId),
      permissionTypeIds: permissionTypes.map((p) => p.permissionTypeId),
      externalId: user.externalId,
    };
  }

  private async runHooks(
    tx: EntityManager,
    user: User,
    change: "updated" | "status",
    previousStatus?: UserStatus,
  ) {
    await this.recordEvent(tx, user, eventType(change, user.status, previousStatus));
    const memo = new Map<string, unknown>();
    for (const hook of this.hooks) await hook(tx, user, change, memo);
  }

  /** The outbox row, in the transaction of the change (see DirectoryEvent). */
  private async recordEvent(tx: EntityManager, user: User, type: DirectoryEventType): Promise<void> {
    await this.recordEvents(tx, [user], type);
  }

  /** One outbox row per user, one INSERT for all of them. */
  private async recordEvents(tx: EntityManager, users: User[], type: DirectoryEventType): Promise<void> {
    const createdAt = this.ctx.clock.now();
    const events: DirectoryEvent[] = users.map((user) => ({
      id: newId(),
      organisationId: user.organisationId,
      userId: user.id,
      type,
      source: user.source,
      createdAt,
      processedAt: null,
    }));
    await bulkInsert(tx, DirectoryEvent, events);
    const recorded = events.map((event, i) => ({ event, user: users[i] as User }));
    for (const listener of this.eventListeners) await listener(tx, recorded);
  }
}

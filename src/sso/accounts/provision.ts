import type { EntityManager } from "typeorm";
import type { Directory, User, UserFields } from "../../directory";
import type { MappingService } from "../../mapping";
import { AppError, type Clock } from "../../lib";
import type { SsoConnection } from "../entities";
import { ssoFail } from "../errors";
import { findLinkedUser, storeLink, touchLink } from "./link";
import type { SsoProfile } from "./profile";

export interface AccountDeps {
  directory: Directory;
  mapping: MappingService;
  clock: Clock;
}

export type AccountOutcome = { kind: "user"; user: User; created: boolean } | { kind: "not_provisioned" };

/** The fields an IdP manages for a user it created or keeps up to date on every login. */
const MANAGED = [
  "firstName",
  "lastName",
  "email",
  "language",
  "jobProfile",
  "departments",
  "permissionTypes",
];

/**
 * One login → one user, in the caller's transaction: link, or create just in time through the
 * mapping engine (PRODUCT.md §2), or refuse. Status active at once and no activation message
 * (the activation hook only writes to pending users); source "sso".
 */
export async function resolveAccount(
  deps: AccountDeps,
  tx: EntityManager,
  connection: SsoConnection,
  profile: SsoProfile,
): Promise<AccountOutcome> {
  const organisationId = connection.organisationId;
  const found = await findLinkedUser(tx, connection, profile);
  if (found) {
    let { user } = found;
    if (user.status === "deactivated") throw ssoFail("sso.deactivated", `user ${user.id} is deactivated`);
    if (connection.updateOnLogin) user = await refresh(deps, tx, organisationId, user, profile);
    // A person a provisioning system created (pending) has now proven who they are.
    if (user.status === "pending")
      user = await deps.directory.users.setStatus(organisationId, user.id, "active", tx);
    if (found.linked) await touchLink(tx, connection, profile, deps.clock);
    else await storeLink(tx, connection, profile, user.id, deps.clock);
    return { kind: "user", user, created: false };
  }
  if (!connection.jit) return { kind: "not_provisioned" };
  const assignments = await guard(() => deps.mapping.resolve(organisationId, profile.mapping, tx));
  const fields: UserFields = {
    ...fieldsOf(profile),
    language: assignments.language,
    jobProfileId: assignments.jobProfileId,
    departmentIds: assignments.departmentIds,
    permissionTypeIds: assignments.permissionTypeIds,
  };
  if (!fields.firstName || !fields.lastName || !fields.email)
    throw ssoFail("sso.missing_claims", "first name, last name and email are needed to create a user");
  const user = await guard(() =>
    deps.directory.users.create(
      organisationId,
      fields,
      {
        source: "sso",
        status: "active",
        managedBy: connection.updateOnLogin ? { provider: `sso:${connection.id}`, fields: MANAGED } : null,
        organisation: assignments.organisation,
      },
      tx,
    ),
  );
  await storeLink(tx, connection, profile, user.id, deps.clock);
  return { kind: "user", user, created: true };
}

function fieldsOf(profile: SsoProfile): UserFields {
  return {
    ...(profile.firstName ? { firstName: profile.firstName } : {}),
    ...(profile.lastName ? { lastName: profile.lastName } : {}),
    ...(profile.email ? { email: profile.email } : {}),
  };
}

/** "Update mapped fields on every login": names, email and every mapped assignment. */
async function refresh(
  deps: AccountDeps,
  tx: EntityManager,
  organisationId: string,
  user: User,
  profile: SsoProfile,
) {
  const assignments = await guard(() => deps.mapping.resolve(organisationId, profile.mapping, tx));
  return guard(() =>
    deps.directory.users.update(
      organisationId,
      user.id,
      {
        ...fieldsOf(profile),
        language: assignments.language,
        jobProfileId: assignments.jobProfileId,
        departmentIds: assignments.departmentIds,
        permissionTypeIds: assignments.permissionTypeIds,
      },
      tx,
    ),
  );
}

/** Directory and mapping refusals become SSO failures: a page with a code, the detail in the log. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    if (error.code.startsWith("mapping.")) throw ssoFail("sso.mapping", error.detail, error);
    if (error.status === 409) throw ssoFail("sso.conflict", error.detail, error);
    throw ssoFail("sso.missing_claims", error.detail, error);
  }
}

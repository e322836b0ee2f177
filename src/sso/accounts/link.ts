import type { EntityManager } from "typeorm";
import { bulkInsert, selectOne, uniqueViolation, updateRows } from "../../db";
import { User } from "../../directory";
import { sha256Hex, type Clock } from "../../lib";
import type { SsoConnection } from "../entities";
import { SsoLink } from "../entities";
import type { SsoProfile } from "./profile";

/**
 * Finds the existing user a login belongs to (PRODUCT.md §2 "Linking"): the stored (connection,
 * subject) link first; else the SCIM externalId, then the email, each only when the connection
 * is trusted to assert it (and, for OIDC, the IdP did not say the email is unverified). Every
 * lookup is scoped by the connection's organisation, so a link never crosses organisations.
 */
export async function findLinkedUser(
  tx: EntityManager,
  connection: SsoConnection,
  profile: SsoProfile,
): Promise<{ user: User; linked: boolean } | null> {
  const organisationId = connection.organisationId;
  // Every SSO login runs this: hand-built statements (src/db), as findOneBy but cheaper.
  const link = await selectOne(tx, SsoLink, {
    connectionId: connection.id,
    subjectHash: subjectHash(profile.subject),
  });
  if (link) {
    const user = await selectOne(tx, User, { id: link.userId, organisationId });
    if (user) return { user, linked: true };
  }
  const externalId = profile.externalId ?? profile.subject;
  if (connection.trustExternalId && externalId) {
    const users = await tx.find(User, { where: { organisationId, externalId }, take: 2 });
    // Two users with one externalId cannot be told apart: link neither.
    if (users.length === 1 && users[0]) return { user: users[0], linked: false };
  }
  if (connection.trustEmail && profile.email && profile.emailVerified !== false) {
    const user = await tx.findOneBy(User, { organisationId, emailKey: profile.email.toLowerCase() });
    if (user) return { user, linked: false };
  }
  return null;
}

/** Stores the link; two first logins racing for one subject meet at the primary key. */
export async function storeLink(
  tx: EntityManager,
  connection: SsoConnection,
  profile: SsoProfile,
  userId: string,
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  try {
    await bulkInsert(tx, SsoLink, [
      Object.assign(new SsoLink(), {
        connectionId: connection.id,
        subjectHash: subjectHash(profile.subject),
        subject: profile.subject.slice(0, 500),
        organisationId: connection.organisationId,
        userId,
        createdAt: now,
        lastLoginAt: now,
      }),
    ]);
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
  }
}

export async function touchLink(
  tx: EntityManager,
  connection: SsoConnection,
  profile: SsoProfile,
  clock: Clock,
) {
  await updateRows(
    tx,
    SsoLink,
    { lastLoginAt: clock.now() },
    { connectionId: connection.id, subjectHash: subjectHash(profile.subject) },
  );
}

export function subjectHash(subject: string): string {
  return sha256Hex(subject);
}

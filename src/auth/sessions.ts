import type { DataSource, EntityManager } from "typeorm";
import { IsNull, MoreThan } from "typeorm";
import { bulkInsert, updateRows } from "../db";
import { hmacHex, newId, randomToken, type Clock } from "../lib";
import { Session } from "./entities";

/** Server-side sessions: ending one (logout, deactivation) takes effect on the next request. */
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: Buffer,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async start(organisationId: string, userId: string): Promise<{ session: Session; token: string }> {
    const token = randomToken(32);
    const now = this.clock.now();
    const session = Object.assign(new Session(), {
      id: newId(),
      tokenHash: hmacHex(this.key, token),
      organisationId,
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      revokedAt: null,
    });
    // Every login (password, SSO, activation) starts one: the hand-built INSERT of src/db.
    await bulkInsert(this.dataSource.manager, Session, [session]);
    return { session, token };
  }

  async resolve(token: string): Promise<Session | null> {
    return this.dataSource.getRepository(Session).findOneBy({
      tokenHash: hmacHex(this.key, token),
      revokedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
  }

  async end(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(Session).update({ id: sessionId }, { revokedAt: this.clock.now() });
  }

  /** Every session of a user ends at once (deactivation, password change). */
  async endAllFor(userId: string, exceptSessionId?: string, manager?: EntityManager): Promise<void> {
    const em = manager ?? this.dataSource.manager;
    if (exceptSessionId === undefined) {
      // One UPDATE, no read: deprovisioning over SCIM runs this on every deactivation.
      await updateRows(em, Session, { revokedAt: this.clock.now() }, { userId, revokedAt: null });
      return;
    }
    const sessions = await em.findBy(Session, { userId, revokedAt: IsNull() });
    const ids = sessions.map((s) => s.id).filter((id) => id !== exceptSessionId);
    if (ids.length) await em.update(Session, ids, { revokedAt: this.clock.now() });
  }
}

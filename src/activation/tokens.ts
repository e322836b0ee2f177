import type { EntityManager } from "typeorm";
import { IsNull, MoreThan } from "typeorm";
import { updateRows } from "../db";
import { hmacHex, newId, randomToken, type Clock } from "../lib";
import { ActivationToken, type TokenPurpose } from "./entities";

/** What a link carries: 32 random bytes, base64url (43 characters). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Activation and reset links. The token itself is only ever in the message; the table keeps
 * its HMAC, looked up through a unique index. Single use is decided by one conditional UPDATE,
 * so two requests racing with the same link cannot both win (see `consume`).
 */
export class TokenStore {
  constructor(
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  private hash(token: string): string | undefined {
    return TOKEN_SHAPE.test(token) ? hmacHex(this.key, token) : undefined;
  }

  /** A new link for a person; every earlier live link of theirs for that purpose stops working. */
  async issue(
    tx: EntityManager,
    user: { id: string; organisationId: string },
    purpose: TokenPurpose,
    ttlMs: number,
  ): Promise<{ token: string; row: ActivationToken }> {
    await this.revokeAll(tx, user.id, purpose);
    const token = randomToken(32);
    const now = this.clock.now();
    const row = Object.assign(new ActivationToken(), {
      id: newId(),
      organisationId: user.organisationId,
      userId: user.id,
      purpose,
      tokenHash: hmacHex(this.key, token),
      channel: null,
      deliveryId: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      usedAt: null,
      revokedAt: null,
    });
    await tx.insert(ActivationToken, row);
    return { token, row };
  }

  async recordDelivery(tx: EntityManager, id: string, channel: string, deliveryId: string): Promise<void> {
    await tx.update(ActivationToken, { id }, { channel, deliveryId });
  }

  private live(organisationId: string, tokenHash: string, purpose: TokenPurpose) {
    return {
      tokenHash,
      organisationId,
      purpose,
      usedAt: IsNull(),
      revokedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    };
  }

  /** The link's row while it still works (unused, not replaced, not expired), else null. */
  async find(
    em: EntityManager,
    organisationId: string,
    token: string,
    purpose: TokenPurpose,
  ): Promise<ActivationToken | null> {
    const tokenHash = this.hash(token);
    return tokenHash ? em.findOneBy(ActivationToken, this.live(organisationId, tokenHash, purpose)) : null;
  }

  /**
   * Uses the link up: `UPDATE … SET usedAt = now WHERE tokenHash = ? AND usedAt IS NULL AND
   * revokedAt IS NULL AND expiresAt > now`. Of two concurrent calls the database lets exactly
   * one change the row (the other waits for the row lock, re-reads it, and matches nothing).
   */
  async consume(
    tx: EntityManager,
    organisationId: string,
    token: string,
    purpose: TokenPurpose,
  ): Promise<ActivationToken | null> {
    const tokenHash = this.hash(token);
    if (!tokenHash) return null;
    const now = this.clock.now();
    const result = await tx.update(ActivationToken, this.live(organisationId, tokenHash, purpose), {
      usedAt: now,
    });
    if (result.affected !== 1) return null;
    return tx.findOneBy(ActivationToken, { tokenHash });
  }

  /** Ends every live link of a person (or of one purpose): replaced, deactivated, password set. */
  async revokeAll(tx: EntityManager, userId: string, purpose?: TokenPurpose): Promise<void> {
    // Hand-built: deprovisioning over SCIM runs this on every deactivation.
    await updateRows(
      tx,
      ActivationToken,
      { revokedAt: this.clock.now() },
      { userId, usedAt: null, revokedAt: null, purpose },
    );
  }

  /**
   * The newest link of a person for a purpose, whatever became of it. A link not replaced by
   * another comes first (two links issued within the same millisecond still sort right).
   */
  async latest(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<ActivationToken | null> {
    const rows = await em.findBy(ActivationToken, { userId, purpose });
    const rank = (t: ActivationToken) => [t.revokedAt ? 0 : 1, t.createdAt.getTime()] as const;
    rows.sort((a, b) => rank(b)[0] - rank(a)[0] || rank(b)[1] - rank(a)[1]);
    return rows[0] ?? null;
  }
}

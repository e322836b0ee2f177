import type { DataSource } from "typeorm";
import { IsNull } from "typeorm";
import { selectOne } from "../db";
import { hmacHex, newId, notFound, randomToken, type Clock } from "../lib";
import { AccessToken, type AccessTokenKind } from "./entities";

const PREFIX: Record<AccessTokenKind, string> = { api_key: "admit_ak_", scim: "admit_scim_" };

export interface IssuedToken {
  token: AccessToken;
  /** The secret itself: shown once, never stored. */
  secret: string;
}

/** Admin API keys and SCIM tokens: issued once, stored as an HMAC, revocable, last use recorded. */
export class AccessTokenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  async issue(organisationId: string, kind: AccessTokenKind, name: string): Promise<IssuedToken> {
    const secret = `${PREFIX[kind]}${randomToken(32)}`;
    const token = Object.assign(new AccessToken(), {
      id: newId(),
      organisationId,
      kind,
      name: name.trim().slice(0, 100) || kind,
      tokenHash: hmacHex(this.key, secret),
      prefix: secret.slice(0, PREFIX[kind].length + 4),
      createdAt: this.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.dataSource.getRepository(AccessToken).insert(token);
    return { token, secret };
  }

  /**
   * Finds the live token of that kind. The lookup is by HMAC through a unique index, so the
   * presented secret is never compared with a stored one character by character.
   */
  async authenticate(kind: AccessTokenKind, secret: string): Promise<AccessToken | null> {
    if (!secret.startsWith(PREFIX[kind]) || secret.length > 200) return null;
    const repo = this.dataSource.getRepository(AccessToken);
    // Every SCIM and admin API request comes through here: the hand-built SELECT (src/db).
    const token = await selectOne(this.dataSource.manager, AccessToken, {
      tokenHash: hmacHex(this.key, secret),
      kind,
      revokedAt: null,
    });
    if (!token) return null;
    const now = this.clock.now();
    // Last use is kept to the minute: one write a minute per token, not one per request.
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
      await repo.update({ id: token.id }, { lastUsedAt: now });
      token.lastUsedAt = now;
    }
    return token;
  }

  async list(organisationId: string, kind: AccessTokenKind): Promise<AccessToken[]> {
    return this.dataSource.getRepository(AccessToken).find({
      where: { organisationId, kind },
      order: { createdAt: "ASC" },
    });
  }

  /** Takes effect at once: `authenticate` reads the row on every request. */
  async revoke(organisationId: string, kind: AccessTokenKind, id: string): Promise<void> {
    const repo = this.dataSource.getRepository(AccessToken);
    const token = await repo.findOneBy({ id, organisationId, kind });
    if (!token) throw notFound("Token", "auth.token_not_found");
    if (!token.revokedAt) await repo.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}

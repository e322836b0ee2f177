import { generateKeyPairSync, randomBytes } from "node:crypto";
import { IsNull, LessThan, Not, type DataSource } from "typeorm";
import { sealer, type Sealer } from "../notify";
import { OidcSigningKey } from "./entities";

export type PrivateJwk = Record<string, unknown> & { kid: string; alg: string };

export interface KeyInfo {
  kid: string;
  alg: string;
  createdAt: Date;
  retiredAt: Date | null;
}

const ALG = "RS256";

/**
 * The provider's signing keys, in the database so every instance signs with, and publishes, the
 * same set. The newest key signs; a key replaced by a rotation stays published for `retainMs`
 * (the longest lifetime of anything it signed) and is then pruned.
 */
export class SigningKeys {
  private readonly seal: Sealer<PrivateJwk>;

  constructor(
    private readonly dataSource: DataSource,
    sealingKey: Buffer,
    private readonly retainMs: number,
  ) {
    this.seal = sealer<PrivateJwk>(sealingKey);
  }

  /** The private keys oidc-provider needs, newest first (it signs with the first of an alg). */
  async current(): Promise<PrivateJwk[]> {
    let rows = await this.rows();
    // First start: no key yet. Two instances starting at once may each add one; both are then
    // published and the newest signs, which is harmless.
    if (rows.length === 0) {
      await this.insertNew();
      rows = await this.rows();
    }
    return rows.map((row) => this.seal.open(row.kid, row.sealedPrivateJwk));
  }

  /** A fingerprint of the published set: when it changes, the provider is rebuilt. */
  async version(): Promise<string> {
    return (await this.rows()).map((r) => r.kid).join(",");
  }

  async list(): Promise<KeyInfo[]> {
    return (await this.rows()).map(({ kid, alg, createdAt, retiredAt }) => ({
      kid,
      alg,
      createdAt,
      retiredAt,
    }));
  }

  /** Adds a new signing key, retires the others, and prunes keys retired long enough ago. */
  async rotate(): Promise<{ kid: string; retired: string[]; pruned: string[] }> {
    const now = new Date();
    const previous = await this.dataSource.getRepository(OidcSigningKey).findBy({ retiredAt: IsNull() });
    const kid = await this.insertNew();
    await this.dataSource
      .getRepository(OidcSigningKey)
      .update({ retiredAt: IsNull(), kid: Not(kid) }, { retiredAt: now });
    const stale = await this.dataSource
      .getRepository(OidcSigningKey)
      .findBy({ retiredAt: LessThan(new Date(now.getTime() - this.retainMs)) });
    if (stale.length) await this.dataSource.getRepository(OidcSigningKey).delete(stale.map((k) => k.kid));
    return { kid, retired: previous.map((k) => k.kid), pruned: stale.map((k) => k.kid) };
  }

  /** Keys still worth publishing: the active ones and those retired less than `retainMs` ago. */
  private async rows(): Promise<OidcSigningKey[]> {
    const all = await this.dataSource.getRepository(OidcSigningKey).find({ order: { createdAt: "DESC" } });
    const cutoff = Date.now() - this.retainMs;
    return all.filter((k) => !k.retiredAt || k.retiredAt.getTime() > cutoff);
  }

  private async insertNew(): Promise<string> {
    const kid = randomBytes(12).toString("base64url");
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const meta = { kid, alg: ALG, use: "sig" };
    const privateJwk = { ...privateKey.export({ format: "jwk" }), ...meta } as PrivateJwk;
    await this.dataSource.getRepository(OidcSigningKey).insert({
      kid,
      alg: ALG,
      publicJwk: JSON.stringify({ ...publicKey.export({ format: "jwk" }), ...meta }),
      sealedPrivateJwk: this.seal.seal(kid, privateJwk),
      createdAt: new Date(),
      retiredAt: null,
    });
    return kid;
  }
}

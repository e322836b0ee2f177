import { generateKeyPairSync, randomBytes } from "node:crypto";
import { IsNull, LessThan, Not, type DataSource, type QueryResult } from "typeorm";
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
    // Normally created at start-up (ensure()); this covers a database emptied since.
    if (!rows.some((row) => !row.retiredAt)) {
      await this.ensure();
      rows = await this.rows();
    }
    return rows.map((row) => this.seal.open(row.kid, row.sealedPrivateJwk));
  }

  /**
   * Creates the first signing key unless an active one exists; true when this call created it.
   * Run at start-up and by `admit migrate`. Several instances starting at once on a fresh
   * database must end with ONE key (else an instance that read the table before another's insert
   * publishes a JWKS without the key the other signs with): the database decides, with one
   * conditional INSERT (atomic on SQLite) under a named lock on MySQL/MariaDB (where the
   * conditional INSERT alone could let both through under READ COMMITTED).
   */
  async ensure(): Promise<boolean> {
    return this.exclusively(async (query) => {
      const row = this.newRow();
      const driver = this.dataSource.driver;
      const metadata = this.dataSource.getMetadata(OidcSigningKey);
      const createdAt = driver.preparePersistentValue(
        row.createdAt,
        metadata.findColumnWithPropertyName("createdAt")!,
      ) as unknown;
      const table = driver.escape(metadata.tableName);
      const col = (name: string) => driver.escape(name);
      const result = await query(
        `INSERT INTO ${table} (${["kid", "alg", "publicJwk", "sealedPrivateJwk", "createdAt"].map(col).join(", ")})
         SELECT ?, ?, ?, ?, ? FROM (SELECT 1 AS one) seed
         WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${col("retiredAt")} IS NULL)`,
        [row.kid, row.alg, row.publicJwk, row.sealedPrivateJwk, createdAt],
      );
      return (result.affected ?? 0) > 0;
    });
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
    // Two rotations at once would each retire the other's new key: one at a time (MySQL).
    return this.exclusively(() => this.rotateNow());
  }

  private async rotateNow(): Promise<{ kid: string; retired: string[]; pruned: string[] }> {
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
    const row = this.newRow();
    await this.dataSource.getRepository(OidcSigningKey).insert(row);
    return row.kid;
  }

  private newRow(): OidcSigningKey {
    const kid = randomBytes(12).toString("base64url");
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const meta = { kid, alg: ALG, use: "sig" };
    const privateJwk = { ...privateKey.export({ format: "jwk" }), ...meta } as PrivateJwk;
    return Object.assign(new OidcSigningKey(), {
      kid,
      alg: ALG,
      publicJwk: JSON.stringify({ ...publicKey.export({ format: "jwk" }), ...meta }),
      sealedPrivateJwk: this.seal.seal(kid, privateJwk),
      createdAt: new Date(),
      retiredAt: null,
    });
  }

  /**
   * Runs `work` while holding a MySQL named lock (session-scoped, so on one connection of the
   * pool); on SQLite the single conditional statement is already atomic across processes, and
   * the work runs as is.
   */
  private async exclusively<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const query: Query = (sql, params) => runner.query(sql, params, true);
    try {
      if (this.dataSource.options.type !== "mysql") return await work(query);
      const [lock] = (await runner.query(`SELECT GET_LOCK(${LOCK}, 30) AS got`)) as Array<{ got: unknown }>;
      if (Number(lock?.got) !== 1) throw new Error("could not take the OIDC signing key lock within 30 s");
      try {
        return await work(query);
      } finally {
        await runner.query(`SELECT RELEASE_LOCK(${LOCK})`);
      }
    } finally {
      await runner.release();
    }
  }
}

type Query = (sql: string, params?: unknown[]) => Promise<QueryResult>;

/** MySQL named locks are server-wide: the name includes the database, so each is locked apart. */
const LOCK = "CONCAT('admit_oidc_signing_keys:', DATABASE())";

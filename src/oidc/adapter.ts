import { LessThan, type DataSource } from "typeorm";
import { OidcPayload } from "./entities";

/** What oidc-provider stores: a JSON object with a few well-known lookup fields. */
export type AdapterPayload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
};

/** The adapter contract of oidc-provider 9 (lib/adapters/memory_adapter.js documents it). */
export interface ProviderAdapter {
  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<AdapterPayload | undefined>;
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
  findByUid(uid: string): Promise<AdapterPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** Expired rows are deleted at most this often per instance, on a write. */
const PRUNE_EVERY_MS = 60_000;

/**
 * oidc-provider's storage on Admit's database: one `oidc_payloads` table for every kind of
 * artifact. Expiry is enforced on read (a row past `expiresAt` is not found) and expired rows are
 * pruned in the background of writes, so any number of instances can share the table. oidc-provider
 * works in wall-clock seconds, so this does too (not the injectable app clock).
 */
export class PayloadStore {
  private lastPrune = 0;

  constructor(private readonly dataSource: DataSource) {}

  forKind(kind: string): ProviderAdapter {
    const repo = () => this.dataSource.getRepository(OidcPayload);
    const live = (row: OidcPayload | null): AdapterPayload | undefined => {
      if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
      const payload = JSON.parse(row.payload) as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        const text = (v: unknown) => (typeof v === "string" ? v : null);
        await repo().upsert(
          {
            kind,
            id,
            payload: JSON.stringify(payload),
            grantId: text(payload.grantId),
            uid: text(payload.uid),
            userCode: text(payload.userCode),
            expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
            consumedAt: null,
          },
          ["kind", "id"],
        );
        await this.pruneNow(false);
      },
      find: async (id) => live(await repo().findOneBy({ kind, id })),
      findByUid: async (uid) => live(await repo().findOneBy({ kind, uid })),
      findByUserCode: async (userCode) => live(await repo().findOneBy({ kind, userCode })),
      consume: async (id) => {
        await repo().update({ kind, id }, { consumedAt: new Date() });
      },
      destroy: async (id) => {
        await repo().delete({ kind, id });
      },
      // A grant is revoked with every artifact it produced (codes, access and refresh tokens).
      revokeByGrantId: async (grantId) => {
        await repo().delete({ grantId });
      },
    };
  }

  /** Deletes expired rows; `force` for the CLI and tests, else at most once a minute. */
  async pruneNow(force = true): Promise<number> {
    if (!force && Date.now() - this.lastPrune < PRUNE_EVERY_MS) return 0;
    this.lastPrune = Date.now();
    const result = await this.dataSource
      .getRepository(OidcPayload)
      .delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}

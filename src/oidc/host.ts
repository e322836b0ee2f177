import type { Provider } from "oidc-provider";
import type { SigningKeys } from "./keys";
import { buildProvider, type ProviderDeps } from "./provider";

/** How often an instance looks for keys rotated by another instance (or by `admit oidc rotate-keys`). */
export const KEY_CHECK_MS = 10_000;

/**
 * oidc-provider takes its keys when it is constructed, so a rotation means a new Provider. All of
 * its state lives in the database, so swapping instances loses nothing: this host rebuilds the
 * provider when the set of keys in the database changes, checked at most every `checkMs`.
 */
export class ProviderHost {
  private built?: { version: string; provider: Provider };
  private checkedAt = 0;
  private refreshing?: Promise<Provider>;

  constructor(
    private readonly deps: ProviderDeps,
    private readonly keys: SigningKeys,
    private readonly checkMs = KEY_CHECK_MS,
  ) {}

  async get(): Promise<Provider> {
    if (this.built && Date.now() - this.checkedAt < this.checkMs) return this.built.provider;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The next request reads the keys again (after a rotation in this process). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async refresh(): Promise<Provider> {
    const version = await this.keys.version();
    if (!this.built || this.built.version !== version) {
      const jwks = await this.keys.current();
      // current() creates the first key on a fresh database: read the version it settled on.
      this.built = { version: jwks.map((k) => k.kid).join(","), provider: buildProvider(this.deps, jwks) };
    }
    this.checkedAt = Date.now();
    return this.built.provider;
  }
}

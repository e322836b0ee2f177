import type { DataSource } from "typeorm";
import { LessThan } from "typeorm";
import { bulkInsert, uniqueViolation } from "../db";
import { sha256Hex, type Clock } from "../lib";
import { SsoReplay } from "./entities";

/**
 * Assertion ids already used (SAML profiles §4.1.4.5: a bearer assertion is used once). The
 * row lives until the assertion would have expired anyway; the primary key decides between two
 * instances that see the same assertion at the same moment, never a "check then insert".
 */
export class ReplayCache {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records the id; false when it was seen before (a replay). */
  async remember(
    organisationId: string,
    connectionId: string,
    assertionId: string,
    until: Date,
  ): Promise<boolean> {
    const repo = this.dataSource.getRepository(SsoReplay);
    const id = sha256Hex(`${connectionId}\n${assertionId}`);
    try {
      // Hand-built INSERT: TypeORM's insert builder cost more CPU than the rest of this check.
      await bulkInsert(this.dataSource.manager, SsoReplay, [
        Object.assign(new SsoReplay(), { id, organisationId, connectionId, expiresAt: until }),
      ]);
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      // An expired row may linger until swept: it no longer protects anything, so take it over.
      const stale = await repo.delete({ id, expiresAt: LessThan(this.clock.now()) });
      if (!stale.affected) return false;
      return this.remember(organisationId, connectionId, assertionId, until);
    }
    if (Math.random() < 0.05) await repo.delete({ expiresAt: LessThan(this.clock.now()) });
    return true;
  }
}

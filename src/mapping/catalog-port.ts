import type { EntityManager } from "typeorm";
import {
  Department,
  JobProfile,
  nameKey,
  PermissionType,
  type CatalogService,
  type Directory,
  type Organisation,
} from "../directory";
import { AppError } from "../lib";
import type { CatalogPort } from "./engine";
import { noDefault } from "./errors";
import type { CatalogTarget, NamedEntry } from "./types";

type Entry = Department | JobProfile | PermissionType;

const ENTITY: Record<CatalogTarget, new () => Entry> = {
  department: Department,
  jobProfile: JobProfile,
  permissionType: PermissionType,
};

const named = (entry: Entry): NamedEntry => ({ id: entry.id, name: entry.name });

async function findEntry(tx: EntityManager, target: CatalogTarget, organisationId: string, name: string) {
  return tx.findOneBy(ENTITY[target], { organisationId, nameKey: nameKey(name) });
}

/**
 * A shared-lock read, written out because TypeORM renders it as MySQL 8's FOR SHARE, which
 * MariaDB rejects. Shared, not FOR UPDATE: every loser of the race already holds a shared lock on
 * the row from its duplicate-key check, and upgrading several of them at once deadlocks.
 */
async function lockingFind(
  tx: EntityManager,
  target: CatalogTarget,
  organisationId: string,
  name: string,
): Promise<NamedEntry | undefined> {
  const table = tx.connection.getMetadata(ENTITY[target]).tableName;
  const rows: NamedEntry[] = await tx.query(
    `SELECT id, name FROM \`${table}\` WHERE organisationId = ? AND nameKey = ? LOCK IN SHARE MODE`,
    [organisationId, nameKey(name)],
  );
  return rows[0];
}

/**
 * The engine's view of one organisation's catalog, inside the caller's transaction. `defaults`
 * are the organisation's default entries as read with it (readMappingState).
 */
export function databaseCatalog(
  directory: Directory,
  org: Organisation,
  tx: EntityManager,
  defaults: ReadonlyMap<CatalogTarget, NamedEntry>,
): CatalogPort {
  const services: Record<CatalogTarget, CatalogService<Entry>> = {
    department: directory.departments,
    jobProfile: directory.jobProfiles,
    permissionType: directory.permissionTypes,
  };
  const mysql = tx.connection.options.type === "mysql";
  return {
    languages: org.languages,
    defaultLanguage: org.defaultLanguage,
    find: async (target, name) => {
      const entry = await services[target].findByName(org.id, name, tx);
      return entry ? named(entry) : null;
    },
    create: async (target, name) => {
      try {
        return named(await services[target].create(org.id, { name }, tx));
      } catch (error) {
        if (!(error instanceof AppError && error.code.endsWith("_name_taken"))) throw error;
        // A concurrent request created the same name first; the unique key decided and its row
        // is the answer. On MySQL only a locking read sees rows committed after this
        // transaction's snapshot (REPEATABLE READ); SQLite runs one transaction at a time.
        const winner = mysql
          ? await lockingFind(tx, target, org.id, name)
          : await findEntry(tx, target, org.id, name);
        if (!winner) throw error;
        return { id: winner.id, name: winner.name };
      }
    },
    defaultOf: async (target) => {
      const entry = defaults.get(target);
      if (!entry) throw noDefault(target);
      return entry;
    },
  };
}

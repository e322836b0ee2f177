import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DataSource, EntityManager, type EntitySchema, type MixedList } from "typeorm";
import type { DatabaseConfig } from "../config";
import { MIGRATIONS } from "./migrations";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/** Builds (does not connect) the DataSource for the configured database. */
export function createDataSource(config: DatabaseConfig, entities: EntityList): DataSource {
  if (config.kind === "sqlite") {
    const path = config.path === ":memory:" ? ":memory:" : resolve(config.path);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    return new DataSource({
      type: "better-sqlite3",
      database: path,
      entities,
      migrations: MIGRATIONS,
      synchronize: false,
      enableWAL: true,
      // Writers wait for each other instead of failing with SQLITE_BUSY (CLI beside a server).
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma("busy_timeout = 5000");
        db.pragma("synchronous = NORMAL");
        db.pragma("foreign_keys = ON");
      },
    });
  }
  return new DataSource({
    type: "mysql",
    url: config.url,
    entities,
    migrations: MIGRATIONS,
    synchronize: false,
    timezone: "Z",
    charset: "utf8mb4_unicode_ci",
    poolSize: config.poolSize,
    extra: {
      connectionLimit: config.poolSize,
      waitForConnections: true,
      // mysql2 captures a stack trace on every query (TypeORM goes through its promise API) to
      // splice the caller's frames into a failure's stack: 6.6 % of the server's CPU under SCIM
      // POST load. A failed query still throws TypeORM's QueryFailedError with its own stack.
      trace: false,
    },
  });
}

export async function openDatabase(
  config: DatabaseConfig,
  entities: EntityList,
  options: { migrate: boolean },
): Promise<DataSource> {
  const dataSource = createDataSource(config, entities);
  await dataSource.initialize();
  if (options.migrate) await dataSource.runMigrations({ transaction: "each" });
  return dataSource;
}

export async function isDatabaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` in one transaction. On SQLite every transaction shares the single connection,
 * so they are queued here one after another (SQLite allows one writer at a time anyway);
 * on MySQL each gets its own pooled connection.
 */
export function transactionRunner(dataSource: DataSource) {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = dataSource.options.type === "better-sqlite3";
  return function withTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!serial) return dataSource.transaction(work);
    const run = queue.then(() => dataSource.transaction(work));
    queue = run.catch(() => undefined);
    return run;
  };
}

export type WithTransaction = ReturnType<typeof transactionRunner>;

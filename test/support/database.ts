import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig } from "../../src/config";

/**
 * Each test file gets a database of its own: a fresh SQLite file, or — when TEST_MYSQL_URL is
 * set (as `.ci/run` does) — a fresh MySQL/MariaDB database created for it and dropped after.
 */
export interface TestDatabase {
  config: DatabaseConfig;
  kind: "sqlite" | "mysql";
  drop(): Promise<void>;
}

export const MYSQL_URL = process.env.TEST_MYSQL_URL;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (MYSQL_URL) {
    const mysql = await import("mysql2/promise");
    const name = `admit_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = await mysql.createConnection(MYSQL_URL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = new URL(MYSQL_URL);
    url.pathname = `/${name}`;
    return {
      kind: "mysql",
      config: { kind: "mysql", url: url.toString(), poolSize: 10 },
      drop: async () => {
        const conn = await mysql.createConnection(MYSQL_URL);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "admit-test-"));
  return {
    kind: "sqlite",
    config: { kind: "sqlite", path: join(dir, "admit.sqlite") },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

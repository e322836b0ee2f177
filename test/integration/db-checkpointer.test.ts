/**
 * The WAL checkpoint runs in a worker thread for servers on SQLite (src/db/checkpointer.ts):
 * what the server commits reaches the database file without the server's own connection
 * checkpointing in a COMMIT. Uses a SQLite file of its own, whatever TEST_MYSQL_URL says.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { DataSource } from "typeorm";
import {
  moveCheckpointsOffTheEventLoop,
  openDatabase,
  startBackgroundCheckpoints,
  type BackgroundCheckpoints,
} from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { Organisation } from "../../src/directory";
import { createDirectory } from "../../src/directory";
import { transactionRunner } from "../../src/db";
import { systemClock } from "../../src/lib";

let dir: string;
let path: string;
let dataSource: DataSource;
let checkpoints: BackgroundCheckpoints | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "admit-checkpoint-"));
  path = join(dir, "admit.sqlite");
  dataSource = await openDatabase({ kind: "sqlite", path }, ENTITIES, { migrate: true });
});
afterAll(async () => {
  await checkpoints?.stop();
  await dataSource?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test("the server's connection keeps only the far-off fallback threshold", async () => {
  const errors: string[] = [];
  checkpoints = await moveCheckpointsOffTheEventLoop(dataSource, (m) => errors.push(m));
  expect(checkpoints).toBeDefined();
  const [row] = (await dataSource.query("PRAGMA wal_autocheckpoint")) as Array<Record<string, number>>;
  expect(Object.values(row ?? {})[0]).toBe(20_000);
  await checkpoints?.stop();
  checkpoints = undefined;
  expect(errors).toEqual([]);
});

test("commits reach the database file through the worker's checkpoints", async () => {
  const directory = createDirectory({
    dataSource,
    withTransaction: transactionRunner(dataSource),
    clock: systemClock,
  });
  for (let i = 0; i < 30; i++) {
    await directory.organisations.create({
      slug: `ckpt-${i}`,
      name: `Checkpointed ${i}`,
      defaultLanguage: "en",
      languages: ["en"],
    });
  }
  const errors: string[] = [];
  checkpoints = startBackgroundCheckpoints(path, { intervalMs: 20, onError: (m) => errors.push(m) });
  let result = await checkpoints.next();
  for (let i = 0; i < 50 && (result.log === 0 || result.checkpointed < result.log); i++)
    result = await checkpoints.next();
  expect(result.busy).toBe(0);
  expect(result.log).toBeGreaterThan(0);
  expect(result.checkpointed).toBe(result.log);
  // The database file alone (no -wal beside it) now holds what was committed.
  const copy = join(dir, "copy.sqlite");
  copyFileSync(path, copy);
  const alone = new Database(copy, { readonly: true });
  try {
    const count = alone.prepare("SELECT COUNT(*) AS n FROM organisations WHERE slug LIKE 'ckpt-%'").get() as {
      n: number;
    };
    expect(count.n).toBe(30);
  } finally {
    alone.close();
  }
  expect(await dataSource.manager.countBy(Organisation, {})).toBeGreaterThanOrEqual(30);
  expect(errors).toEqual([]);
});

test("stop ends the worker and returns", async () => {
  const started = startBackgroundCheckpoints(path, { intervalMs: 20 });
  await started.next();
  await expect(started.stop()).resolves.toBeUndefined();
});

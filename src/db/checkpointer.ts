import { Worker } from "node:worker_threads";
import type { DataSource } from "typeorm";

/**
 * SQLite's WAL is copied back into the database file by a checkpoint, which fsyncs. By default
 * the connection that commits the 1000th page runs it inside that COMMIT — on the event loop, so
 * every request in flight waits (bench/scim measured POST p99 at 64 connections 473 ms with it,
 * 144 ms without). Here a worker thread with its own connection runs PASSIVE checkpoints (they
 * never block writers or readers) a few times a second, and the server's connection only
 * checkpoints itself as a safety net when the WAL grows far beyond what the worker lets it.
 */

/** The server connection's own fallback threshold (pages of 4 KiB): ~80 MB of WAL. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

export interface CheckpointResult {
  /** 1 when the checkpoint could not finish because of a concurrent writer or reader. */
  busy: number;
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

export interface BackgroundCheckpoints {
  /** Resolves with the result of the next checkpoint the worker runs (tests, diagnostics). */
  next(): Promise<CheckpointResult>;
  stop(): Promise<void>;
}

// Plain CommonJS evaluated in the worker: works from dist/ and under the test transpiler alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startBackgroundCheckpoints(
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): BackgroundCheckpoints {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, intervalMs: options.intervalMs ?? 250, driver: require.resolve("better-sqlite3") },
  });
  worker.unref();
  const waiting: Array<(result: CheckpointResult) => void> = [];
  worker.on("message", (message: { result?: CheckpointResult; error?: string }) => {
    if (message.error) options.onError?.(message.error);
    if (message.result) for (const resolve of waiting.splice(0)) resolve(message.result);
  });
  worker.on("error", (error) => options.onError?.(error.message));
  let hasExited = false;
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      hasExited = true;
      resolve();
    }),
  );
  return {
    next: () => new Promise((resolve) => waiting.push(resolve)),
    stop: async () => {
      if (hasExited) return;
      // Referenced while stopping: with the worker unref'd, an idle process (a CLI command
      // ending) would otherwise exit right here, before the caller's next line ran.
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/**
 * For a server on a SQLite file: checkpoints move to a worker thread and the server's own
 * connection keeps only the far-off fallback. Nothing for MySQL or an in-memory database.
 */
export async function moveCheckpointsOffTheEventLoop(
  dataSource: DataSource,
  onError: (message: string) => void,
): Promise<BackgroundCheckpoints | undefined> {
  const path = dataSource.options.type === "better-sqlite3" ? String(dataSource.options.database) : "";
  if (!path || path === ":memory:") return undefined;
  await dataSource.query(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return startBackgroundCheckpoints(path, { onError });
}

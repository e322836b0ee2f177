import type { Services } from "../app";
import { AppError } from "../lib";

export interface GlobalOptions {
  json?: boolean;
}

/** Opens the configured database and builds the services a command needs, then closes them. */
export async function withServices<T>(
  work: (services: Services) => Promise<T>,
  options: {
    migrate?: boolean;
    /** Long writers (import): WAL checkpoints in a worker thread, as the server runs them. */
    checkpointsInBackground?: boolean;
  } = {},
) {
  // Loaded here, not at the top: `admit --help` and usage errors answer without loading TypeORM.
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy CommonJS loads keep `--help` fast */
  require("reflect-metadata");
  const { createServices } = require("../app") as typeof import("../app");
  const { loadConfig } = require("../config") as typeof import("../config");
  const { moveCheckpointsOffTheEventLoop, openDatabase } = require("../db") as typeof import("../db");
  const { ENTITIES } = require("../entities") as typeof import("../entities");
  const { createLogger } = require("../lib") as typeof import("../lib");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = loadConfig(process.env);
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const dataSource = await openDatabase(config.database, ENTITIES, {
    migrate: options.migrate ?? config.autoMigrate,
  });
  const checkpoints = options.checkpointsInBackground
    ? await moveCheckpointsOffTheEventLoop(dataSource, (message) =>
        logger.warn({ message }, "background WAL checkpoint failed"),
      )
    : undefined;
  try {
    return await work(createServices(config, dataSource, logger));
  } finally {
    await checkpoints?.stop();
    await dataSource.destroy();
  }
}

/** Prints a result as JSON (for scripts) or as the human text. */
export function output(options: GlobalOptions, json: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

/** Every failure ends the process with a clear message and a non-zero code. */
export function fail(options: GlobalOptions, error: unknown): never {
  const appError = error instanceof AppError ? error : undefined;
  const code = appError?.code ?? (error as { name?: string }).name ?? "error";
  const detail = error instanceof Error ? error.message : String(error);
  if (options.json)
    process.stdout.write(`${JSON.stringify({ error: { code, detail, field: appError?.field } })}\n`);
  else process.stderr.write(`admit: ${detail}${appError ? ` (${code})` : ""}\n`);
  process.exit(1);
}

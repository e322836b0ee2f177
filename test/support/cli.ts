import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig } from "../../src/config";
import { testConfig } from "./app";
import { createTestDatabase, type TestDatabase } from "./database";

/** Running the compiled `admit` command as a real child process, as an operator does. */

export const ROOT = join(__dirname, "..", "..");
export const CLI_ENTRY = join(ROOT, "dist", "cli", "index.js");
export const ADMIT_BIN = join(ROOT, "bin", "admit.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function exec(file: string, args: string[], env: NodeJS.ProcessEnv, timeout = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env, timeout, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Newest modification time of the TypeScript sources the CLI is compiled from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ when it is missing or older than src/ (tsc may report errors elsewhere yet emit);
 * fails unless the build produced `required` (the command a test runs).
 */
export async function ensureBuilt(required = CLI_ENTRY): Promise<void> {
  if (existsSync(CLI_ENTRY) && statSync(CLI_ENTRY).mtimeMs >= newestSource(join(ROOT, "src"))) return;
  const build = await exec(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    process.env,
    300_000,
  );
  if (!existsSync(required)) {
    throw new Error(
      `tsc -p tsconfig.build.json produced no ${required} (exit ${build.code}):\n${build.stdout}${build.stderr}`,
    );
  }
}

/** The run's stdout as JSON, or an error that shows what the command said instead. */
export function json<T = Record<string, unknown>>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

function databaseUrl(config: DatabaseConfig): string {
  return config.kind === "sqlite" ? `sqlite:${config.path}` : config.url;
}

/** A database and data directory of the command's own, and the environment it runs with. */
export interface CliWorkspace {
  db: TestDatabase;
  env: NodeJS.ProcessEnv;
  /** Runs `admit …` in this workspace. */
  admit(...args: string[]): Promise<Run>;
  close(): Promise<void>;
}

export async function cliWorkspace(
  prefix: string,
  publicUrl: string,
  timeout?: number,
): Promise<CliWorkspace> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  // The child configures itself from DATABASE_URL alone, never from the test runner's MariaDB.
  const { TEST_MYSQL_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl(db.config),
    DATA_DIR: dataDir,
    APP_SECRET: testConfig(db.config).appSecret,
    LOG_LEVEL: "silent",
    PUBLIC_URL: publicUrl,
  };
  return {
    db,
    env,
    admit: (...args) => exec(process.execPath, [ADMIT_BIN, ...args], env, timeout),
    close: async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

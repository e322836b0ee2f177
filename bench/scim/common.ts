/**
 * Shared pieces of the SCIM benchmarks (bench/scim/run.ts, bench/scim/initial-sync.ts): a fresh
 * database, the real Admit server and the baseline server as child processes, the request
 * bodies, and /proc sampling of a process's RSS and CPU time. Run by hand, never by `npm test`.
 */
import { execFile, execSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";

export const REPO = resolve(__dirname, "..", "..");
export const SCIM_JSON = "application/scim+json";

// ---------------------------------------------------------------------------------------------
// Command line

/** `--key value` and bare `--flag` (= "true"); unknown keys are an error, so typos do not pass silently. */
export function parseArgs(argv: string[], defaults: Record<string, string>): Record<string, string> {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (!(key in defaults))
      throw new Error(`unknown option --${key} (known: ${Object.keys(defaults).join(", ")})`);
    const next = argv[i + 1];
    if (inline !== undefined) out[key] = inline;
    else if (next !== undefined && !next.startsWith("--")) out[key] = argv[++i] as string;
    else out[key] = "true";
  }
  return out;
}

export function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Databases

export type DbKind = "sqlite" | "mysql";

export interface BenchDatabase {
  kind: DbKind;
  /** DATABASE_URL for Admit. */
  admitUrl: string;
  /** Where the baseline server writes: a file path for SQLite, a mysql:// URL for MariaDB. */
  baselineTarget: string;
  /** A temporary directory (Admit's DATA_DIR, the SQLite files, CPU profiles). */
  dir: string;
  description: string;
  /** Rows in a table, or undefined when the table does not exist. */
  count(table: "admit" | "baseline", name: string): Promise<number | undefined>;
  cleanup(): Promise<void>;
}

/** A fresh SQLite directory or a fresh MariaDB database `admit_bench_<ts>`, dropped by cleanup(). */
export async function createBenchDatabase(kind: DbKind, mysqlServerUrl: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-"));
  if (kind === "sqlite") {
    const admitFile = join(dir, "admit.sqlite");
    const baselineFile = join(dir, "baseline.sqlite");
    return {
      kind,
      admitUrl: `sqlite:${admitFile}`,
      baselineTarget: baselineFile,
      dir,
      description: `SQLite files in ${dir}`,
      async count(which, table) {
        const file = which === "admit" ? admitFile : baselineFile;
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const row = db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number };
          return row.n;
        } catch {
          return undefined;
        } finally {
          db.close();
        }
      },
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = mysqlServerUrl.replace(/\/+$/, "");
  const name = `admit_bench_${Date.now()}`;
  const admin = await mysql.createConnection({ uri: server });
  const [versionRows] = await admin.query("SELECT VERSION() AS v");
  const version = (versionRows as Array<{ v: string }>)[0]?.v ?? "?";
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = `${server}/${name}`;
  return {
    kind,
    admitUrl: url,
    baselineTarget: url,
    dir,
    description: `MariaDB/MySQL ${version}, database ${name}`,
    async count(which, table) {
      // Both servers share the database; the baseline's table is `bench_users`.
      void which;
      try {
        const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${name}\`.\`${table}\``);
        return Number((rows as Array<{ n: number }>)[0]?.n);
      } catch {
        return undefined;
      }
    },
    async cleanup() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await admin.end();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last ~64 KB the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let buffer = "";
  const keep = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString("utf8")).slice(-65_536);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((done) => proc.once("exit", () => done()));
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  return {
    name,
    proc,
    pid: proc.pid,
    output: () => buffer,
    async stop(graceMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Polls `url` until it answers 200; fails after `timeoutMs` or when the child exits first. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited early:\n${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------
// Admit and the baseline

export interface AdmitServer {
  child: Child;
  baseUrl: string;
  token: string;
  /** Date.now() when the server process was spawned (a CPU profile starts then). */
  startedAt: number;
}

/**
 * The real server: `node <dist>/main.js` with a fresh database, after `admit org create` and
 * `admit scim-token create --json` (which also run the migrations) against the same database.
 */
export async function startAdmit(options: {
  dist: string;
  db: BenchDatabase;
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<AdmitServer> {
  const dist = resolve(options.dist);
  if (!existsSync(join(dist, "main.js")))
    throw new Error(`${dist}/main.js not found: run \`npm run build\` first`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    APP_SECRET: randomBytes(32).toString("hex"),
    DATABASE_URL: options.db.admitUrl,
    DATA_DIR: options.db.dir,
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    AUTO_MIGRATE: "true",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // A --dist outside the repository (a snapshot of a build) still finds the repository's packages.
    NODE_PATH: join(REPO, "node_modules"),
    ...options.env,
  };
  const cli = async (...args: string[]): Promise<Record<string, unknown>> => {
    // Same as bin/admit.js, but against the chosen build.
    const script = "require(process.argv[1]).main(process.argv)";
    const stdout = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        ["-e", script, join(dist, "cli", "index.js"), ...args, "--json"],
        { cwd: REPO, env, timeout: 60_000 },
        (error, out, err) =>
          error ? fail(new Error(`admit ${args.join(" ")} failed: ${err || out}`)) : done(out),
      ),
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  await cli("org", "create", "--slug", "bench", "--name", "Bench");
  const { token } = (await cli("scim-token", "create", "--org", "bench", "--name", "bench")) as {
    token: string;
  };
  const startedAt = Date.now();
  const child = spawnChild("admit", [...(options.nodeArgs ?? []), join(dist, "main.js")], env);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/healthz`, child);
  return { child, baseUrl, token, startedAt };
}

/** The baseline: bench/scim/baseline-server.ts (bare express 5, hand-written SQL) on the same kind of database. */
export async function startBaseline(db: BenchDatabase): Promise<{ child: Child; baseUrl: string }> {
  const port = await freePort();
  const child = spawnChild(
    "baseline",
    ["-r", "ts-node/register/transpile-only", join(__dirname, "baseline-server.ts")],
    {
      ...process.env,
      NODE_ENV: "production",
      BASELINE_DB: db.kind,
      BASELINE_TARGET: db.baselineTarget,
      BASELINE_PORT: String(port),
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/healthz`, child);
  return { child, baseUrl };
}

// ---------------------------------------------------------------------------------------------
// Requests

/** The body Entra ID sends to create a user; the same shape as `entraUser` in test/support/scim.ts. */
export function entraUser(userName: string) {
  return {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    externalId: userName.split("@")[0],
    userName,
    active: true,
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "Test User", familyName: "User", givenName: "Test" },
    roles: [],
  };
}

export function activePatch(value: boolean) {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "active", value }],
  };
}

export const userNameFilter = (userName: string) =>
  `filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

/**
 * Creates `userNames` through POST {usersPath} with `concurrency` requests in flight; returns
 * the ids in the same order. Bounded by the list and by `timeoutMs`.
 */
export async function createUsers(
  usersUrl: string,
  headers: Record<string, string>,
  userNames: string[],
  concurrency: number,
  timeoutMs = 300_000,
): Promise<string[]> {
  const ids = new Array<string>(userNames.length);
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  const worker = async () => {
    while (next < userNames.length) {
      if (Date.now() > deadline)
        throw new Error(`creating ${userNames.length} users took over ${timeoutMs} ms`);
      const i = next++;
      const res = await fetch(usersUrl, {
        method: "POST",
        headers: { ...headers, "content-type": SCIM_JSON },
        body: JSON.stringify(entraUser(userNames[i] as string)),
      });
      const text = await res.text();
      if (res.status !== 201)
        throw new Error(`POST ${usersUrl} answered ${res.status}: ${text.slice(0, 500)}`);
      ids[i] = (JSON.parse(text) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

// ---------------------------------------------------------------------------------------------
// /proc sampling

const CLOCK_TICKS = (() => {
  try {
    return Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident set size in MiB from /proc/<pid>/status (VmRSS), or undefined once the process is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat utime + stime). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** The pid of the local MariaDB/MySQL server, to attribute its CPU time; undefined if not found. */
export function databaseServerPid(): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (comm === "mariadbd" || comm === "mysqld") return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Output

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...cells.slice(1).map(line),
  ].join("\n");
}

export function machine(): string {
  const cpus = execSync("nproc", { encoding: "utf8" }).trim();
  const model = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "?";
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0);
  return `${cpus} cores (${model}), ${Math.round(memKb / 1024 / 1024)} GiB RAM, node ${process.version}`;
}

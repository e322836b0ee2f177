/**
 * Import benchmark, run by hand (see docs/PERFORMANCE.md):
 *
 *   node -r ./scripts/swc-register.js bench/import/run.ts [--rows 100000] [--db sqlite|mysql]
 *        [--mysql-url mysql://root@127.0.0.1:3306] [--dist dist] [--rounds 1]
 *
 * Writes one .xlsx of `--rows` users (exceljs streaming writer, shared strings, as Excel saves),
 * then measures, each in a fresh child process so that peak RSS belongs to one phase:
 *   read    exceljs's streaming reader alone over the file (the yardstick the issue measures against)
 *   reader  the import's own reader alone: inspection (zip/XML checks), then every row read
 *   import  the real import into a fresh database: inspection (zip/XML checks), parsing, and
 *           every row through the directory's batch writer (users.batch: the rules of
 *           users.create, multi-row INSERTs) in transactions of BATCH_SIZE (src/import/runner.ts)
 * and prints wall time, CPU time, rows/s and peak RSS (getrusage maxrss) of each. The import's time
 * is the import itself (inspection to finished job), not the fresh database's migrations.
 * --dist <dir> runs Admit's built JavaScript (`npm run build`), as `admit import` and the server
 * do; without it Admit's TypeScript is compiled on the fly, which adds ~40 MB to every peak RSS.
 * --rounds <n> repeats the three phases n times, alternating, for a noisy machine.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importPhase, readPhase, readerPhase, writeFile } from "./phases";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const ROWS = Number(args.get("rows") ?? 100_000);
const DB = args.get("db") ?? "sqlite";
const MYSQL = args.get("mysql-url") ?? "mysql://root@127.0.0.1:3306";
const DIST = args.get("dist");
const ROUNDS = Number(args.get("rounds") ?? 1);

interface Result {
  phase: string;
  ms: number;
  /** CPU time of the process (all threads): steadier than wall time on a busy machine. */
  cpuMs: number;
  rows: number;
  peakRssMb: number;
  detail?: Record<string, unknown>;
}

async function child(): Promise<void> {
  const phase = args.get("phase");
  const file = args.get("file") as string;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const detail =
    phase === "read"
      ? await readPhase(file)
      : phase === "reader"
        ? await readerPhase(file, DIST)
        : await importPhase(file, DB, MYSQL, DIST);
  const ms = typeof detail.importMs === "number" ? detail.importMs : Math.round(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  const result: Result = {
    phase: phase as string,
    ms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rows: ROWS,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    detail,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-import-"));
  try {
    const file = join(dir, "users.xlsx");
    const written = performance.now();
    await writeFile(file, ROWS);
    console.log(
      `file: ${ROWS.toLocaleString("en")} rows, ${(statSync(file).size / 1_048_576).toFixed(1)} MB, written in ${Math.round(performance.now() - written)} ms`,
    );
    const run = (phase: string): Result => {
      const out = execFileSync(
        process.execPath,
        [
          "-r",
          "./scripts/swc-register.js",
          __filename,
          "--phase",
          phase,
          "--file",
          file,
          "--rows",
          String(ROWS),
          "--db",
          DB,
          "--mysql-url",
          MYSQL,
          ...(DIST ? ["--dist", DIST] : []),
        ],
        { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
      );
      return JSON.parse(out.trim().split("\n").pop() as string) as Result;
    };
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const read = run("read");
      const reader = run("reader");
      const imported = run("import");
      for (const r of [read, reader, imported]) {
        console.log(
          `${r.phase.padEnd(6)} ${(r.ms / 1000).toFixed(1).padStart(7)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s)  ${Math.round(
            (r.rows / r.ms) * 1000,
          )
            .toLocaleString("en")
            .padStart(7)} rows/s  peak RSS ${r.peakRssMb} MB  ${JSON.stringify(r.detail ?? {})}`,
        );
      }
      ratios.push(imported.ms / read.ms);
      console.log(`round ${round}: import / read-only = ${(imported.ms / read.ms).toFixed(2)}×  (db: ${DB})`);
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(`import / read-only, median of ${ROUNDS}: ${sorted[Math.floor(ROUNDS / 2)]?.toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void (args.has("phase") ? child() : parent()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import "reflect-metadata";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { COLUMNS, templateHeader } from "../../src/import/columns";

type AppModules = {
  app: typeof import("../../src/app");
  config: typeof import("../../src/config");
  db: typeof import("../../src/db");
  entities: typeof import("../../src/entities");
  imports: typeof import("../../src/import");
  inspect: typeof import("../../src/import/inspect");
  reader: typeof import("../../src/import/row-reader");
  lib: typeof import("../../src/lib");
};

/**
 * Admit's modules from a build (`--dist dist`: the JavaScript `admit import` and the server run,
 * so memory is not inflated by compiling TypeScript on the fly) or from the sources, with the heap
 * policy `admit import` runs with (src/lib/heap.ts). exceljs's phase keeps V8's defaults.
 */
function modules(dist: string | undefined): AppModules {
  const root = dist ? resolve(dist) : resolve(__dirname, "../../src");
  /* eslint-disable @typescript-eslint/no-require-imports -- the root is chosen at run time */
  const load = (path: string) => require(join(root, path)) as unknown;
  const lib = load("lib") as AppModules["lib"];
  lib.keepHeapNearLive();
  return {
    app: load("app") as AppModules["app"],
    config: load("config") as AppModules["config"],
    db: load("db") as AppModules["db"],
    entities: load("entities") as AppModules["entities"],
    imports: load("import") as AppModules["imports"],
    inspect: load("import/inspect") as AppModules["inspect"],
    reader: load("import/row-reader") as AppModules["reader"],
    lib,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The benchmark's file: what a customer's HR export looks like after filling in the template. */
export async function writeFile(path: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Users");
  sheet.addRow(COLUMNS.map(templateHeader)).commit();
  for (let i = 0; i < rows; i += 1) {
    sheet
      .addRow([
        `First${i}`,
        `Last${i}`,
        `person${i}@example.com`,
        null,
        null,
        "en",
        i % 2 ? "Nurse" : "Porter",
        i % 3 ? "Cardiology" : "Cardiology; Surgery",
        "Learner",
        null,
        `HR-${i}`,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** exceljs alone, with the options the import uses (shared strings and styles cached). */
export async function readPhase(path: string): Promise<Record<string, unknown>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  let rows = 0;
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows += 1;
      cells += (row.values as unknown[]).length;
    }
  }
  return { rows, cells };
}

/** The import's own reader alone: inspection (zip and XML checks), then every row read. */
export async function readerPhase(path: string, dist?: string): Promise<Record<string, unknown>> {
  const { imports, inspect, reader } = modules(dist);
  const { importLimits } = imports;
  const { inspectXlsx } = inspect;
  const { readSheetRows } = reader;
  const started = performance.now();
  const plan = await inspectXlsx(path, importLimits(statSync(path).size));
  const inspectMs = Math.round(performance.now() - started);
  let rows = 0;
  let cells = 0;
  for await (const row of readSheetRows(plan)) {
    rows += 1;
    cells += row.values.length;
  }
  return { inspectMs, readMs: Math.round(performance.now() - started) - inspectMs, rows, cells };
}

/** The real import into a fresh database, timed from the file on disk to the finished job. */
export async function importPhase(
  path: string,
  db: string,
  mysqlUrl: string,
  dist?: string,
): Promise<Record<string, unknown>> {
  const m = modules(dist);
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-db-"));
  let databaseUrl = `sqlite:${join(dir, "admit.sqlite")}`;
  let drop = async () => rmSync(dir, { recursive: true, force: true });
  if (db === "mysql") {
    const mysql = await import("mysql2/promise");
    const name = `admit_bench_import_${process.pid}`;
    const admin = await mysql.createConnection(mysqlUrl);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    databaseUrl = `${mysqlUrl}/${name}`;
    drop = async () => {
      await admin.query(`DROP DATABASE \`${name}\``);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  // What `admit import` runs with in production: this database, defaults for everything else.
  const config = m.config.loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    APP_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    LOG_LEVEL: "warn",
  });
  const dataSource = await m.db.openDatabase(config.database, m.entities.ENTITIES, { migrate: true });
  // As the server (and `admit import`) run it: SQLite's WAL checkpoints in a worker thread.
  const checkpoints = await m.db.moveCheckpointsOffTheEventLoop(dataSource, (message) =>
    console.error(message),
  );
  try {
    const services = m.app.createServices(config, dataSource, m.lib.createLogger("warn"));
    const { directory, imports } = services;
    const org = await directory.organisations.create({
      slug: "bench",
      name: "Bench",
      defaultLanguage: "en",
      languages: ["en"],
    });
    for (const name of ["Cardiology", "Surgery"]) await directory.departments.create(org.id, { name });
    for (const name of ["Nurse", "Porter"]) await directory.jobProfiles.create(org.id, { name });
    const started = performance.now();
    const prepared = await imports.prepare(
      org.id,
      { path, name: "users.xlsx", bytes: statSync(path).size },
      { dryRun: false, requestedBy: "bench" },
    );
    const prepareMs = Math.round(performance.now() - started);
    const job = await prepared.run();
    const importMs = Math.round(performance.now() - started);
    return { importMs, prepareMs, status: job.status, counts: job.counts, error: job.error };
  } finally {
    await checkpoints?.stop();
    await dataSource.destroy();
    await drop();
  }
}

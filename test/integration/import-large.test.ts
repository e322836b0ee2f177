import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { User } from "../../src/directory";
import { createTestApp, testConfig, type TestApp, type TestOrg } from "../support/app";
import { loadXlsx, row, sheetRows, streamedXlsx } from "../support/xlsx";
import { importOrg, report, upload } from "./import-support";

/** Imports big enough to run as a job: 202, progress to poll, pages of row results; and the CLI. */

jest.setTimeout(180_000);

let t: TestApp;
let api: TestOrg;
let dir: string;
// Five batches of BATCH_SIZE: a poll is answered between batches, so progress is seen moving.
const ROWS = 5_000;
const BROKEN = ROWS / 500;
const broken = (i: number) => i % 500 === 7;
const person = (i: number) =>
  row({
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: `person${i}@example.com`,
    language: broken(i) ? "xx-invalid" : "en",
    jobProfile: i % 2 ? "Nurse" : "Porter",
    departments: i % 3 ? "Cardiology" : "Cardiology; Surgery",
    permissionTypes: "Learner",
    externalId: `EXT-${i}`,
  });

beforeAll(async () => {
  t = await createTestApp();
  api = await importOrg(t, "large");
  dir = mkdtempSync(join(tmpdir(), "admit-import-large-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

test("a big import answers 202 at once and is polled to completion; every row is accounted for", async () => {
  const file = join(dir, "large.xlsx");
  await streamedXlsx(file, ROWS, person);
  const res = await upload(t, api, readFileSync(file)).expect(202);
  expect(res.headers.location).toBe(`/api/v1/orgs/large/users/import/${res.body.id}`);
  expect(res.body).toMatchObject({ status: "running", progress: { totalRows: ROWS } });
  let job = res.body;
  const seen = new Set<number>();
  while (job.status === "running") {
    await new Promise((resolve) => setTimeout(resolve, 5));
    job = (await api.get(`/users/import/${res.body.id}?pageSize=1`).expect(200)).body;
    seen.add(job.progress.processedRows);
  }
  expect(job).toMatchObject({
    status: "completed",
    error: null,
    progress: { processedRows: ROWS, totalRows: ROWS, percent: 100, etaSeconds: 0 },
  });
  expect(job.counts).toEqual({ created: ROWS - BROKEN, valid: 0, skipped: 0, error: BROKEN });
  expect(seen.size).toBeGreaterThan(1); // progress moved between polls, batch by batch
  expect(await t.dataSource.manager.countBy(User, { organisationId: api.org.id, source: "import" })).toBe(
    ROWS - BROKEN,
  );

  const errors = (await api.get(`/users/import/${job.id}?status=error&pageSize=2&page=2`).expect(200)).body
    .rows;
  expect(errors).toMatchObject({ page: 2, pageSize: 2, total: BROKEN });
  expect(errors.items.map((r: { row: number }) => r.row)).toEqual([1009, 1509]);

  const { rows } = await report(t, api, job.id);
  expect(rows).toHaveLength(ROWS + 1);
  for (let i = 0; i < ROWS; i += 1) {
    const line = rows[i + 1] ?? [];
    expect([line[2], line.at(-1)?.split(":")[0]]).toEqual([
      `person${i}@example.com`,
      broken(i) ? "error" : "created",
    ]);
  }
});

test("`admit import` dry-runs and imports a file, with --json output and a report file", async () => {
  const file = join(dir, "cli.xlsx");
  const reportFile = join(dir, "cli-report.xlsx");
  // Every row valid: multiples of 500 are never `broken`.
  await streamedXlsx(file, 300, (i) => person(10_000 + 500 * i));
  const db = t.db.config;
  const env = {
    ...process.env,
    DATABASE_URL: db.kind === "sqlite" ? `sqlite:${db.path}` : db.url,
    APP_SECRET: testConfig(db).appSecret,
    LOG_LEVEL: "silent",
  };
  const admit = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["-r", "./scripts/swc-register.js", "test/support/admit-ts.ts", ...args],
        { env, cwd: join(__dirname, "..", "..") },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout: String(stdout), stderr: String(stderr) }),
      ),
    );
  const before = await t.dataSource.manager.countBy(User, { organisationId: api.org.id });
  const dry = await admit("import", "--org", "large", file, "--dry-run", "--json");
  expect(dry.code).toBe(0);
  expect(JSON.parse(dry.stdout)).toMatchObject({
    status: "completed",
    dryRun: true,
    counts: { valid: 300, created: 0 },
  });
  expect(await t.dataSource.manager.countBy(User, { organisationId: api.org.id })).toBe(before);

  const real = await admit("import", "--org", "large", file, "--report", reportFile);
  expect(real.code).toBe(0);
  expect(real.stdout).toContain(`Imported ${file}: 300 created, 0 skipped (already exist), 0 with errors.`);
  expect(real.stderr).toBe(""); // no progress bar when stderr is not a terminal
  expect(await t.dataSource.manager.countBy(User, { organisationId: api.org.id })).toBe(before + 300);
  const lines = sheetRows((await loadXlsx(readFileSync(reportFile))).worksheets[0] as never);
  expect(lines).toHaveLength(301);
  expect(lines.slice(1).every((l) => l.at(-1) === "created")).toBe(true);

  const again = await admit("import", "--org", "large", file);
  expect(again.stdout).toContain("0 created, 300 skipped (already exist), 0 with errors.");
});

test("a row repeating an earlier row of the file is the same error whichever batch each falls in, dry run or not", async () => {
  // Data row 1,101 (sheet row 1,102) repeats data row 1's email: a batch later, once that user exists.
  const file = join(dir, "repeat.xlsx");
  await streamedXlsx(file, 1_200, (i) =>
    row({
      firstName: `Repeat${i}`,
      lastName: "Person",
      email: `repeat${i === 1_100 ? 0 : i}@example.com`,
      language: "en",
      jobProfile: "Nurse",
      departments: "Cardiology",
      permissionTypes: "Learner",
      externalId: `REPEAT-${i}`,
    }),
  );
  const outcomeOf = async (dryRun: boolean) => {
    const res = await upload(t, api, readFileSync(file), { dryRun }).expect(202);
    let job = res.body;
    while (job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = (await api.get(`/users/import/${res.body.id}`).expect(200)).body;
    }
    const { items } = (await api.get(`/users/import/${res.body.id}?status=error`).expect(200)).body.rows;
    return {
      counts: job.counts,
      errors: items.map((r: { row: number; messages: Array<{ code: string }> }) => [
        r.row,
        r.messages.map((m) => m.code),
      ]),
    };
  };
  const errors = [[1_102, ["import.duplicate_row"]]];
  expect(await outcomeOf(true)).toEqual({
    counts: { created: 0, valid: 1_199, skipped: 0, error: 1 },
    errors,
  });
  expect(await outcomeOf(false)).toEqual({
    counts: { created: 1_199, valid: 0, skipped: 0, error: 1 },
    errors,
  });
});

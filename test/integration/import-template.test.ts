import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { createTestApp, testConfig, type TestApp, type TestOrg } from "../support/app";
import { binary, HEADERS, loadXlsx, row, xlsxBuffer } from "../support/xlsx";
import { zipEntryText } from "../support/zip";
import { importOrg, upload, usersOf, XLSX } from "./import-support";

/** The organisation's template: columns, drop-down lists from a hidden sheet, and nothing a spreadsheet would run. */

let t: TestApp;
let api: TestOrg;
const HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+SUM(1;2)", "-2+3", "@cmd"];

beforeAll(async () => {
  t = await createTestApp();
  api = await importOrg(t, "template");
  for (const name of HOSTILE) await t.services.directory.departments.create(api.org.id, { name });
  await t.services.directory.jobProfiles.create(api.org.id, { name: "=1+2" });
});
afterAll(async () => t?.close());

async function template(): Promise<Buffer> {
  const res = await request(t.app)
    .get(`/api/v1/orgs/${api.org.slug}/users/import-template`)
    .set("Authorization", `Bearer ${api.apiKey}`)
    .buffer(true)
    .parse(binary)
    .expect(200);
  expect(res.headers["content-type"]).toBe(XLSX);
  expect(res.headers["content-disposition"]).toBe('attachment; filename="template-users-template.xlsx"');
  return res.body as Buffer;
}

test("the template has the columns (required marked), the instructions and the hidden lists", async () => {
  const workbook = await loadXlsx(await template());
  expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
    ["Users", "visible"],
    ["Instructions", "visible"],
    ["Lists", "hidden"],
  ]);
  const users = workbook.getWorksheet("Users");
  expect((users?.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
  expect(HEADERS.filter((h) => h.endsWith(" *"))).toEqual([
    "First name *",
    "Last name *",
    "Language *",
    "Job profile *",
    "Departments *",
    "Permission types *",
  ]);
  const lists = workbook.getWorksheet("Lists");
  const column = (n: number) =>
    (lists?.getColumn(n).values as unknown[]).slice(1).filter((v) => v !== undefined);
  expect(column(1)).toEqual([
    "Departments",
    "'+SUM(1;2)",
    "'-2+3",
    '\'=HYPERLINK("http://evil.example","click")',
    "'@cmd",
    "Cardiology",
    "Default Department",
    "Surgery",
  ]);
  expect(column(2)).toEqual(["Job profiles", "'=1+2", "Default Job Profile", "Nurse", "Porter"]);
  expect(column(3)).toEqual(["Permission types", "Administrator", "Learner"]);
  expect(column(4)).toEqual(["Languages", "en", "da"]);
  const instructions = workbook.getWorksheet("Instructions");
  const text = JSON.stringify(instructions?.getSheetValues());
  expect(text).toContain("The import is one-time");
  expect(text).toContain("Example rows");
});

test("the drop-downs of the users sheet read the hidden lists", async () => {
  const xml = await zipEntryText(await template(), "xl/worksheets/sheet1.xml");
  const validations = [...xml.matchAll(/<dataValidation ([^>]*)>\s*<formula1>([^<]*)<\/formula1>/g)].map(
    (m) => [/sqref="([^"]+)"/.exec(m[1] ?? "")?.[1], m[2]],
  );
  expect(validations.sort()).toEqual(
    [
      ["F2:F100001", "Lists!$D$2:$D$3"],
      ["G2:G100001", "Lists!$B$2:$B$5"],
      ["H2:H100001", "Lists!$A$2:$A$8"],
      ["I2:I100001", "Lists!$C$2:$C$3"],
    ].sort(),
  );
});

test("no cell Admit writes is a formula or starts like one", async () => {
  const buffer = await template();
  for (const sheet of ["sheet1", "sheet2", "sheet3"]) {
    expect(await zipEntryText(buffer, `xl/worksheets/${sheet}.xml`)).not.toContain("<f>");
  }
  const workbook = await loadXlsx(buffer);
  const unsafe: string[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((r) =>
      r.eachCell((cell) => {
        if (cell.formula || (typeof cell.value === "string" && /^[=+\-@\t\r]/.test(cell.value)))
          unsafe.push(`${sheet.name}!${cell.address}`);
      }),
    );
  }
  expect(unsafe).toEqual([]);
});

test("a value picked from a drop-down round-trips: the protective apostrophe is removed on import", async () => {
  const file = await xlsxBuffer({
    rows: [
      row({
        firstName: "Eve",
        lastName: "E",
        email: "eve@example.com",
        language: "en",
        jobProfile: "'=1+2",
        departments: '\'=HYPERLINK("http://evil.example","click"); \'@cmd',
        permissionTypes: "Learner",
      }),
    ],
  });
  const res = await upload(t, api, file).expect(200);
  expect(res.body.counts.created).toBe(1);
  const eve = (await usersOf(t, api.org.id)).get("eve@example.com");
  const names = (await t.services.directory.departments.list(api.org.id))
    .filter((d) => eve?.departmentIds.includes(d.id))
    .map((d) => d.name);
  expect(names.sort()).toEqual([HOSTILE[0], "@cmd"].sort());
});

test("`admit template --org … -o file.xlsx` writes the same template", async () => {
  const dir = mkdtempSync(join(tmpdir(), "admit-template-"));
  try {
    const out = join(dir, "t.xlsx");
    const db = t.db.config;
    const env = {
      ...process.env,
      DATABASE_URL: db.kind === "sqlite" ? `sqlite:${db.path}` : db.url,
      APP_SECRET: testConfig(db).appSecret,
      LOG_LEVEL: "silent",
    };
    const run = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          "-r",
          "./scripts/swc-register.js",
          "test/support/admit-ts.ts",
          "template",
          "--org",
          "template",
          "-o",
          out,
          "--json",
        ],
        { env, cwd: join(__dirname, "..", "..") },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout: String(stdout) }),
      ),
    );
    expect(run).toEqual({ code: 0, stdout: `${JSON.stringify({ file: out }, null, 2)}\n` });
    const workbook = await loadXlsx(readFileSync(out));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Users", "Instructions", "Lists"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { randomBytes } from "node:crypto";
import request from "supertest";
import { User } from "../../src/directory";
import { ImportJob } from "../../src/import";
import { createTestApp, type TestApp, type TestOrg } from "../support/app";
import { buildZip, sheetXml, workbookParts } from "../support/zip";
import { HEADERS, row, xlsxBuffer } from "../support/xlsx";
import { importOrg, importTables, upload } from "./import-support";

/** Files that are refused as a whole: a clear problem+json, and nothing written at all. */

let t: TestApp;
let api: TestOrg;
const good = row({
  firstName: "A",
  lastName: "B",
  email: "a@example.com",
  language: "en",
  jobProfile: "Nurse",
  departments: "Cardiology",
  permissionTypes: "Learner",
});

beforeAll(async () => {
  t = await createTestApp({ config: { importMaxBytes: 200_000 } });
  api = await importOrg(t, "badfiles");
});
afterAll(async () => t?.close());

async function expectRefused(file: Buffer, status: number, code: string, detail?: RegExp) {
  const before = {
    users: await t.dataSource.manager.countBy(User, { organisationId: api.org.id }),
    ...(await importTables(t)),
  };
  for (const multipart of [false, true]) {
    const res = await upload(t, api, file, { multipart }).expect(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    if (detail) expect(res.body.detail).toMatch(detail);
  }
  const after = {
    users: await t.dataSource.manager.countBy(User, { organisationId: api.org.id }),
    ...(await importTables(t)),
  };
  expect(after).toEqual(before);
}

const xmlOf = (rows: string[][]) => buildZip(workbookParts(sheetXml(rows)));

test.each([
  ["a CSV file", Buffer.from("First name,Last name\nAlice,Andersen\n"), /not an Excel workbook/],
  [
    "an old .xls (OLE) file",
    Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(2000)]),
    /old \.xls/,
  ],
  [
    "a Word document (a zip without a workbook)",
    buildZip([{ name: "word/document.xml", data: Buffer.from("<w/>") }]),
    /no workbook/,
  ],
  ["random bytes", randomBytes(5000), /not an Excel workbook/],
])("%s → 422 import.not_xlsx", async (_name, file, detail) => {
  await expectRefused(file, 422, "import.not_xlsx", detail);
});

test("a truncated workbook → 422, nothing written", async () => {
  const file = await xlsxBuffer({ rows: [good] });
  await expectRefused(
    file.subarray(0, Math.floor(file.length / 2)),
    422,
    "import.not_xlsx",
    /zip structure is broken/,
  );
});

test("wrong and missing headers are named", async () => {
  const headers = HEADERS.filter((h) => !h.startsWith("Last name")).map((h) =>
    h === "Email" ? "E-mail adress" : h,
  );
  const res = await upload(t, api, await xlsxBuffer({ headers, rows: [good] })).expect(422);
  expect(res.body.code).toBe("import.missing_columns");
  expect(res.body.detail).toContain('unknown column(s) "E-mail adress" (column B)');
  expect(res.body.detail).toContain('missing required column(s) "Last name"');
  expect(res.body.missing).toEqual(["Last name"]);
  await expectRefused(await xlsxBuffer({ headers, rows: [good] }), 422, "import.missing_columns");
});

test("an extra unknown column is refused rather than silently ignored", async () => {
  await expectRefused(
    await xlsxBuffer({ headers: [...HEADERS, "Salary"], rows: [[...good, 1000]] }),
    422,
    "import.unknown_columns",
    /"Salary" \(column L\)/,
  );
});

test("an empty sheet → 422 import.no_header", async () => {
  await expectRefused(xmlOf([]), 422, "import.no_header");
});

test("a zip bomb (a huge, highly compressed sheet) is refused from the central directory", async () => {
  const parts = workbookParts(sheetXml([HEADERS]));
  parts[2] = { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(60 * 1_048_576, 0x20) };
  await expectRefused(buildZip(parts), 422, "import.zip_limits", /zip bomb/);
});

test("a zip entry that lies about its size is stopped while inflating", async () => {
  const parts = workbookParts(sheetXml([HEADERS]));
  parts[2] = {
    name: "xl/worksheets/sheet1.xml",
    data: Buffer.alloc(8 * 1_048_576, 0x20),
    declaredSize: 40_000,
  };
  await expectRefused(buildZip(parts), 422, "import.zip_limits");
});

test("a damaged sheet (XML cut short) is refused before any row is imported", async () => {
  const valid = sheetXml([
    HEADERS,
    ["A", "B", "a@example.com", "", "", "en", "Nurse", "Cardiology", "Learner", "", ""],
  ]);
  const parts = workbookParts(valid.slice(0, -40));
  await expectRefused(buildZip(parts), 422, "import.damaged_file", /not valid XML/);
});

test.each([
  [
    "a cell naming a missing shared string",
    '<row r="1502"><c r="A1502" t="s"><v>7</v></c></row>',
    /shared string 7/,
  ],
  [
    "a row number given twice",
    '<row r="1501"><c r="A1501"><v>1</v></c></row>',
    /row 1501 comes after row 1501/,
  ],
])("%s after 1,500 rows → 422, no batch written", async (_name, lastRow, detail) => {
  // More rows than one batch: a reader that found it only while importing would have written the
  // first 1,000 users before it.
  const rows = Array.from({ length: 1500 }, (_, i) =>
    row({
      firstName: "A",
      lastName: "B",
      email: `late${i}@example.com`,
      language: "en",
      jobProfile: "Nurse",
      departments: "Cardiology",
      permissionTypes: "Learner",
    }).map((v) => String(v ?? "")),
  );
  const xml = sheetXml([HEADERS, ...rows]).replace("</sheetData>", `${lastRow}</sheetData>`);
  await expectRefused(buildZip(workbookParts(xml)), 422, "import.damaged_file", detail);
});

test("a file over IMPORT_MAX_BYTES → 413, raw or multipart", async () => {
  await expectRefused(randomBytes(250_000), 413, "import.too_large", /200,000 bytes/);
});

test("a body that is not a workbook upload → 415; a form without the file → 400", async () => {
  const url = `/api/v1/orgs/${api.org.slug}/users/import`;
  const json = await request(t.app)
    .post(url)
    .set("Authorization", `Bearer ${api.apiKey}`)
    .send({ file: "x" })
    .expect(415);
  expect(json.body.code).toBe("import.unsupported_media_type");
  const form = await request(t.app)
    .post(url)
    .set("Authorization", `Bearer ${api.apiKey}`)
    .field("note", "x")
    .expect(400);
  expect(form.body.code).toBe("import.no_file");
  expect(await importTables(t)).toEqual({ jobs: 0, rows: 0 });
});

test("the Users sheet is found by name; other sheets are never read", async () => {
  const res = await upload(t, api, await xlsxBuffer({ before: ["Notes"], rows: [good] })).expect(200);
  expect(res.body.counts.created).toBe(1);
});

test("one import at a time per organisation; a slot left by a dead process is taken over", async () => {
  const now = new Date();
  const held = {
    id: "00000000-0000-4000-8000-000000000001",
    organisationId: api.org.id,
    runningKey: api.org.id,
    status: "running" as const,
    dryRun: false,
    fileName: null,
    fileBytes: 1,
    requestedBy: null,
    headers: null,
    totalRows: 10,
    processedRows: 0,
    createdRows: 0,
    validRows: 0,
    skippedRows: 0,
    errorRows: 0,
    errorCode: null,
    errorDetail: null,
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    updatedAt: now,
  };
  await t.dataSource.manager.insert(ImportJob, held);
  const file = await xlsxBuffer({
    rows: [
      row({
        firstName: "C",
        lastName: "D",
        email: "c@example.com",
        language: "en",
        jobProfile: "Nurse",
        departments: "Cardiology",
        permissionTypes: "Learner",
      }),
    ],
  });
  const busy = await upload(t, api, file).expect(409);
  expect(busy.body.code).toBe("import.already_running");
  await t.dataSource.manager.update(
    ImportJob,
    { id: held.id },
    { updatedAt: new Date(now.getTime() - 3_600_000) },
  );
  await upload(t, api, file).expect(200);
  const stale = await t.dataSource.manager.findOneByOrFail(ImportJob, { id: held.id });
  expect(stale).toMatchObject({ status: "failed", runningKey: null, errorCode: "import.interrupted" });
});

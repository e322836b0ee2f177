import { DirectoryEvent, User } from "../../src/directory";
import { ImportJobRow } from "../../src/import";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, userBody, type TestApp, type TestOrg } from "../support/app";
import { row, xlsxBuffer } from "../support/xlsx";
import { importOrg, report, upload, usersOf } from "./import-support";

/** A file with one problem per row: every row gets its own outcome, with all of its problems. */

let t: TestApp;
let api: TestOrg;

const base = {
  lastName: "Person",
  language: "en",
  jobProfile: "Nurse",
  departments: "Cardiology",
  permissionTypes: "Learner",
};
// [expected status, expected message codes, the row]
const MIXED: Array<[string, string[], unknown[]]> = [
  ["created", [], row({ ...base, firstName: "Finn", email: "finn@example.com" })],
  ["error", ["directory.first_name_required"], row({ ...base, email: "nofirst@example.com" })],
  [
    "error",
    ["directory.last_name_required", "directory.email_invalid"],
    row({ ...base, firstName: "Two", lastName: "", email: "not-an-email" }),
  ],
  [
    "error",
    ["import.unknown_name"],
    row({ ...base, firstName: "Una", email: "una@example.com", departments: "Cardiology; Oncology" }),
  ],
  [
    "error",
    ["import.one_job_profile"],
    row({ ...base, firstName: "Jo", email: "jo@example.com", jobProfile: "Nurse; Porter" }),
  ],
  [
    "error",
    ["import.cell_formula"],
    row({
      ...base,
      firstName: "Flo",
      email: { formula: 'CONCAT("flo","@example.com")', result: "flo@example.com" },
    }),
  ],
  [
    "error",
    ["import.cell_date"],
    row({ ...base, firstName: new Date(Date.UTC(2024, 0, 31)), email: "date@example.com" }),
  ],
  [
    "error",
    ["directory.phone_invalid"],
    row({ ...base, firstName: "Num", userName: "num", phone: 4520123456 }),
  ],
  ["error", ["import.duplicate_row"], row({ ...base, firstName: "Finn again", email: "FINN@example.com" })],
  ["skipped", ["import.already_exists"], row({ ...base, firstName: "Old", email: "existing@example.com" })],
  [
    "skipped",
    ["import.already_exists"],
    row({ ...base, firstName: "Old id", email: "new-id@example.com", externalId: "HR-77" }),
  ],
  [
    "error",
    ["import.cell_boolean"],
    row({ ...base, firstName: "Bool", lastName: true, email: "bool@example.com" }),
  ],
  ["created", [], row({ ...base, firstName: "Nick", userName: 4242, phone: "+45 20 12 34 59" })],
  [
    "error",
    ["auth.password_too_short"],
    row({ ...base, firstName: "Otto", email: "otto@example.com", oneTimePassword: "abc" }),
  ],
  [
    "error",
    ["directory.language_not_enabled"],
    row({ ...base, firstName: "Fifi", email: "fifi@example.com", language: "fr" }),
  ],
  ["created", [], row({ ...base, firstName: "=1+1", email: "formulaish@example.com" })],
];
const BLANK_AT = 13; // a blank row in the middle is not part of the import

async function mixedFile(): Promise<Buffer> {
  const rows = MIXED.map(([, , r]) => r);
  rows.splice(BLANK_AT - 2, 0, row({}));
  return xlsxBuffer({ rows });
}
const rowNumber = (i: number) => (i + 2 >= BLANK_AT ? i + 3 : i + 2);

beforeAll(async () => {
  t = await createTestApp();
  api = await importOrg(t, "mixed");
  await api.post("/users", userBody(api.org, { email: "existing@example.com" })).expect(201);
  await api
    .post("/users", userBody(api.org, { email: "other@example.com", externalId: "HR-77" }))
    .expect(201);
});
afterAll(async () => t?.close());

function expectOutcomes(
  items: Array<{ row: number; status: string; messages: Array<{ code: string }> }>,
  created: string,
) {
  expect(items.map((i) => i.row)).toEqual(MIXED.map((_m, i) => rowNumber(i)));
  MIXED.forEach(([status, codes], i) => {
    const item = items[i];
    expect({ row: item?.row, status: item?.status, codes: item?.messages.map((m) => m.code) }).toEqual({
      row: rowNumber(i),
      status: status === "created" ? created : status,
      codes,
    });
  });
}

test("a dry run reports every row and writes nothing", async () => {
  const before = {
    users: await t.dataSource.manager.countBy(User, { organisationId: api.org.id }),
    events: await t.dataSource.manager.count(DirectoryEvent),
    outbox: await t.dataSource.manager.count(OutboxMessage),
  };
  const res = await upload(t, api, await mixedFile(), { dryRun: true }).expect(200);
  expect(res.body).toMatchObject({ status: "completed", dryRun: true });
  expect(res.body.counts).toEqual({ created: 0, valid: 3, skipped: 2, error: 11 });
  expectOutcomes(res.body.rows.items, "valid");
  expect({
    users: await t.dataSource.manager.countBy(User, { organisationId: api.org.id }),
    events: await t.dataSource.manager.count(DirectoryEvent),
    outbox: await t.dataSource.manager.count(OutboxMessage),
  }).toEqual(before);
  const { sheet, rows } = await report(t, api, res.body.id);
  expect(sheet).toBe("Dry run");
  expect(rows[1]?.at(-1)).toBe("valid (dry run: would be created)");
});

test("applied, each row gets its outcome, with all of its problems, in the database and the report", async () => {
  const res = await upload(t, api, await mixedFile()).expect(200);
  expect(res.body.counts).toEqual({ created: 3, valid: 0, skipped: 2, error: 11 });
  expectOutcomes(res.body.rows.items, "created");
  const users = await usersOf(t, api.org.id);
  expect([...users.keys()].sort()).toEqual(
    [
      "existing@example.com",
      "other@example.com",
      "finn@example.com",
      "4242",
      "formulaish@example.com",
    ].sort(),
  );
  expect(users.get("4242")).toMatchObject({ firstName: "Nick", phone: "+4520123459", source: "import" });
  expect(users.get("formulaish@example.com")?.firstName).toBe("=1+1");
  // Stored outcomes match the response, row by row.
  const stored = await t.dataSource.manager.find(ImportJobRow, {
    where: { jobId: res.body.id },
    order: { rowNumber: "ASC" },
  });
  expect(stored.map((r) => [r.rowNumber, r.status])).toEqual(
    res.body.rows.items.map((i: { row: number; status: string }) => [i.row, i.status]),
  );
  expect(stored.find((r) => r.status === "created")?.userId).toBe(users.get("finn@example.com")?.id);

  const { rows } = await report(t, api, res.body.id);
  const result = (n: number) => rows[n - 1]?.at(-1) ?? "";
  expect(result(2)).toBe("created");
  expect(result(4)).toBe('error: Last name is required; "not-an-email" is not a valid email address');
  expect(result(5)).toBe('error: No department named "Oncology" in this organisation');
  expect(result(7)).toMatch(/^error: Email contains a formula/);
  expect(result(8)).toBe("error: First name contains a date; expected text");
  expect(result(9)).toMatch(/not a valid phone number.*format the Phone column as Text/);
  expect(result(10)).toBe("error: Same email as row 2 of this file");
  expect(result(12)).toMatch(/^skipped: A user with this external id already exists/);
  expect(rows[BLANK_AT - 1]?.every((cell) => cell === "")).toBe(true);
  // What the upload held is shown again, but never as something a spreadsheet would run.
  expect(rows[6]?.[2]).toBe('=CONCAT("flo","@example.com")'.replace(/^/, "'"));
  expect(rows[rowNumber(MIXED.length - 1) - 1]?.[0]).toBe("'=1+1");
  expect(rows[7]?.[0]).toBe("2024-01-31");
});

test("rows that name another organisation's catalog are refused; its users do not make rows 'existing'", async () => {
  const other = await importOrg(t, "mixed-other");
  await t.services.directory.departments.create(other.org.id, { name: "Oncology" });
  await other.post("/users", userBody(other.org, { email: "theirs@example.com" })).expect(201);
  const file = await xlsxBuffer({
    rows: [
      row({ ...base, firstName: "Onc", email: "onc@example.com", departments: "Oncology" }),
      row({ ...base, firstName: "Same email", email: "theirs@example.com" }),
    ],
  });
  const res = await upload(t, api, file).expect(200);
  expect(res.body.rows.items.map((i: { status: string }) => i.status)).toEqual(["error", "created"]);
  expect((await usersOf(t, other.org.id)).size).toBe(1);
});

import { verifyPassword } from "../../src/auth";
import { DirectoryEvent, User } from "../../src/directory";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, userBody, type TestApp, type TestOrg } from "../support/app";
import { HEADERS, row, xlsxBuffer } from "../support/xlsx";
import { importOrg, report, upload, usersOf } from "./import-support";

/** The import through the admin API on small files: the per-row outcome, the database and the report. */

let t: TestApp;
let api: TestOrg;
let ids: Record<string, string>;

const GOOD = [
  row({
    firstName: "Alice",
    lastName: "Andersen",
    email: "alice@example.com",
    language: "en",
    jobProfile: "Nurse",
    departments: "Cardiology; Surgery",
    permissionTypes: "Learner",
    externalId: "HR-1",
  }),
  row({
    firstName: "Bo",
    lastName: "Berg",
    userName: "bo.berg",
    phone: "+45 20 12 34 56",
    language: "da",
    jobProfile: "porter",
    departments: "Cardiology",
    permissionTypes: "Learner;Administrator",
    oneTimePassword: "Welcome-2024!x",
  }),
  row({
    firstName: "Carla",
    lastName: "Christensen",
    email: "CARLA@Example.com",
    userName: "carla",
    language: "EN",
    jobProfile: "Default Job Profile",
    departments: "Default Department",
    permissionTypes: "Learner",
  }),
  row({
    firstName: "Dan",
    lastName: "Dahl",
    email: "dan@example.com",
    userName: 12345,
    language: "en",
    jobProfile: "Nurse",
    departments: "Surgery",
    permissionTypes: "Learner",
    externalId: 987654,
  }),
];

beforeAll(async () => {
  t = await createTestApp();
  api = await importOrg(t, "importer");
  const find = async (list: Promise<Array<{ id: string; name: string }>>, name: string) =>
    (await list).find((e) => e.name === name)?.id ?? "";
  const { directory } = t.services;
  const orgId = api.org.id;
  ids = {
    cardiology: await find(directory.departments.list(orgId), "Cardiology"),
    surgery: await find(directory.departments.list(orgId), "Surgery"),
    nurse: await find(directory.jobProfiles.list(orgId), "Nurse"),
    porter: await find(directory.jobProfiles.list(orgId), "Porter"),
    learner: await find(directory.permissionTypes.list(orgId), "Learner"),
    administrator: await find(directory.permissionTypes.list(orgId), "Administrator"),
  };
});
afterAll(async () => t?.close());

describe("a good file", () => {
  let jobId: string;
  test("every row is created through the directory, with source import", async () => {
    const res = await upload(t, api, await xlsxBuffer({ rows: GOOD }), { multipart: true }).expect(200);
    jobId = res.body.id;
    expect(res.body).toMatchObject({ status: "completed", dryRun: false, fileName: "users.xlsx" });
    expect(res.body.counts).toEqual({ created: 4, valid: 0, skipped: 0, error: 0 });
    expect(res.body.progress).toMatchObject({ processedRows: 4, totalRows: 4, percent: 100 });
    expect(res.body.rows.items.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [2, "created"],
      [3, "created"],
      [4, "created"],
      [5, "created"],
    ]);
    const users = await usersOf(t, api.org.id);
    expect(users.size).toBe(4);
    expect(users.get("alice@example.com")).toMatchObject({
      firstName: "Alice",
      lastName: "Andersen",
      language: "en",
      jobProfileId: ids.nurse,
      departmentIds: [ids.cardiology, ids.surgery].sort(),
      permissionTypeIds: [ids.learner],
      externalId: "HR-1",
      source: "import",
      status: "pending",
      passwordHash: null,
    });
    expect(users.get("bo.berg")).toMatchObject({
      phone: "+4520123456",
      language: "da",
      jobProfileId: ids.porter,
      email: null,
      permissionTypeIds: [ids.learner, ids.administrator].sort(),
      passwordMustChange: true,
    });
    expect(users.get("CARLA@Example.com")).toMatchObject({
      emailKey: "carla@example.com",
      userName: "carla",
      language: "en",
    });
    // Numbers where text is expected become the digits typed.
    expect(users.get("dan@example.com")).toMatchObject({ userName: "12345", externalId: "987654" });
  });

  test("the one-time password from the file works once, must be changed and expires", async () => {
    const bo = (await usersOf(t, api.org.id)).get("bo.berg");
    expect(await verifyPassword(bo?.passwordHash, "Welcome-2024!x")).toBe(true);
    const days = ((bo?.passwordExpiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  test("the report repeats every row with its result and never the one-time password", async () => {
    const { sheet, rows } = await report(t, api, jobId);
    expect(sheet).toBe("Import");
    expect(rows[0]).toEqual([...HEADERS, "Import result"]);
    expect(rows[1]).toEqual([
      "Alice",
      "Andersen",
      "alice@example.com",
      "",
      "",
      "en",
      "Nurse",
      "Cardiology; Surgery",
      "Learner",
      "",
      "HR-1",
      "created",
    ]);
    expect(rows[2]?.[9]).toBe("(set)");
    expect(rows[2]?.[4]).toBe("'+45 20 12 34 56");
    expect(rows[4]?.[3]).toBe("12345");
    expect(rows.slice(1).map((r) => r[11])).toEqual(["created", "created", "created", "created"]);
  });

  test("importing the same file again changes nothing: every row is skipped", async () => {
    const before = await usersOf(t, api.org.id);
    const events = await t.dataSource.manager.countBy(DirectoryEvent, { organisationId: api.org.id });
    const res = await upload(t, api, await xlsxBuffer({ rows: GOOD })).expect(200);
    expect(res.body.counts).toEqual({ created: 0, valid: 0, skipped: 4, error: 0 });
    const after = await usersOf(t, api.org.id);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, user] of before) {
      expect(after.get(key)).toEqual(user);
      expect(after.get(key)?.updatedAt.getTime()).toBe(user.updatedAt.getTime());
    }
    expect(await t.dataSource.manager.countBy(DirectoryEvent, { organisationId: api.org.id })).toBe(events);
    const { rows } = await report(t, api, res.body.id);
    expect(rows[1]?.[11]).toMatch(/^skipped: A user with this email already exists/);
    expect(rows[2]?.[11]).toMatch(/^skipped: A user with this username already exists/);
  });
});

describe("activation follows the organisation's settings for source import", () => {
  test("rows without a one-time password get the activation message, rows with one do not", async () => {
    const other = await importOrg(t, "importer-activation");
    await t.services.activation.settings.update(other.org.id, { autoSend: { import: true } });
    const file = await xlsxBuffer({
      rows: [
        row({
          firstName: "Ann",
          lastName: "A",
          email: "ann@example.com",
          language: "en",
          jobProfile: "Nurse",
          departments: "Surgery",
          permissionTypes: "Learner",
        }),
        row({
          firstName: "Ben",
          lastName: "B",
          email: "ben@example.com",
          language: "en",
          jobProfile: "Nurse",
          departments: "Surgery",
          permissionTypes: "Learner",
          oneTimePassword: "Temporary-pass-9",
        }),
      ],
    });
    await upload(t, other, file).expect(200);
    const users = await usersOf(t, other.org.id);
    const messages = await t.dataSource.manager.findBy(OutboxMessage, { organisationId: other.org.id });
    expect(messages.map((m) => [m.userId, m.purpose, m.channel])).toEqual([
      [users.get("ann@example.com")?.id, "activation", "email"],
    ]);
    // Manual creation in the same organisation is a different source: the setting above does not send.
    await other.post("/users", userBody(other.org, { email: "manual@example.com" })).expect(201);
    expect(await t.dataSource.manager.countBy(OutboxMessage, { organisationId: other.org.id })).toBe(1);
    expect(await t.dataSource.manager.countBy(User, { organisationId: other.org.id })).toBe(3);
  });
});

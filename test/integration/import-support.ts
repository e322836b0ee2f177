import request from "supertest";
import { ImportJob, ImportJobRow } from "../../src/import";
import { User, UserDepartment, UserPermissionType } from "../../src/directory";
import { createTestOrg, type TestApp, type TestOrg } from "../support/app";
import { binary, loadXlsx, sheetRows } from "../support/xlsx";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An organisation with a small catalog: two departments, two job profiles, Learner and Administrator. */
export async function importOrg(t: TestApp, slug: string): Promise<TestOrg> {
  const api = await createTestOrg(t, slug, ["en", "da"]);
  const { directory } = t.services;
  for (const name of ["Cardiology", "Surgery"]) await directory.departments.create(api.org.id, { name });
  for (const name of ["Nurse", "Porter"]) await directory.jobProfiles.create(api.org.id, { name });
  return api;
}

export interface UploadOptions {
  dryRun?: boolean;
  multipart?: boolean;
  fileName?: string;
}

/** POSTs a workbook the way the console (multipart) or a script (raw body) would. */
export function upload(t: TestApp, api: TestOrg, file: Buffer, options: UploadOptions = {}): request.Test {
  const url = `/api/v1/orgs/${api.org.slug}/users/import${options.dryRun ? "?dryRun=true" : ""}`;
  const req = request(t.app).post(url).set("Authorization", `Bearer ${api.apiKey}`);
  if (options.multipart)
    return req.attach("file", file, { filename: options.fileName ?? "users.xlsx", contentType: XLSX });
  return req.set("Content-Type", XLSX).send(file);
}

/** Downloads the job's report and returns its rows as text (row 1 = headers). */
export async function report(
  t: TestApp,
  api: TestOrg,
  jobId: string,
): Promise<{ sheet: string; rows: string[][] }> {
  const res = await request(t.app)
    .get(`/api/v1/orgs/${api.org.slug}/users/import/${jobId}/report`)
    .set("Authorization", `Bearer ${api.apiKey}`)
    .buffer(true)
    .parse(binary)
    .expect(200);
  expect(res.headers["content-type"]).toBe(XLSX);
  const workbook = await loadXlsx(res.body as Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("the report has no sheet");
  return { sheet: sheet.name, rows: sheetRows(sheet) };
}

/** Every user of the organisation with names of their assignments, keyed by email or username. */
export async function usersOf(t: TestApp, organisationId: string) {
  const em = t.dataSource.manager;
  const users = await em.find(User, { where: { organisationId }, order: { createdAt: "ASC" } });
  const result = new Map<string, User & { departmentIds: string[]; permissionTypeIds: string[] }>();
  for (const user of users) {
    const departments = await em.findBy(UserDepartment, { userId: user.id });
    const permissions = await em.findBy(UserPermissionType, { userId: user.id });
    result.set(user.email ?? user.userName ?? user.id, {
      ...user,
      departmentIds: departments.map((d) => d.departmentId).sort(),
      permissionTypeIds: permissions.map((p) => p.permissionTypeId).sort(),
    });
  }
  return result;
}

export async function importTables(t: TestApp) {
  return {
    jobs: await t.dataSource.manager.count(ImportJob),
    rows: await t.dataSource.manager.count(ImportJobRow),
  };
}

/**
 * The admin JSON API end to end: catalog and user CRUD, user listing (search, filters,
 * pagination), status changes, organisation settings and SCIM token management.
 */
import request, { type Response } from "supertest";
import { User, UserDepartment, UserPermissionType } from "../../src/directory";
import type { Clock } from "../../src/lib";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";

/** Every reading of the clock is one second later: creation order is the list order, deterministically. */
const BASE = Date.parse("2030-01-01T00:00:00.000Z");
let ticks = 0;
const tickingClock: Clock = { now: () => new Date(BASE + ++ticks * 1000) };

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp({ clock: tickingClock });
  acme = await createTestOrg(t, "acme");
  other = await createTestOrg(t, "other");
});
afterAll(async () => t.close());

const freshEmail = () => `crud${++seq}@example.com`;

function expectProblem(res: Response, status: number, code: string, field?: string): void {
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
}

type Kind = { kind: string; path: string; code: string };
const KINDS: Kind[] = ["department", "job_profile", "permission_type"].map((code) => ({
  kind: code.replace("_", " "),
  path: `/${code.replace("_", "-")}s`,
  code,
}));

describe("catalog CRUD", () => {
  it.each(KINDS)(
    "when a $kind is created, read, listed, renamed and deleted, then each step answers as stored",
    async (k) => {
      const created = await acme.post(k.path, { name: `  Night   Shift ${k.code} `, externalId: "ext-1" });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: `Night Shift ${k.code}`,
        externalId: "ext-1",
        isDefault: false,
      });
      expect(typeof created.body.id).toBe("string");
      const id = created.body.id as string;

      const read = await acme.get(`${k.path}/${id}`).expect(200);
      expect(read.body).toEqual(created.body);

      const list = await acme.get(k.path).expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);

      const renamed = await acme.patch(`${k.path}/${id}`, { name: `Day Shift ${k.code}`, externalId: null });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id, name: `Day Shift ${k.code}`, externalId: null });
      expect((await acme.get(`${k.path}/${id}`).expect(200)).body.name).toBe(`Day Shift ${k.code}`);

      await acme.del(`${k.path}/${id}`).expect(204);
      expectProblem(await acme.get(`${k.path}/${id}`), 404, `directory.${k.code}_not_found`);
      expectProblem(await acme.del(`${k.path}/${id}`), 404, `directory.${k.code}_not_found`);
      expectProblem(
        await acme.patch(`${k.path}/${id}`, { name: "Ghost" }),
        404,
        `directory.${k.code}_not_found`,
      );
    },
  );

  it.each(KINDS)(
    "when $kind entries are listed, then they are ordered by name regardless of case",
    async (k) => {
      const org = await createTestOrg(t, `order-${k.code.replace("_", "-")}`);
      for (const name of ["zulu", "Alpha", "mike"]) await org.post(k.path, { name }).expect(201);
      const names = (await org.get(k.path).expect(200)).body.items.map((e: { name: string }) => e.name);
      const expected = [...names].sort((a: string, b: string) =>
        a.toLowerCase().localeCompare(b.toLowerCase()),
      );
      expect(names).toEqual(expected);
      expect(names).toEqual(expect.arrayContaining(["Alpha", "mike", "zulu"]));
    },
  );

  it.each(KINDS)(
    "when a $kind of another organisation is requested, then 404 (tenants never see each other)",
    async (k) => {
      const foreign = await other.post(k.path, { name: `Foreign ${k.code}` }).expect(201);
      expectProblem(await acme.get(`${k.path}/${foreign.body.id}`), 404, `directory.${k.code}_not_found`);
      expectProblem(await acme.del(`${k.path}/${foreign.body.id}`), 404, `directory.${k.code}_not_found`);
      await other.get(`${k.path}/${foreign.body.id}`).expect(200);
    },
  );

  it("when a permission type grants console access, then it is stored and can be switched off", async () => {
    const created = await acme
      .post("/permission-types", { name: "Manager", consoleAccess: true })
      .expect(201);
    expect(created.body.consoleAccess).toBe(true);
    const patched = await acme
      .patch(`/permission-types/${created.body.id}`, { consoleAccess: false })
      .expect(200);
    expect(patched.body.consoleAccess).toBe(false);
    expect((await acme.get(`/permission-types/${created.body.id}`)).body.consoleAccess).toBe(false);
  });

  it("when a permission type is created without consoleAccess, then it has none", async () => {
    const created = await acme.post("/permission-types", { name: "Reader" }).expect(201);
    expect(created.body.consoleAccess).toBe(false);
    expect(created.body).not.toHaveProperty("parentId");
  });

  it("when a department is created, then it has a parentId (null at the top) and no consoleAccess", async () => {
    const top = await acme.post("/departments", { name: "Top Level" }).expect(201);
    expect(top.body.parentId).toBeNull();
    expect(top.body).not.toHaveProperty("consoleAccess");
    const child = await acme.post("/departments", { name: "Below Top", parentId: top.body.id }).expect(201);
    expect(child.body.parentId).toBe(top.body.id);
  });
});

describe("users CRUD", () => {
  it("when a user is created, then 201 with a Location, the resolved view, and no password hash", async () => {
    const res = await acme.post(
      "/users",
      userBody(acme.org, { email: "Create.Me@example.com", externalId: "hr-42" }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/orgs/acme/users/${res.body.id}`);
    expect(res.body).toMatchObject({
      organisationId: acme.org.id,
      firstName: "Alice",
      lastName: "Andersen",
      email: "Create.Me@example.com",
      userName: null,
      phone: null,
      language: "en",
      status: "pending",
      source: "manual",
      externalId: "hr-42",
      jobProfile: { id: acme.org.defaultJobProfileId, name: "Default Job Profile" },
      departments: [{ id: acme.org.defaultDepartmentId, name: "Default Department" }],
      permissionTypes: [{ id: acme.org.defaultPermissionTypeId, name: "Learner" }],
      consoleAccess: false,
      version: 1,
    });
    expect(res.body).not.toHaveProperty("passwordHash");
    expect(res.body).not.toHaveProperty("emailKey");
    const read = await acme.get(`/users/${res.body.id}`).expect(200);
    expect(read.body).toEqual(res.body);
  });

  it("when an unknown user is read, patched, deleted or deactivated, then 404 directory.user_not_found", async () => {
    expectProblem(await acme.get("/users/nobody"), 404, "directory.user_not_found");
    expectProblem(await acme.patch("/users/nobody", { firstName: "X" }), 404, "directory.user_not_found");
    expectProblem(await acme.del("/users/nobody"), 404, "directory.user_not_found");
    expectProblem(await acme.post("/users/nobody/deactivate"), 404, "directory.user_not_found");
    expectProblem(await acme.post("/users/nobody/reactivate"), 404, "directory.user_not_found");
  });

  it("when another organisation's user is requested, then 404 and it is untouched", async () => {
    const foreign = await other.post("/users", userBody(other.org, { email: freshEmail() })).expect(201);
    expectProblem(await acme.get(`/users/${foreign.body.id}`), 404, "directory.user_not_found");
    expectProblem(await acme.del(`/users/${foreign.body.id}`), 404, "directory.user_not_found");
    await other.get(`/users/${foreign.body.id}`).expect(200);
  });

  it("when an API key is used on another organisation's path, then 404 directory.organisation_not_found", async () => {
    const res = await request(t.app)
      .get("/api/v1/orgs/acme/users")
      .set("Authorization", `Bearer ${other.apiKey}`);
    expectProblem(res, 404, "directory.organisation_not_found");
    expect(JSON.stringify(res.body)).not.toContain(acme.org.id);
  });

  it("when a PATCH changes only the first name, then every other field is kept and the version goes up", async () => {
    const created = await acme
      .post("/users", userBody(acme.org, { email: freshEmail(), userName: "keeper", phone: "+4520123456" }))
      .expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { firstName: "Alicia" });
    expect(res.status).toBe(200);
    const { firstName, version, updatedAt, ...rest } = res.body;
    const { firstName: _f, version: oldVersion, updatedAt: oldUpdatedAt, ...oldRest } = created.body;
    expect(firstName).toBe("Alicia");
    expect(rest).toEqual(oldRest);
    expect(version).toBe(oldVersion + 1);
    expect(Date.parse(updatedAt)).toBeGreaterThan(Date.parse(oldUpdatedAt));
  });

  it("when a PATCH replaces departments and permission types, then exactly the new ones are assigned", async () => {
    const north = await acme.post("/departments", { name: "Patch North" }).expect(201);
    const south = await acme.post("/departments", { name: "Patch South" }).expect(201);
    const admin = (await acme.get("/permission-types")).body.items.find(
      (p: { name: string }) => p.name === "Administrator",
    );
    const created = await acme
      .post("/users", userBody(acme.org, { email: freshEmail(), departmentIds: [north.body.id] }))
      .expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, {
      departmentIds: [south.body.id, acme.org.defaultDepartmentId],
      permissionTypeIds: [admin.id],
    });
    expect(res.status).toBe(200);
    expect(res.body.departments).toEqual([
      { id: acme.org.defaultDepartmentId, name: "Default Department" },
      { id: south.body.id, name: "Patch South" },
    ]);
    expect(res.body.permissionTypes).toEqual([{ id: admin.id, name: "Administrator" }]);
    expect(res.body.consoleAccess).toBe(true);
    const rows = await t.dataSource.getRepository(UserDepartment).findBy({ userId: created.body.id });
    expect(rows.map((r) => r.departmentId).sort()).toEqual(
      [south.body.id, acme.org.defaultDepartmentId].sort(),
    );
    // North is free again, so it can be deleted.
    await acme.del(`/departments/${north.body.id}`).expect(204);
  });

  it("when a PATCH breaks a rule, then 422 and the stored user is unchanged", async () => {
    const created = await acme.post("/users", userBody(acme.org, { email: freshEmail() })).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { lastName: "", permissionTypeIds: [] });
    expectProblem(res, 422, "directory.last_name_required", "lastName");
    const stored = await acme.get(`/users/${created.body.id}`).expect(200);
    expect(stored.body).toEqual(created.body);
  });

  it("when a PATCH changes the job profile, then the user has exactly the new one", async () => {
    const nurse = await acme.post("/job-profiles", { name: "Nurse" }).expect(201);
    const created = await acme.post("/users", userBody(acme.org, { email: freshEmail() })).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { jobProfileId: nurse.body.id }).expect(200);
    expect(res.body.jobProfile).toEqual({ id: nurse.body.id, name: "Nurse" });
    expectProblem(await acme.del(`/job-profiles/${nurse.body.id}`), 409, "directory.job_profile_in_use");
  });

  it("when a user is deactivated, then its status is deactivated and its sessions end", async () => {
    const created = await acme.post("/users", userBody(acme.org, { email: freshEmail() })).expect(201);
    const { sessions } = t.services.auth;
    const { token } = await sessions.start(acme.org.id, created.body.id);
    expect(await sessions.resolve(token)).not.toBeNull();
    const res = await acme.post(`/users/${created.body.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("deactivated");
    expect(res.body.version).toBe(created.body.version + 1);
    expect(await sessions.resolve(token)).toBeNull();
    // Deactivating again is harmless.
    expect((await acme.post(`/users/${created.body.id}/deactivate`).expect(200)).body.status).toBe(
      "deactivated",
    );
  });

  it("when a deactivated user without a password is reactivated, then it is pending again", async () => {
    const created = await acme.post("/users", userBody(acme.org, { email: freshEmail() })).expect(201);
    await acme.post(`/users/${created.body.id}/deactivate`).expect(200);
    const res = await acme.post(`/users/${created.body.id}/reactivate`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("pending");
    expect((await acme.get(`/users/${created.body.id}`)).body.status).toBe("pending");
  });

  it("when a user who is not deactivated is reactivated, then nothing changes", async () => {
    const created = await acme.post("/users", userBody(acme.org, { email: freshEmail() })).expect(201);
    const res = await acme.post(`/users/${created.body.id}/reactivate`).expect(200);
    expect(res.body.status).toBe("pending");
    expect(res.body.version).toBe(created.body.version);
  });

  it("when a user is deleted, then 204, it is gone with its assignments, and a second delete is 404", async () => {
    const dept = await acme.post("/departments", { name: "Delete Me Dept" }).expect(201);
    const created = await acme
      .post("/users", userBody(acme.org, { email: freshEmail(), departmentIds: [dept.body.id] }))
      .expect(201);
    await acme.del(`/users/${created.body.id}`).expect(204);
    expectProblem(await acme.get(`/users/${created.body.id}`), 404, "directory.user_not_found");
    expect(await t.dataSource.getRepository(User).countBy({ id: created.body.id })).toBe(0);
    expect(await t.dataSource.getRepository(UserDepartment).countBy({ userId: created.body.id })).toBe(0);
    expect(await t.dataSource.getRepository(UserPermissionType).countBy({ userId: created.body.id })).toBe(0);
    expectProblem(await acme.del(`/users/${created.body.id}`), 404, "directory.user_not_found");
    await acme.del(`/departments/${dept.body.id}`).expect(204);
  });
});

describe("users list: search, filters and pagination", () => {
  let org: TestOrg;
  const ids: Record<string, string> = {};
  let north: string;
  let south: string;
  let nurse: string;
  let manager: string;

  beforeAll(async () => {
    org = await createTestOrg(t, "listing");
    north = (await org.post("/departments", { name: "North" }).expect(201)).body.id;
    south = (await org.post("/departments", { name: "South" }).expect(201)).body.id;
    nurse = (await org.post("/job-profiles", { name: "Nurse" }).expect(201)).body.id;
    manager = (await org.post("/permission-types", { name: "Manager" }).expect(201)).body.id;
    const make = async (key: string, overrides: Record<string, unknown>) => {
      const res = await org.post("/users", userBody(org.org, overrides)).expect(201);
      ids[key] = res.body.id;
    };
    await make("anna", {
      firstName: "Anna",
      lastName: "Berg",
      email: "Anna@list.test",
      departmentIds: [north],
    });
    await make("bent", {
      firstName: "Bent",
      lastName: "Anker",
      email: "bent@list.test",
      jobProfileId: nurse,
    });
    await make("carl", {
      firstName: "Carl",
      lastName: "Dahl",
      email: null,
      userName: "anders.c",
      phone: "+4520123456",
      departmentIds: [north, south],
      permissionTypeIds: [manager],
    });
    const dorte = await t.services.directory.users.create(
      org.org.id,
      userBody(org.org, { firstName: "Dorte", lastName: "Eriksen", email: "dorte@list.test" }),
      { source: "import", status: "active" },
    );
    ids.dorte = dorte.id;
    await make("erik", {
      firstName: "Erik",
      lastName: "Frost",
      email: "erik_100@list.test",
      departmentIds: [south],
    });
    await org.post(`/users/${ids.erik}/deactivate`).expect(200);
  });

  const listIds = async (query: string): Promise<string[]> => {
    const res = await org.get(`/users${query}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((u: { id: string }) => u.id);
  };
  const named = (...keys: string[]) => keys.map((k) => ids[k]);

  it("when no query is given, then every user of the organisation is listed in creation order", async () => {
    const res = await org.get("/users").expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 5 });
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual(
      named("anna", "bent", "carl", "dorte", "erik"),
    );
    expect(res.body.items[0]).toMatchObject({
      firstName: "Anna",
      departments: [{ id: north, name: "North" }],
    });
  });

  it.each<[string, string, string[]]>([
    ["a prefix of first names, last names and usernames", "?q=an", ["anna", "bent", "carl"]],
    ["an email prefix in another case", "?q=ANNA%40", ["anna"]],
    ["a username prefix", "?q=anders", ["carl"]],
    ["a last name prefix in upper case", "?q=FROST", ["erik"]],
    ["a term surrounded by spaces", "?q=%20%20dorte%20", ["dorte"]],
    ["a term matching nobody", "?q=zebra", []],
    ["a literal % (not a wildcard)", "?q=%25", []],
    ["a literal _ (not a wildcard)", "?q=erik_", ["erik"]],
    ["a _ where a letter stands", "?q=ann_", []],
    ["status=deactivated", "?status=deactivated", ["erik"]],
    ["status=active", "?status=active", ["dorte"]],
    ["status=pending", "?status=pending", ["anna", "bent", "carl"]],
    ["source=import", "?source=import", ["dorte"]],
    ["source=manual", "?source=manual", ["anna", "bent", "carl", "erik"]],
    ["source=scim", "?source=scim", []],
  ])("when searching by %s, then exactly the matching users are listed", async (_what, query, expected) => {
    expect(await listIds(query)).toEqual(named(...expected));
  });

  it("when filtering by departmentId, then only members of that department are listed", async () => {
    expect(await listIds(`?departmentId=${north}`)).toEqual(named("anna", "carl"));
    expect(await listIds(`?departmentId=${south}`)).toEqual(named("carl", "erik"));
  });

  it("when filtering by jobProfileId, then only holders of that job profile are listed", async () => {
    expect(await listIds(`?jobProfileId=${nurse}`)).toEqual(named("bent"));
    expect(await listIds(`?jobProfileId=${org.org.defaultJobProfileId}`)).toEqual(
      named("anna", "carl", "dorte", "erik"),
    );
  });

  it("when filtering by permissionTypeId, then only holders of that permission type are listed", async () => {
    expect(await listIds(`?permissionTypeId=${manager}`)).toEqual(named("carl"));
  });

  it("when filters are combined, then all of them apply", async () => {
    expect(await listIds(`?departmentId=${south}&q=c`)).toEqual(named("carl"));
    expect(await listIds(`?departmentId=${south}&status=pending`)).toEqual(named("carl"));
    expect(await listIds(`?departmentId=${north}&permissionTypeId=${manager}&q=carl`)).toEqual(named("carl"));
  });

  it("when paging with pageSize=2, then pages are disjoint, in a stable order, and total counts all matches", async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await org.get(`/users?pageSize=2&page=${page}`).expect(200);
      expect(res.body).toMatchObject({ page, pageSize: 2, total: 5 });
      pages.push(res.body.items.map((u: { id: string }) => u.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(named("anna", "bent", "carl", "dorte", "erik"));
    // The same page twice is the same page.
    const again = await org.get("/users?pageSize=2&page=2").expect(200);
    expect(again.body.items.map((u: { id: string }) => u.id)).toEqual(pages[1]);
  });

  it("when paging a filtered list, then total counts the filtered matches, not the page", async () => {
    const res = await org.get("/users?source=manual&pageSize=3&page=2").expect(200);
    expect(res.body.total).toBe(4);
    expect(res.body.items.map((u: { id: string }) => u.id)).toEqual(named("erik"));
  });

  it("when a page past the end is asked for, then it is empty and total still counts", async () => {
    const res = await org.get("/users?pageSize=2&page=9").expect(200);
    expect(res.body).toMatchObject({ items: [], page: 9, pageSize: 2, total: 5 });
  });

  it.each<[string, string]>([
    ["?page=0", "page"],
    ["?page=abc", "page"],
    ["?pageSize=0", "pageSize"],
    ["?pageSize=201", "pageSize"],
    ["?status=sleeping", "status"],
    ["?source=fax", "source"],
  ])("when the query is %s, then 400 request.invalid_field on %s", async (query, field) => {
    expectProblem(await org.get(`/users${query}`), 400, "request.invalid_field", field);
  });

  it("when another organisation lists users, then none of these appear", async () => {
    const res = await other.get("/users?pageSize=200").expect(200);
    const theirs = res.body.items.map((u: { id: string }) => u.id);
    for (const id of Object.values(ids)) expect(theirs).not.toContain(id);
  });
});

describe("organisation settings", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg(t, "settings", ["en"]);
  });

  it("when the organisation is read, then its slug, languages and defaults are shown", async () => {
    const res = await org.get("/").expect(200);
    expect(res.body).toMatchObject({
      id: org.org.id,
      slug: "settings",
      name: "settings org",
      defaultLanguage: "en",
      languages: ["en"],
      defaultDepartmentId: org.org.defaultDepartmentId,
      defaultJobProfileId: org.org.defaultJobProfileId,
      defaultPermissionTypeId: org.org.defaultPermissionTypeId,
    });
  });

  it("when a language is enabled, then users may have it; before that they may not", async () => {
    const before = await org.post("/users", userBody(org.org, { email: freshEmail(), language: "de" }));
    expectProblem(before, 422, "directory.language_not_enabled", "language");
    const res = await org.patch("/", { languages: ["EN", "de", "de", "pt_br"] });
    expect(res.status).toBe(200);
    expect(res.body.languages).toEqual(["en", "de", "pt-BR"]);
    expect((await org.get("/")).body.languages).toEqual(["en", "de", "pt-BR"]);
    const after = await org.post("/users", userBody(org.org, { email: freshEmail(), language: "de" }));
    expect(after.status).toBe(201);
    expect(after.body.language).toBe("de");
  });

  it("when the name and default language change together, then both are stored", async () => {
    const res = await org.patch("/", {
      name: "  Settings   Inc ",
      defaultLanguage: "de",
      languages: ["en", "de"],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Settings Inc", defaultLanguage: "de", languages: ["en", "de"] });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "the default language is not enabled",
      { defaultLanguage: "fr" },
      "directory.default_language_not_enabled",
      "defaultLanguage",
    ],
    [
      "the enabled languages drop the default",
      { languages: ["en"] },
      "directory.default_language_not_enabled",
      "defaultLanguage",
    ],
    [
      "a language is not a tag",
      { languages: ["de", "not a tag"] },
      "directory.language_invalid",
      "languages",
    ],
    ["the name is blank", { name: "  " }, "directory.name_required", "name"],
    [
      "the default department is unknown",
      { defaultDepartmentId: "nope" },
      "directory.default_not_found",
      "defaultDepartmentId",
    ],
  ])("when %s, then 422 %s on %s and nothing changes", async (_what, patch, code, field) => {
    const before = (await org.get("/").expect(200)).body;
    expectProblem(await org.patch("/", patch), 422, code, field);
    expect((await org.get("/").expect(200)).body).toEqual(before);
  });

  it("when a default is another organisation's entry, then 422 directory.default_not_found", async () => {
    expectProblem(
      await org.patch("/", { defaultJobProfileId: other.org.defaultJobProfileId }),
      422,
      "directory.default_not_found",
      "defaultJobProfileId",
    );
    expectProblem(
      await org.patch("/", { defaultPermissionTypeId: other.org.defaultPermissionTypeId }),
      422,
      "directory.default_not_found",
      "defaultPermissionTypeId",
    );
  });

  it("when the default department moves, then the new one is the default and the old one can be deleted", async () => {
    const oldDefault = org.org.defaultDepartmentId as string;
    const created = await org.post("/departments", { name: "New Home" }).expect(201);
    const res = await org.patch("/", { defaultDepartmentId: created.body.id });
    expect(res.status).toBe(200);
    expect(res.body.defaultDepartmentId).toBe(created.body.id);
    const list = (await org.get("/departments").expect(200)).body.items as Array<{
      id: string;
      isDefault: boolean;
    }>;
    expect(list.filter((d) => d.isDefault).map((d) => d.id)).toEqual([created.body.id]);
    expectProblem(await org.del(`/departments/${created.body.id}`), 409, "directory.department_is_default");
    // The old default is in use by the user created above; free it first.
    const users = (await org.get("/users").expect(200)).body.items as Array<{ id: string }>;
    for (const u of users) await org.del(`/users/${u.id}`).expect(204);
    await org.del(`/departments/${oldDefault}`).expect(204);
  });

  it("when the default job profile and permission type move, then both are stored", async () => {
    const jp = await org.post("/job-profiles", { name: "Everyone" }).expect(201);
    const admin = (await org.get("/permission-types")).body.items.find(
      (p: { name: string }) => p.name === "Administrator",
    );
    const res = await org.patch("/", { defaultJobProfileId: jp.body.id, defaultPermissionTypeId: admin.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ defaultJobProfileId: jp.body.id, defaultPermissionTypeId: admin.id });
    expect((await org.get(`/permission-types/${admin.id}`)).body.isDefault).toBe(true);
    expect((await org.get(`/permission-types/${org.org.defaultPermissionTypeId}`)).body.isDefault).toBe(
      false,
    );
  });
});

describe("SCIM tokens", () => {
  it("when a SCIM token is created, then the secret is shown once and the list never shows it", async () => {
    const created = await acme.post("/scim-tokens", { name: "Entra ID" });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^admit_scim_/);
    expect(created.body).toMatchObject({ name: "Entra ID", prefix: secret.slice(0, 15), revokedAt: null });
    expect(await t.services.auth.tokens.authenticate("scim", secret)).not.toBeNull();

    const list = await acme.get("/scim-tokens").expect(200);
    const listed = (list.body.items as Array<Record<string, unknown>>).find((x) => x.id === created.body.id);
    expect(listed).toMatchObject({ id: created.body.id, name: "Entra ID", prefix: secret.slice(0, 15) });
    expect(listed).not.toHaveProperty("token");
    expect(listed).not.toHaveProperty("tokenHash");
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(secret.slice(15));
  });

  it("when SCIM tokens are listed, then the organisation's API keys are not among them", async () => {
    const list = await acme.get("/scim-tokens").expect(200);
    for (const token of list.body.items as Array<{ prefix: string }>)
      expect(token.prefix).toMatch(/^admit_scim_/);
    expect(list.text).not.toContain(acme.apiKey);
  });

  it("when a SCIM token is revoked, then 204, it stops working and the list shows when", async () => {
    const created = await acme.post("/scim-tokens", { name: "Okta" }).expect(201);
    await acme.del(`/scim-tokens/${created.body.id}`).expect(204);
    expect(await t.services.auth.tokens.authenticate("scim", created.body.token)).toBeNull();
    const listed = (await acme.get("/scim-tokens").expect(200)).body.items.find(
      (x: { id: string }) => x.id === created.body.id,
    );
    expect(listed.revokedAt).not.toBeNull();
    // Revoking again is harmless.
    await acme.del(`/scim-tokens/${created.body.id}`).expect(204);
  });

  it("when another organisation's SCIM token is revoked, then 404 auth.token_not_found and it still works", async () => {
    const foreign = await other.post("/scim-tokens", { name: "Theirs" }).expect(201);
    expectProblem(await acme.del(`/scim-tokens/${foreign.body.id}`), 404, "auth.token_not_found");
    expectProblem(await acme.del("/scim-tokens/no-such-token"), 404, "auth.token_not_found");
    expect(await t.services.auth.tokens.authenticate("scim", foreign.body.token)).not.toBeNull();
    const ours = (await acme.get("/scim-tokens").expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(ours).not.toContain(foreign.body.id);
  });

  it("when a SCIM token has no name, then 400 request.invalid_field on name", async () => {
    expectProblem(await acme.post("/scim-tokens", { name: "" }), 400, "request.invalid_field", "name");
    expectProblem(await acme.post("/scim-tokens", {}), 400, "request.invalid_field", "name");
  });
});

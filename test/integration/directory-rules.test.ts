/**
 * Every domain rule of PRODUCT.md "The domain", proved both ways (accepted and refused)
 * through the admin API. Refusals assert the status, the stable `code` and the `field`.
 */
import type { Response } from "supertest";
import { User } from "../../src/directory";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "acme", ["en", "da"]);
  other = await createTestOrg(t, "other", ["en"]);
});
afterAll(async () => t.close());

/** A fresh, collision-free email for each request. */
const freshEmail = () => `person${++seq}@example.com`;
const freshUserName = () => `person.${++seq}`;
/** A valid acme user body with a fresh email; overrides win. */
const body = (overrides: Record<string, unknown> = {}) =>
  userBody(acme.org, { email: freshEmail(), ...overrides });

function expectProblem(res: Response, status: number, code: string, field?: string): void {
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
}

async function countUsers(org: TestOrg): Promise<number> {
  return t.dataSource.getRepository(User).countBy({ organisationId: org.org.id });
}

async function createDepartment(org: TestOrg, name: string, parentId?: string): Promise<string> {
  const res = await org.post("/departments", { name, ...(parentId ? { parentId } : {}) }).expect(201);
  return res.body.id as string;
}

describe("users: required fields and identifiers", () => {
  type Accepted = {
    when: string;
    overrides: () => Record<string, unknown>;
    expected: Record<string, unknown>;
  };
  it.each<Accepted>([
    {
      when: "the user has an email and no username",
      overrides: () => ({ email: "Only.Email@Example.com" }),
      expected: { email: "Only.Email@Example.com", userName: null, phone: null },
    },
    {
      when: "the user has a username and a phone number but no email",
      overrides: () => ({ email: null, userName: "sms.only", phone: "+4520123401" }),
      expected: { email: null, userName: "sms.only", phone: "+4520123401" },
    },
    {
      when: "the email is omitted entirely and a username + phone are given",
      overrides: () => ({ email: undefined, userName: "no.email.key", phone: "+4520123402" }),
      expected: { email: null, userName: "no.email.key", phone: "+4520123402" },
    },
    {
      when: "the user has both an email and a username",
      overrides: () => ({ email: "both@example.com", userName: "both.ids" }),
      expected: { email: "both@example.com", userName: "both.ids" },
    },
    {
      when: "names are padded with spaces",
      overrides: () => ({ firstName: "  Bo  ", lastName: " Nielsen   Hansen " }),
      expected: { firstName: "Bo", lastName: "Nielsen Hansen" },
    },
    {
      when: "the language is an enabled one written in another case",
      overrides: () => ({ language: "DA" }),
      expected: { language: "da" },
    },
    {
      when: "the phone is written with spaces",
      overrides: () => ({ phone: "+45 20 12 34 56" }),
      expected: { phone: "+4520123456" },
    },
    {
      when: "the phone is written with dashes and brackets",
      overrides: () => ({ phone: "+1 (212) 555-0123" }),
      expected: { phone: "+12125550123" },
    },
  ])("when $when, then 201 and the user is stored normalized", async ({ overrides, expected }) => {
    const res = await acme.post("/users", body(overrides()));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(expected);
    const stored = await acme.get(`/users/${res.body.id}`).expect(200);
    expect(stored.body).toMatchObject(expected);
  });

  type Refused = {
    when: string;
    overrides: () => Record<string, unknown>;
    status: number;
    code: string;
    field: string;
  };
  it.each<Refused>([
    {
      when: "the first name is empty",
      overrides: () => ({ firstName: "" }),
      status: 422,
      code: "directory.first_name_required",
      field: "firstName",
    },
    {
      when: "the first name is only spaces",
      overrides: () => ({ firstName: "   " }),
      status: 422,
      code: "directory.first_name_required",
      field: "firstName",
    },
    {
      when: "the first name is missing from the body",
      overrides: () => ({ firstName: undefined }),
      status: 400,
      code: "request.invalid_field",
      field: "firstName",
    },
    {
      when: "the first name is longer than 100 characters",
      overrides: () => ({ firstName: "A".repeat(101) }),
      status: 422,
      code: "directory.first_name_too_long",
      field: "firstName",
    },
    {
      when: "the last name is empty",
      overrides: () => ({ lastName: "" }),
      status: 422,
      code: "directory.last_name_required",
      field: "lastName",
    },
    {
      when: "the last name is missing from the body",
      overrides: () => ({ lastName: undefined }),
      status: 400,
      code: "request.invalid_field",
      field: "lastName",
    },
    {
      when: "there is neither an email nor a username",
      overrides: () => ({ email: null }),
      status: 422,
      code: "directory.identifier_required",
      field: "email",
    },
    {
      when: "there is only a phone number",
      overrides: () => ({ email: null, phone: "+4520123456" }),
      status: 422,
      code: "directory.identifier_required",
      field: "email",
    },
    {
      when: "there is a username but no phone and no email",
      overrides: () => ({ email: null, userName: "lonely.name" }),
      status: 422,
      code: "directory.phone_required",
      field: "phone",
    },
    {
      when: "the email is not an address",
      overrides: () => ({ email: "not-an-email" }),
      status: 422,
      code: "directory.email_invalid",
      field: "email",
    },
    {
      when: "the email contains a space",
      overrides: () => ({ email: "a b@example.com" }),
      status: 422,
      code: "directory.email_invalid",
      field: "email",
    },
    {
      when: "the username contains a space",
      overrides: () => ({ userName: "has space" }),
      status: 422,
      code: "directory.username_invalid",
      field: "userName",
    },
    {
      when: "the phone number is too short for its country",
      overrides: () => ({ phone: "+45 123" }),
      status: 422,
      code: "directory.phone_invalid",
      field: "phone",
    },
    {
      when: "the phone number has no country code",
      overrides: () => ({ phone: "20 12 34 56" }),
      status: 422,
      code: "directory.phone_invalid",
      field: "phone",
    },
    {
      when: "the phone number is words",
      overrides: () => ({ phone: "call me maybe" }),
      status: 422,
      code: "directory.phone_invalid",
      field: "phone",
    },
    {
      when: "the language is empty",
      overrides: () => ({ language: "" }),
      status: 422,
      code: "directory.language_required",
      field: "language",
    },
    {
      when: "the language is missing from the body",
      overrides: () => ({ language: undefined }),
      status: 400,
      code: "request.invalid_field",
      field: "language",
    },
    {
      when: "the language is valid but not enabled for the organisation",
      overrides: () => ({ language: "de" }),
      status: 422,
      code: "directory.language_not_enabled",
      field: "language",
    },
    {
      when: "the language is not a language tag",
      overrides: () => ({ language: "klingon!" }),
      status: 422,
      code: "directory.language_invalid",
      field: "language",
    },
    {
      when: "the job profile is missing from the body",
      overrides: () => ({ jobProfileId: undefined }),
      status: 400,
      code: "request.invalid_field",
      field: "jobProfileId",
    },
    {
      when: "two job profiles are given (a user has exactly one)",
      overrides: () => ({ jobProfileId: [acme.org.defaultJobProfileId, acme.org.defaultJobProfileId] }),
      status: 400,
      code: "request.invalid_field",
      field: "jobProfileId",
    },
    {
      when: "the job profile does not exist",
      overrides: () => ({ jobProfileId: "no-such-job-profile" }),
      status: 422,
      code: "directory.job_profile_not_found",
      field: "jobProfileId",
    },
    {
      when: "the job profile belongs to another organisation",
      overrides: () => ({ jobProfileId: other.org.defaultJobProfileId }),
      status: 422,
      code: "directory.job_profile_not_found",
      field: "jobProfileId",
    },
    {
      when: "the department list is empty",
      overrides: () => ({ departmentIds: [] }),
      status: 422,
      code: "directory.department_required",
      field: "departmentIds",
    },
    {
      when: "the department list is missing from the body",
      overrides: () => ({ departmentIds: undefined }),
      status: 400,
      code: "request.invalid_field",
      field: "departmentIds",
    },
    {
      when: "one of the departments does not exist",
      overrides: () => ({ departmentIds: [acme.org.defaultDepartmentId, "no-such-department"] }),
      status: 422,
      code: "directory.department_not_found",
      field: "departmentIds",
    },
    {
      when: "the department belongs to another organisation",
      overrides: () => ({ departmentIds: [other.org.defaultDepartmentId] }),
      status: 422,
      code: "directory.department_not_found",
      field: "departmentIds",
    },
    {
      when: "the permission type list is empty",
      overrides: () => ({ permissionTypeIds: [] }),
      status: 422,
      code: "directory.permission_type_required",
      field: "permissionTypeIds",
    },
    {
      when: "the permission type does not exist",
      overrides: () => ({ permissionTypeIds: ["no-such-permission-type"] }),
      status: 422,
      code: "directory.permission_type_not_found",
      field: "permissionTypeIds",
    },
    {
      when: "the permission type belongs to another organisation",
      overrides: () => ({ permissionTypeIds: [other.org.defaultPermissionTypeId] }),
      status: 422,
      code: "directory.permission_type_not_found",
      field: "permissionTypeIds",
    },
  ])(
    "when $when, then $status $code on $field and nothing is written",
    async ({ overrides, status, code, field }) => {
      const before = await countUsers(acme);
      const res = await acme.post("/users", body(overrides()));
      expectProblem(res, status, code, field);
      expect(await countUsers(acme)).toBe(before);
    },
  );

  it("when several rules are broken at once, then 422 names the first and lists every problem", async () => {
    const res = await acme.post("/users", body({ firstName: "", language: "de", departmentIds: [] }));
    expectProblem(res, 422, "directory.first_name_required", "firstName");
    const errors = res.body.errors as Array<{ code: string; field: string }>;
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ["directory.first_name_required", "firstName"],
      ["directory.language_not_enabled", "language"],
      ["directory.department_required", "departmentIds"],
    ]);
  });
});

describe("users: one job profile, one or more departments and permission types", () => {
  it("when a user is given two departments and two permission types, then both are assigned", async () => {
    const second = await createDepartment(acme, "Second Department");
    const permissionTypes = (await acme.get("/permission-types").expect(200)).body.items as Array<{
      id: string;
      name: string;
    }>;
    const administrator = permissionTypes.find((p) => p.name === "Administrator")!;
    const res = await acme.post(
      "/users",
      body({
        departmentIds: [acme.org.defaultDepartmentId, second],
        permissionTypeIds: [acme.org.defaultPermissionTypeId, administrator.id],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.jobProfile).toEqual({ id: acme.org.defaultJobProfileId, name: "Default Job Profile" });
    expect(res.body.departments.map((d: { name: string }) => d.name)).toEqual([
      "Default Department",
      "Second Department",
    ]);
    expect(res.body.permissionTypes.map((p: { name: string }) => p.name)).toEqual([
      "Administrator",
      "Learner",
    ]);
    expect(res.body.consoleAccess).toBe(true);
  });

  it("when the same department is listed twice, then it is assigned once", async () => {
    const res = await acme.post(
      "/users",
      body({ departmentIds: [acme.org.defaultDepartmentId, acme.org.defaultDepartmentId] }),
    );
    expect(res.status).toBe(201);
    expect(res.body.departments).toEqual([{ id: acme.org.defaultDepartmentId, name: "Default Department" }]);
  });

  it("when a PATCH empties the departments, then 422 directory.department_required and the user keeps them", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { departmentIds: [] });
    expectProblem(res, 422, "directory.department_required", "departmentIds");
    const stored = await acme.get(`/users/${created.body.id}`).expect(200);
    expect(stored.body.departments).toHaveLength(1);
  });
});

describe("users: email and username are unique per organisation, case-insensitively", () => {
  it("when the email differs only in case, then 409 directory.email_taken", async () => {
    await acme.post("/users", body({ email: "Case.Test@Example.com" })).expect(201);
    const before = await countUsers(acme);
    const res = await acme.post("/users", body({ email: "case.test@example.COM" }));
    expectProblem(res, 409, "directory.email_taken", "email");
    expect(await countUsers(acme)).toBe(before);
  });

  it("when the email is identical, then 409 directory.email_taken", async () => {
    await acme.post("/users", body({ email: "same@example.com" })).expect(201);
    expectProblem(
      await acme.post("/users", body({ email: "same@example.com" })),
      409,
      "directory.email_taken",
      "email",
    );
  });

  it("when the username differs only in case, then 409 directory.username_taken", async () => {
    await acme
      .post("/users", body({ email: null, userName: "Mixed.Case", phone: "+4520123403" }))
      .expect(201);
    const before = await countUsers(acme);
    const res = await acme.post(
      "/users",
      body({ email: null, userName: "mixed.CASE", phone: "+4520123404" }),
    );
    expectProblem(res, 409, "directory.username_taken", "userName");
    expect(await countUsers(acme)).toBe(before);
  });

  it("when another organisation already has the email and username, then 201 (uniqueness is per organisation)", async () => {
    await acme.post("/users", body({ email: "shared@example.com", userName: "shared.name" })).expect(201);
    const res = await other.post(
      "/users",
      userBody(other.org, { email: "SHARED@example.com", userName: "Shared.Name" }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: "SHARED@example.com", userName: "Shared.Name" });
  });

  it("when two users differ in email, then both are created", async () => {
    await acme.post("/users", body({ email: "distinct.one@example.com" })).expect(201);
    await acme.post("/users", body({ email: "distinct.two@example.com" })).expect(201);
  });

  it("when a PATCH changes the email to another user's in another case, then 409 directory.email_taken", async () => {
    await acme.post("/users", body({ email: "owner@example.com" })).expect(201);
    const mover = await acme.post("/users", body()).expect(201);
    const res = await acme.patch(`/users/${mover.body.id}`, { email: "OWNER@example.com" });
    expectProblem(res, 409, "directory.email_taken", "email");
    const stored = await acme.get(`/users/${mover.body.id}`).expect(200);
    expect(stored.body.email).toBe(mover.body.email);
  });

  it("when a PATCH changes a user's own email only in case, then 200 (it does not collide with itself)", async () => {
    const created = await acme.post("/users", body({ email: "self.case@example.com" })).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { email: "Self.Case@example.com" });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe("Self.Case@example.com");
  });

  it("when a PATCH takes another user's username in another case, then 409 directory.username_taken", async () => {
    await acme.post("/users", body({ userName: "taken.handle" })).expect(201);
    const mover = await acme.post("/users", body({ userName: freshUserName() })).expect(201);
    const res = await acme.patch(`/users/${mover.body.id}`, { userName: "TAKEN.handle" });
    expectProblem(res, 409, "directory.username_taken", "userName");
  });
});

describe("users: a PATCH must still satisfy every rule", () => {
  it("when a PATCH removes the email of a user without a username, then 422 directory.identifier_required", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { email: null });
    expectProblem(res, 422, "directory.identifier_required", "email");
  });

  it("when a PATCH removes the email of a user with a username and phone, then 200", async () => {
    const created = await acme
      .post("/users", body({ userName: freshUserName(), phone: "+4520123405" }))
      .expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { email: null });
    expect(res.status).toBe(200);
    expect(res.body.email).toBeNull();
  });

  it("when a PATCH removes the phone of a username-only user, then 422 directory.phone_required", async () => {
    const created = await acme
      .post("/users", body({ email: null, userName: freshUserName(), phone: "+4520123406" }))
      .expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { phone: null });
    expectProblem(res, 422, "directory.phone_required", "phone");
  });

  it("when a PATCH sets a language not enabled for the organisation, then 422 directory.language_not_enabled", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { language: "fr" });
    expectProblem(res, 422, "directory.language_not_enabled", "language");
    expect((await acme.get(`/users/${created.body.id}`)).body.language).toBe("en");
  });

  it("when a PATCH writes a phone with spaces, then it is stored in E.164", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const res = await acme.patch(`/users/${created.body.id}`, { phone: "+45 20 12 34 57" });
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe("+4520123457");
  });
});

describe("users: status and source", () => {
  it("when a user is created through the admin API, then it is pending and its source is manual", async () => {
    const res = await acme.post("/users", body()).expect(201);
    expect(res.body).toMatchObject({ status: "pending", source: "manual" });
  });

  it("when a user is created by another channel, then that source is recorded", async () => {
    const user = await t.services.directory.users.create(acme.org.id, body(), { source: "import" });
    const res = await acme.get(`/users/${user.id}`).expect(200);
    expect(res.body.source).toBe("import");
  });

  it("when a pending user is deactivated and reactivated, then it goes back to pending", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const deactivated = await acme.post(`/users/${created.body.id}/deactivate`).expect(200);
    expect(deactivated.body.status).toBe("deactivated");
    const reactivated = await acme.post(`/users/${created.body.id}/reactivate`).expect(200);
    expect(reactivated.body.status).toBe("pending");
  });

  it("when an active user is deactivated and reactivated, then it is active again", async () => {
    const created = await acme.post("/users", body()).expect(201);
    const { users } = t.services.directory;
    await users.setPassword(acme.org.id, created.body.id, "not-a-real-hash", false);
    await users.setStatus(acme.org.id, created.body.id, "active");
    expect((await acme.get(`/users/${created.body.id}`)).body.status).toBe("active");
    expect((await acme.post(`/users/${created.body.id}/deactivate`).expect(200)).body.status).toBe(
      "deactivated",
    );
    expect((await acme.post(`/users/${created.body.id}/reactivate`).expect(200)).body.status).toBe("active");
  });
});

describe("catalog: a new organisation starts usable", () => {
  it("when an organisation is created, then it has the default department, job profile, Learner and Administrator", async () => {
    const fresh = await createTestOrg(t, "fresh-start");
    const departments = (await fresh.get("/departments").expect(200)).body.items;
    const jobProfiles = (await fresh.get("/job-profiles").expect(200)).body.items;
    const permissionTypes = (await fresh.get("/permission-types").expect(200)).body.items;
    expect(departments).toEqual([
      expect.objectContaining({
        id: fresh.org.defaultDepartmentId,
        name: "Default Department",
        isDefault: true,
      }),
    ]);
    expect(jobProfiles).toEqual([
      expect.objectContaining({
        id: fresh.org.defaultJobProfileId,
        name: "Default Job Profile",
        isDefault: true,
      }),
    ]);
    expect(permissionTypes).toEqual([
      expect.objectContaining({ name: "Administrator", consoleAccess: true, isDefault: false }),
      expect.objectContaining({
        id: fresh.org.defaultPermissionTypeId,
        name: "Learner",
        consoleAccess: false,
        isDefault: true,
      }),
    ]);
  });
});

type Kind = { kind: string; path: string; code: string; nameTaken: string; inUse: string; isDefault: string };
const KINDS: Kind[] = ["department", "job_profile", "permission_type"].map((code) => ({
  kind: code.replace("_", " "),
  path: `/${code.replace("_", "-")}s`,
  code,
  nameTaken: `directory.${code}_name_taken`,
  inUse: `directory.${code}_in_use`,
  isDefault: `directory.${code}_is_default`,
}));

describe("catalog: names are unique per organisation, case-insensitively", () => {
  it.each(KINDS)("when a $kind name differs only in case and spacing, then 409 $nameTaken", async (k) => {
    await acme.post(k.path, { name: `Sales ${k.code}` }).expect(201);
    const before = (await acme.get(k.path).expect(200)).body.items.length;
    const res = await acme.post(k.path, { name: `  SALES   ${k.code.toUpperCase()} ` });
    expectProblem(res, 409, `directory.${k.code}_name_taken`, "name");
    expect((await acme.get(k.path).expect(200)).body.items).toHaveLength(before);
  });

  it.each(KINDS)("when another organisation already has the $kind name, then 201", async (k) => {
    await acme.post(k.path, { name: `Shared ${k.code}` }).expect(201);
    const res = await other.post(k.path, { name: `shared ${k.code}` });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe(`shared ${k.code}`);
  });

  it.each(KINDS)(
    "when a $kind is renamed onto another's name in another case, then 409 $nameTaken",
    async (k) => {
      await acme.post(k.path, { name: `Rename target ${k.code}` }).expect(201);
      const mover = await acme.post(k.path, { name: `Rename source ${k.code}` }).expect(201);
      const res = await acme.patch(`${k.path}/${mover.body.id}`, { name: `RENAME TARGET ${k.code}` });
      expectProblem(res, 409, `directory.${k.code}_name_taken`, "name");
      expect((await acme.get(`${k.path}/${mover.body.id}`).expect(200)).body.name).toBe(
        `Rename source ${k.code}`,
      );
    },
  );

  it.each(KINDS)("when a $kind is renamed to its own name in another case, then 200", async (k) => {
    const entry = await acme.post(k.path, { name: `self rename ${k.code}` }).expect(201);
    const res = await acme.patch(`${k.path}/${entry.body.id}`, { name: `Self Rename ${k.code}` });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(`Self Rename ${k.code}`);
  });

  it.each(KINDS)("when a $kind name is blank, then 422 directory.name_required on name", async (k) => {
    expectProblem(await acme.post(k.path, { name: "   " }), 422, "directory.name_required", "name");
  });
});

describe("catalog: delete is refused while users hold the entry or it is the default", () => {
  it.each(KINDS)("when a user holds the $kind, then delete is 409 $inUse", async (k) => {
    const entry = await acme.post(k.path, { name: `In use ${k.code}` }).expect(201);
    const assignment =
      k.code === "department"
        ? { departmentIds: [entry.body.id] }
        : k.code === "job_profile"
          ? { jobProfileId: entry.body.id }
          : { permissionTypeIds: [entry.body.id] };
    const user = await acme.post("/users", body(assignment)).expect(201);
    const res = await acme.del(`${k.path}/${entry.body.id}`);
    expectProblem(res, 409, `directory.${k.code}_in_use`);
    expect(res.body.detail).toMatch(/1 user/);
    await acme.get(`${k.path}/${entry.body.id}`).expect(200);

    // Once nobody holds it any more, the delete goes through.
    await acme.del(`/users/${user.body.id}`).expect(204);
    await acme.del(`${k.path}/${entry.body.id}`).expect(204);
    await acme.get(`${k.path}/${entry.body.id}`).expect(404);
  });

  it.each(KINDS)("when the $kind is the organisation's default, then delete is 409 $isDefault", async (k) => {
    const fresh = await createTestOrg(t, `default-${k.code.replace(/_/g, "-")}`);
    const defaultId = {
      department: fresh.org.defaultDepartmentId,
      job_profile: fresh.org.defaultJobProfileId,
      permission_type: fresh.org.defaultPermissionTypeId,
    }[k.code];
    const res = await fresh.del(`${k.path}/${defaultId}`);
    expectProblem(res, 409, `directory.${k.code}_is_default`);
    await fresh.get(`${k.path}/${defaultId}`).expect(200);
  });

  it.each(KINDS)("when a $kind is unused and not the default, then delete is 204", async (k) => {
    const entry = await acme.post(k.path, { name: `Unused ${k.code}` }).expect(201);
    await acme.del(`${k.path}/${entry.body.id}`).expect(204);
    await acme.get(`${k.path}/${entry.body.id}`).expect(404);
  });

  it("when the non-default Administrator permission type is unused, then it can be deleted", async () => {
    const fresh = await createTestOrg(t, "drop-admin");
    const items = (await fresh.get("/permission-types").expect(200)).body.items as Array<{
      id: string;
      name: string;
    }>;
    const administrator = items.find((p) => p.name === "Administrator")!;
    await fresh.del(`/permission-types/${administrator.id}`).expect(204);
  });
});

describe("catalog: department parents", () => {
  it("when a department gets an existing parent, then 201 with that parent", async () => {
    const parent = await createDepartment(acme, "Parent Unit");
    const res = await acme.post("/departments", { name: "Child Unit", parentId: parent });
    expect(res.status).toBe(201);
    expect(res.body.parentId).toBe(parent);
  });

  it("when a department is made its own parent, then 422 directory.department_cycle on parentId", async () => {
    const id = await createDepartment(acme, "Narcissus");
    expectProblem(
      await acme.patch(`/departments/${id}`, { parentId: id }),
      422,
      "directory.department_cycle",
      "parentId",
    );
    expect((await acme.get(`/departments/${id}`)).body.parentId).toBeNull();
  });

  it("when a department is moved under its own grandchild, then 422 directory.department_cycle on parentId", async () => {
    const top = await createDepartment(acme, "Cycle Top");
    const middle = await createDepartment(acme, "Cycle Middle", top);
    const bottom = await createDepartment(acme, "Cycle Bottom", middle);
    const res = await acme.patch(`/departments/${top}`, { parentId: bottom });
    expectProblem(res, 422, "directory.department_cycle", "parentId");
    expect((await acme.get(`/departments/${top}`)).body.parentId).toBeNull();
  });

  it("when a department is moved under an unrelated department, then 200", async () => {
    const a = await createDepartment(acme, "Move A");
    const b = await createDepartment(acme, "Move B");
    const res = await acme.patch(`/departments/${a}`, { parentId: b });
    expect(res.status).toBe(200);
    expect(res.body.parentId).toBe(b);
    const cleared = await acme.patch(`/departments/${a}`, { parentId: null });
    expect(cleared.body.parentId).toBeNull();
  });

  it("when the parent does not exist, then 422 directory.department_not_found on parentId", async () => {
    const res = await acme.post("/departments", { name: "Orphan", parentId: "no-such-department" });
    expectProblem(res, 422, "directory.department_not_found", "parentId");
    const names = (await acme.get("/departments")).body.items.map((d: { name: string }) => d.name);
    expect(names).not.toContain("Orphan");
  });

  it("when the parent belongs to another organisation, then 422 directory.department_not_found on parentId", async () => {
    const id = await createDepartment(acme, "Stay Home");
    const res = await acme.patch(`/departments/${id}`, { parentId: other.org.defaultDepartmentId });
    expectProblem(res, 422, "directory.department_not_found", "parentId");
  });

  it("when a department has sub-departments, then delete is 409 directory.department_has_children", async () => {
    const parent = await createDepartment(acme, "Has Kids");
    const child = await createDepartment(acme, "The Kid", parent);
    expectProblem(await acme.del(`/departments/${parent}`), 409, "directory.department_has_children");
    await acme.del(`/departments/${child}`).expect(204);
    await acme.del(`/departments/${parent}`).expect(204);
  });

  it("when a job profile is given a parent, then 422 directory.field_not_applicable on parentId", async () => {
    const res = await acme.post("/job-profiles", {
      name: "Parented Profile",
      parentId: acme.org.defaultDepartmentId,
    });
    expectProblem(res, 422, "directory.field_not_applicable", "parentId");
  });

  it("when a department is given console access, then 422 directory.field_not_applicable on consoleAccess", async () => {
    const res = await acme.post("/departments", { name: "Console Dept", consoleAccess: true });
    expectProblem(res, 422, "directory.field_not_applicable", "consoleAccess");
  });
});

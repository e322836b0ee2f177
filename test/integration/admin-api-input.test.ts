/**
 * Bad input to the admin API: malformed JSON, oversized bodies, unknown fields and wrong
 * types. Each is a 4xx application/problem+json with a precise code and field, and nothing
 * is written to the database.
 */
import request, { type Response } from "supertest";
import { Department, JobProfile, PermissionType, User, UserDepartment } from "../../src/directory";
import { AccessToken } from "../../src/auth";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";

let t: TestApp;
let acme: TestOrg;
let userId: string;
let departmentId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "acme");
  userId = (await acme.post("/users", userBody(acme.org, { email: "existing@example.com" })).expect(201)).body
    .id;
  departmentId = (await acme.post("/departments", { name: "Existing" }).expect(201)).body.id;
});
afterAll(async () => t.close());

/** Row counts of everything a bad request could have written. */
async function snapshot() {
  const organisationId = acme.org.id;
  const ds = t.dataSource;
  return {
    users: await ds.getRepository(User).countBy({ organisationId }),
    departments: await ds.getRepository(Department).countBy({ organisationId }),
    jobProfiles: await ds.getRepository(JobProfile).countBy({ organisationId }),
    permissionTypes: await ds.getRepository(PermissionType).countBy({ organisationId }),
    userDepartments: await ds.getRepository(UserDepartment).count(),
    tokens: await ds.getRepository(AccessToken).countBy({ organisationId }),
  };
}

/** What the stored rows look like: a PATCH that fails must not have changed them either. */
async function storedState() {
  const [user, department, org] = await Promise.all([
    acme.get(`/users/${userId}`).expect(200),
    acme.get(`/departments/${departmentId}`).expect(200),
    acme.get("/").expect(200),
  ]);
  return { user: user.body, department: department.body, org: org.body };
}

/** Sends `send()`, checks nothing changed, and returns the response. */
async function withNothingWritten(send: () => PromiseLike<Response>): Promise<Response> {
  const [counts, state] = [await snapshot(), await storedState()];
  const res = await send();
  expect(await snapshot()).toEqual(counts);
  expect(await storedState()).toEqual(state);
  return res;
}

function expectProblem(res: Response, status: number, code: string, field?: string): void {
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json; charset=utf-8$/);
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(res.body).toMatchObject({ status, type: `https://admit.dev/problems/${code}`, title: code });
  expect(typeof res.body.detail).toBe("string");
  expect(typeof res.body.requestId).toBe("string");
  expect(res.body.instance).toMatch(/^\/api\/v1\//);
}

type Method = "post" | "patch";
/** A request with a raw (unserialized) body and an explicit content type. */
function raw(method: Method, path: string, payload: string, contentType = "application/json") {
  const url = `/api/v1/orgs/acme${path}`;
  const agent = request(t.app);
  return (method === "post" ? agent.post(url) : agent.patch(url))
    .set("Authorization", `Bearer ${acme.apiKey}`)
    .set("Content-Type", contentType)
    .send(payload);
}

type Endpoint = { method: Method; path: () => string; label: string };
const WRITE_ENDPOINTS: Endpoint[] = [
  { method: "post", path: () => "/users", label: "POST /users" },
  { method: "patch", path: () => `/users/${userId}`, label: "PATCH /users/:id" },
  { method: "post", path: () => "/departments", label: "POST /departments" },
  { method: "patch", path: () => `/departments/${departmentId}`, label: "PATCH /departments/:id" },
  { method: "post", path: () => "/job-profiles", label: "POST /job-profiles" },
  { method: "post", path: () => "/permission-types", label: "POST /permission-types" },
  { method: "patch", path: () => "", label: "PATCH /orgs/:org" },
  { method: "post", path: () => "/scim-tokens", label: "POST /scim-tokens" },
];

describe("malformed JSON", () => {
  it.each(WRITE_ENDPOINTS)(
    "when $label gets a truncated JSON body, then 400 request.malformed_json and nothing is written",
    async ({ method, path }) => {
      const res = await withNothingWritten(() => raw(method, path(), '{"firstName": "Al'));
      expectProblem(res, 400, "request.malformed_json");
      expect(res.body.detail).toBe("The request body is not valid JSON");
    },
  );

  it.each([
    ["unquoted keys", "{firstName: 'Al'}"],
    ["a trailing comma", '{"name": "Sales",}'],
    ["plain text", "name=Sales"],
    ["a bare string (not an object)", '"Sales"'],
    ["an empty body declared as JSON", " "],
  ])("when the body has %s, then 400 request.malformed_json", async (_what, payload) => {
    const res = await withNothingWritten(() => raw("post", "/departments", payload));
    expectProblem(res, 400, "request.malformed_json");
  });

  it("when the body is malformed +json (application/merge-patch+json), then 400 request.malformed_json", async () => {
    const res = await withNothingWritten(() =>
      raw("patch", `/users/${userId}`, "{", "application/merge-patch+json"),
    );
    expectProblem(res, 400, "request.malformed_json");
  });

  it("when the JSON is malformed, then the problem does not echo the parser's internals", async () => {
    const res = await raw("post", "/users", '{"secret": "s3cr3t-value"');
    expectProblem(res, 400, "request.malformed_json");
    expect(Object.keys(res.body).sort()).toEqual([
      "code",
      "detail",
      "instance",
      "requestId",
      "status",
      "title",
      "type",
    ]);
    expect(res.text).not.toContain("s3cr3t-value");
    expect(res.text).not.toMatch(/SyntaxError|at JSON\.parse|node_modules/);
  });
});

describe("oversized bodies (the limit is 100kb)", () => {
  const big = (bytes: number) => JSON.stringify({ ...userBodyShape(), externalId: "x".repeat(bytes) });
  /** A plain user body (ids filled in at call time). */
  function userBodyShape() {
    return userBody(acme.org, { email: "big@example.com" });
  }

  it.each(WRITE_ENDPOINTS)(
    "when $label gets a body over 100kb, then 413 request.too_large and nothing is written",
    async ({ method, path }) => {
      const res = await withNothingWritten(() => raw(method, path(), big(110 * 1024)));
      expectProblem(res, 413, "request.too_large");
      expect(res.body.detail).toBe("The request body is too large");
    },
  );

  it("when an oversized body is also malformed, then the size is reported: 413 request.too_large", async () => {
    const res = await withNothingWritten(() =>
      raw("post", "/users", `{"firstName": "${"A".repeat(200 * 1024)}`),
    );
    expectProblem(res, 413, "request.too_large");
  });

  it("when a body of 1 MB is sent, then 413 request.too_large", async () => {
    const res = await withNothingWritten(() => raw("post", "/departments", big(1024 * 1024)));
    expectProblem(res, 413, "request.too_large");
  });

  it("when a body just under the limit carries a too-long field, then the size passes and the field is refused (400)", async () => {
    const payload = big(90 * 1024);
    expect(Buffer.byteLength(payload)).toBeLessThan(100 * 1024);
    const res = await withNothingWritten(() => raw("post", "/users", payload));
    expectProblem(res, 400, "request.invalid_field", "externalId");
  });
});

describe("unknown fields", () => {
  type Case = { when: string; method: Method; path: () => string; body: () => object; field: string };
  it.each<Case>([
    {
      when: "a user body has a field the API does not know",
      method: "post",
      path: () => "/users",
      body: () => userBody(acme.org, { email: "unknown1@example.com", nickname: "Ali" }),
      field: "nickname",
    },
    {
      when: "a user body tries to set its own status",
      method: "post",
      path: () => "/users",
      body: () => userBody(acme.org, { email: "unknown2@example.com", status: "active" }),
      field: "status",
    },
    {
      when: "a user body tries to set its source",
      method: "post",
      path: () => "/users",
      body: () => userBody(acme.org, { email: "unknown3@example.com", source: "scim" }),
      field: "source",
    },
    {
      when: "a user body tries to set a password hash",
      method: "post",
      path: () => "/users",
      body: () => userBody(acme.org, { email: "unknown4@example.com", passwordHash: "$argon2id$..." }),
      field: "passwordHash",
    },
    {
      when: "a user body uses a misspelled field (departmentId for departmentIds)",
      method: "post",
      path: () => "/users",
      body: () => ({ ...userBody(acme.org, { email: "unknown5@example.com" }), departmentId: departmentId }),
      field: "departmentId",
    },
    {
      when: "a user PATCH tries to change the id",
      method: "patch",
      path: () => `/users/${userId}`,
      body: () => ({ id: "another-id" }),
      field: "id",
    },
    {
      when: "a user PATCH tries to change the organisation",
      method: "patch",
      path: () => `/users/${userId}`,
      body: () => ({ firstName: "Changed", organisationId: "elsewhere" }),
      field: "organisationId",
    },
    {
      when: "a department body has a colour",
      method: "post",
      path: () => "/departments",
      body: () => ({ name: "Colourful", colour: "red" }),
      field: "colour",
    },
    {
      when: "a department PATCH tries to set isDefault",
      method: "patch",
      path: () => `/departments/${departmentId}`,
      body: () => ({ isDefault: true }),
      field: "isDefault",
    },
    {
      when: "a job profile body has a description",
      method: "post",
      path: () => "/job-profiles",
      body: () => ({ name: "Described", description: "words" }),
      field: "description",
    },
    {
      when: "an organisation PATCH tries to change the slug",
      method: "patch",
      path: () => "",
      body: () => ({ slug: "renamed" }),
      field: "slug",
    },
    {
      when: "a SCIM token body names its own secret",
      method: "post",
      path: () => "/scim-tokens",
      body: () => ({ name: "Mine", token: "admit_scim_chosen" }),
      field: "token",
    },
  ])("when $when, then 400 request.unknown_field on $field and nothing is written", async (c) => {
    const res = await withNothingWritten(() => acme[c.method](c.path(), c.body()));
    expectProblem(res, 400, "request.unknown_field", c.field);
    expect(res.body.detail).toBe(`Unknown field(s): ${c.field}`);
  });

  it("when two unknown fields are sent, then both are named", async () => {
    const res = await withNothingWritten(() =>
      acme.post("/departments", { name: "Two", colour: "red", size: 3 }),
    );
    expectProblem(res, 400, "request.unknown_field", "colour,size");
    expect(res.body.detail).toBe("Unknown field(s): colour, size");
    expect(res.body.errors).toEqual([
      { code: "request.unknown_field", field: "colour,size", detail: "Unknown field(s): colour, size" },
    ]);
  });

  it("when the user list gets an unknown query parameter, then 400 request.unknown_field on it", async () => {
    expectProblem(await acme.get("/users?sort=lastName"), 400, "request.unknown_field", "sort");
  });
});

describe("wrong types", () => {
  type Case = { when: string; method: Method; path: () => string; body: () => unknown; field: string };
  const user = (overrides: Record<string, unknown>) => () =>
    userBody(acme.org, { email: "typed@example.com", ...overrides });
  it.each<Case>([
    {
      when: "firstName is a number",
      method: "post",
      path: () => "/users",
      body: user({ firstName: 42 }),
      field: "firstName",
    },
    {
      when: "lastName is null",
      method: "post",
      path: () => "/users",
      body: user({ lastName: null }),
      field: "lastName",
    },
    {
      when: "email is a boolean",
      method: "post",
      path: () => "/users",
      body: user({ email: true }),
      field: "email",
    },
    {
      when: "phone is a number",
      method: "post",
      path: () => "/users",
      body: user({ phone: 4520123456 }),
      field: "phone",
    },
    {
      when: "language is a list",
      method: "post",
      path: () => "/users",
      body: user({ language: ["en"] }),
      field: "language",
    },
    {
      when: "jobProfileId is null",
      method: "post",
      path: () => "/users",
      body: user({ jobProfileId: null }),
      field: "jobProfileId",
    },
    {
      when: "departmentIds is a string, not a list",
      method: "post",
      path: () => "/users",
      body: () => userBody(acme.org, { email: "typed@example.com", departmentIds: departmentId }),
      field: "departmentIds",
    },
    {
      when: "a departmentIds entry is a number",
      method: "post",
      path: () => "/users",
      body: user({ departmentIds: [1] }),
      field: "departmentIds.0",
    },
    {
      when: "permissionTypeIds is an object",
      method: "post",
      path: () => "/users",
      body: user({ permissionTypeIds: {} }),
      field: "permissionTypeIds",
    },
    {
      when: "externalId is a number",
      method: "post",
      path: () => "/users",
      body: user({ externalId: 7 }),
      field: "externalId",
    },
    {
      when: "firstName is longer than the API accepts",
      method: "post",
      path: () => "/users",
      body: user({ firstName: "A".repeat(201) }),
      field: "firstName",
    },
    {
      when: "the body is a list",
      method: "post",
      path: () => "/users",
      body: () => [userBody(acme.org)],
      field: "body",
    },
    {
      when: "a PATCH sets firstName to a number",
      method: "patch",
      path: () => `/users/${userId}`,
      body: () => ({ firstName: 1 }),
      field: "firstName",
    },
    {
      when: "a PATCH sets departmentIds to null",
      method: "patch",
      path: () => `/users/${userId}`,
      body: () => ({ departmentIds: null }),
      field: "departmentIds",
    },
    {
      when: "a department name is a number",
      method: "post",
      path: () => "/departments",
      body: () => ({ name: 5 }),
      field: "name",
    },
    {
      when: "a department has no name",
      method: "post",
      path: () => "/departments",
      body: () => ({}),
      field: "name",
    },
    {
      when: "a department parentId is a number",
      method: "post",
      path: () => "/departments",
      body: () => ({ name: "P", parentId: 9 }),
      field: "parentId",
    },
    {
      when: "consoleAccess is the string 'yes'",
      method: "post",
      path: () => "/permission-types",
      body: () => ({ name: "Yes", consoleAccess: "yes" }),
      field: "consoleAccess",
    },
    {
      when: "a department PATCH sets the name to null",
      method: "patch",
      path: () => `/departments/${departmentId}`,
      body: () => ({ name: null }),
      field: "name",
    },
    {
      when: "organisation languages is a string",
      method: "patch",
      path: () => "",
      body: () => ({ languages: "en" }),
      field: "languages",
    },
    {
      when: "organisation languages is empty",
      method: "patch",
      path: () => "",
      body: () => ({ languages: [] }),
      field: "languages",
    },
    {
      when: "organisation defaultDepartmentId is a number",
      method: "patch",
      path: () => "",
      body: () => ({ defaultDepartmentId: 3 }),
      field: "defaultDepartmentId",
    },
    {
      when: "a SCIM token name is a number",
      method: "post",
      path: () => "/scim-tokens",
      body: () => ({ name: 7 }),
      field: "name",
    },
  ])("when $when, then 400 request.invalid_field on $field and nothing is written", async (c) => {
    const res = await withNothingWritten(() => acme[c.method](c.path(), c.body() as object));
    expectProblem(res, 400, "request.invalid_field", c.field);
    expect(res.body.detail).toContain(`${c.field}:`);
  });

  it("when several fields have wrong types, then every one is listed in errors", async () => {
    const res = await withNothingWritten(() =>
      acme.post("/users", userBody(acme.org, { firstName: 1, lastName: false, departmentIds: "x" })),
    );
    expectProblem(res, 400, "request.invalid_field", "firstName");
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      "firstName",
      "lastName",
      "departmentIds",
    ]);
  });

  it("when the body is JSON sent as text/plain, then 400 request.invalid_field on body (it is not parsed)", async () => {
    const payload = JSON.stringify(userBody(acme.org, { email: "plain@example.com" }));
    const res = await withNothingWritten(() => raw("post", "/users", payload, "text/plain"));
    expectProblem(res, 400, "request.invalid_field", "body");
  });
});

describe("every admin API error is problem+json", () => {
  it("when no credentials are sent, then 401 auth.unauthenticated", async () => {
    const res = await withNothingWritten(() =>
      request(t.app).post("/api/v1/orgs/acme/departments").send({ name: "X" }),
    );
    expectProblem(res, 401, "auth.unauthenticated");
  });

  it("when the API key is wrong, then 401 auth.unauthenticated", async () => {
    const res = await withNothingWritten(() =>
      request(t.app)
        .post("/api/v1/orgs/acme/departments")
        .set("Authorization", "Bearer admit_ak_not-a-real-key")
        .send({ name: "X" }),
    );
    expectProblem(res, 401, "auth.unauthenticated");
  });

  it("when the route does not exist, then 404 request.no_route", async () => {
    expectProblem(await acme.post("/nothing-here", { name: "X" }), 404, "request.no_route");
  });

  it("when a good request follows bad ones, then it still works (no state left behind)", async () => {
    await raw("post", "/departments", "{");
    const res = await acme.post("/departments", { name: "After The Storm" });
    expect(res.status).toBe(201);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });
});

/**
 * The /scim/v2 transport as real clients meet it: content types, URL tolerance, authentication,
 * error bodies, list parameters, projections, ETags, discovery, Bulk, tenant isolation and the
 * provisioning log. Every test names the INTEROP.md (or PRODUCT.md §1) bullet it checks.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { User } from "../../src/directory";
import { ScimGroup, ScimGroupMember, ScimUserRecord } from "../../src/scim/entities";
import { createTestApp, type TestApp } from "../support/app";
import {
  createScimClient,
  entraUser,
  type ScimClient,
  patchBody,
  URN,
  type Json,
  type Resource,
} from "../support/scim";

const { PATCH_OP, ERROR, LIST, CORE_USER, CORE_GROUP, ENTERPRISE } = URN;

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
const LMS = "urn:admit:params:scim:schemas:extension:lms:2.0:User";
const SCIM_TYPES = [
  "uniqueness",
  "invalidFilter",
  "invalidSyntax",
  "invalidPath",
  "invalidValue",
  "noTarget",
  "mutability",
  "tooMany",
];

let t: TestApp;
let orgCounter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const newClient = (): Promise<ScimClient> => createScimClient(t, `transport-${++orgCounter}`);
const group = (displayName: string, members: string[] = []) => ({
  schemas: [CORE_GROUP],
  displayName,
  members: members.map((value) => ({ value })),
});

/** A raw request with a bearer token and a body sent verbatim under any content type. */
function raw(
  method: "post" | "put" | "patch",
  path: string,
  token: string,
  contentType: string,
  body: string,
) {
  const url = `/scim/v2${path}`;
  const agent = request(t.app);
  const req = method === "post" ? agent.post(url) : method === "put" ? agent.put(url) : agent.patch(url);
  return req.set("Authorization", `Bearer ${token}`).set("Content-Type", contentType).send(body);
}

function expectScimJson(res: request.Response): void {
  expect(res.headers["content-type"]).toMatch(/^application\/scim\+json/);
}

/** RFC 7644 §3.12 / INTEROP.md "Transport": schemas, status as a string, detail, scimType only where defined. */
function expectScimError(res: request.Response, status: number, scimType?: string): void {
  expect({ status: res.status, scimType: res.body?.scimType }).toEqual({ status, scimType });
  expectScimJson(res);
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe("string");
  expect(res.body.detail.length).toBeGreaterThan(0);
  if (res.body.scimType !== undefined) expect(SCIM_TYPES).toContain(res.body.scimType);
  expect(Object.keys(res.body).sort()).toEqual(
    ["schemas", "status", "detail", ...(scimType ? ["scimType"] : [])].sort(),
  );
}

async function createUser(c: ScimClient, userName: string, extra: Json = {}): Promise<Resource> {
  const res = await c.post("/Users", entraUser(userName, extra));
  expect(res.status).toBe(201);
  return res.body as Resource;
}

async function createGroup(c: ScimClient, displayName: string, members: string[] = []): Promise<Resource> {
  const res = await c.post("/Groups", group(displayName, members));
  expect(res.status).toBe(201);
  return res.body as Resource;
}

/** Everything SCIM can write for an organisation, to prove a failure wrote nothing. */
async function footprint(organisationId: string) {
  const em = t.dataSource.manager;
  const users = await em.findBy(User, { organisationId });
  const groups = await em.findBy(ScimGroup, { organisationId });
  const records = await em.findBy(ScimUserRecord, { organisationId });
  const members = groups.length
    ? await em
        .createQueryBuilder(ScimGroupMember, "m")
        .where("m.groupId IN (:...ids)", { ids: groups.map((g) => g.id) })
        .getCount()
    : 0;
  return {
    users: users.map((u) => `${u.id}:${u.version}:${u.status}`).sort(),
    groups: groups.map((g) => `${g.id}:${g.version}:${g.displayName}`).sort(),
    records: records.map((r) => `${r.userId}:${JSON.stringify(r.profile)}:${String(r.deletedAt)}`).sort(),
    members,
  };
}

describe('content types (INTEROP.md "Transport" #1, #2)', () => {
  test("every response, errors included, is application/scim+json", async () => {
    const c = await newClient();
    const user = await createUser(c, "ct@contoso.test");
    const responses: Array<[string, request.Response]> = [
      ["list", await c.get("/Users")],
      ["get", await c.get(`/Users/${user.id}`)],
      ["create", await c.post("/Users", entraUser("ct2@contoso.test"))],
      ["patch", await c.patch(`/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "x" }))],
      ["put", await c.put(`/Users/${user.id}`, entraUser("ct@contoso.test"))],
      ["groups", await c.get("/Groups")],
      ["404", await c.get(`/Users/${randomUUID()}`)],
      ["400 filter", await c.get("/Users?filter=userName+eq")],
      ["409", await c.post("/Users", entraUser("ct@contoso.test"))],
      ["401", await request(t.app).get("/scim/v2/Users")],
      ["unknown endpoint", await c.get("/Nope")],
      ["unknown method", await c.del("/Users")],
      ["spc", await request(t.app).get("/scim/v2/ServiceProviderConfig")],
      ["resource types", await request(t.app).get("/scim/v2/ResourceTypes")],
      ["schemas", await request(t.app).get("/scim/v2/Schemas")],
      ["bulk", await c.post("/Bulk", { schemas: [BULK_REQUEST], Operations: [] })],
    ];
    for (const [name, res] of responses) {
      expect({ name, status: res.status < 500 }).toEqual({ name, status: true });
      expect({ name, type: res.headers["content-type"] }).toEqual({
        name,
        type: expect.stringMatching(/^application\/scim\+json/),
      });
    }
  });

  test.each([
    "application/json",
    "application/json; charset=utf-8",
    "application/scim+json",
    "application/scim+json; charset=utf-8",
    "application/scim+json;charset=UTF-8",
  ])("a request body sent as %s is accepted", async (contentType) => {
    const c = await newClient();
    const userName = `body-${randomUUID().slice(0, 8)}@contoso.test`;
    const res = await raw("post", "/Users", c.token, contentType, JSON.stringify(entraUser(userName)));
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe(userName);
    const patched = await raw(
      "patch",
      `/Users/${res.body.id}`,
      c.token,
      contentType,
      JSON.stringify(patchBody({ op: "Replace", path: "active", value: "False" })),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
  });
});

describe('URL tolerance (INTEROP.md "Transport" #4)', () => {
  test("a trailing slash and any case in the resource segment reach the same endpoint", async () => {
    const c = await newClient();
    const user = await createUser(c, "slash@contoso.test");
    for (const path of ["/users", "/Users/", "/USERS", "/users/"]) {
      const res = await c.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.body.Resources.map((r: Resource) => r.id)).toEqual([user.id]);
    }
    for (const path of [`/users/${user.id}`, `/Users/${user.id}/`, `/USERS/${user.id}/`]) {
      const res = await c.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.body.id).toBe(user.id);
    }
    const created = await c.post("/users/", entraUser("slash2@contoso.test"));
    expect(created.status).toBe(201);
    const g = await c.post("/groups/", group("Slash"));
    expect(g.status).toBe(201);
    expect((await c.get(`/GROUPS/${g.body.id}/`)).body.id).toBe(g.body.id);
    expect(
      (
        await c.patch(
          `/groups/${g.body.id}/`,
          patchBody({ op: "replace", path: "displayName", value: "Slashed" }),
        )
      ).status,
    ).toBeLessThan(300);
  });
});

describe('authentication (INTEROP.md "Transport" #5)', () => {
  test("a missing, malformed, unknown, wrong-kind or revoked token → 401 with a SCIM error body; nothing is written", async () => {
    const c = await newClient();
    const { token: second, secret } = await t.services.auth.tokens.issue(c.org.org.id, "scim", "second");
    expect((await request(t.app).get("/scim/v2/Users").set("Authorization", `Bearer ${secret}`)).status).toBe(
      200,
    );
    await t.services.auth.tokens.revoke(c.org.org.id, "scim", second.id);
    const before = await footprint(c.org.org.id);
    const attempts: Array<[string, string | undefined]> = [
      ["missing", undefined],
      ["empty bearer", "Bearer "],
      ["basic", `Basic ${Buffer.from("user:pass").toString("base64")}`],
      ["unknown", `Bearer admit_scim_${"x".repeat(43)}`],
      ["garbage", "Bearer not-a-token"],
      ["admin API key", `Bearer ${c.org.apiKey}`],
      ["revoked", `Bearer ${secret}`],
      ["huge", `Bearer ${"a".repeat(5000)}`],
    ];
    for (const [name, header] of attempts) {
      for (const send of [
        () => request(t.app).get("/scim/v2/Users"),
        () =>
          request(t.app)
            .post("/scim/v2/Users")
            .set("Content-Type", "application/scim+json")
            .send(JSON.stringify(entraUser("intruder@contoso.test"))),
        () =>
          request(t.app)
            .post("/scim/v2/Groups")
            .set("Content-Type", "application/scim+json")
            .send("{not json"),
      ]) {
        const req = send();
        if (header !== undefined) req.set("Authorization", header);
        const res = await req;
        expect({ name, status: res.status }).toEqual({ name, status: 401 });
        expectScimError(res, 401);
      }
    }
    expect(await footprint(c.org.org.id)).toEqual(before);
  });
});

describe('unknown ids (INTEROP.md "Transport" #7)', () => {
  const ids = [
    randomUUID(),
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "12345",
    "100%25",
    "%E2%82%AC",
    "a".repeat(300),
    "x'%20OR%20'1'='1",
  ];
  test.each(ids)("%s → 404 on GET, PUT, PATCH and DELETE of Users and Groups", async (id) => {
    const c = await newClient();
    await createUser(c, "someone@contoso.test");
    await createGroup(c, "Someone's group");
    const before = await footprint(c.org.org.id);
    const disable = patchBody({ op: "replace", path: "active", value: false });
    const rename = patchBody({ op: "replace", path: "displayName", value: "Renamed" });
    const calls: Array<[string, () => request.Test]> = [
      ["GET user", () => c.get(`/Users/${id}`)],
      ["PUT user", () => c.put(`/Users/${id}`, entraUser("someone-else@contoso.test"))],
      ["PATCH user", () => c.patch(`/Users/${id}`, disable)],
      ["DELETE user", () => c.del(`/Users/${id}`)],
      ["GET group", () => c.get(`/Groups/${id}`)],
      ["PUT group", () => c.put(`/Groups/${id}`, group("Renamed"))],
      ["PATCH group", () => c.patch(`/Groups/${id}`, rename)],
      ["DELETE group", () => c.del(`/Groups/${id}`)],
    ];
    for (const [name, call] of calls) {
      const res = await call();
      expect({ name, status: res.status }).toEqual({ name, status: 404 });
      expectScimError(res, 404);
    }
    expect(await footprint(c.org.org.id)).toEqual(before);
  });
});

describe('malformed and mistyped input (INTEROP.md "Transport" #6, #7; "Create")', () => {
  let c: ScimClient;
  let userId: string;
  let groupId: string;
  let before: Awaited<ReturnType<typeof footprint>>;
  beforeAll(async () => {
    c = await newClient();
    userId = (await createUser(c, "victim@contoso.test")).id;
    groupId = (await createGroup(c, "Victims", [userId])).id;
    before = await footprint(c.org.org.id);
  });
  afterAll(async () => {
    // Nothing was written by any of the failures below.
    expect(await footprint(c.org.org.id)).toEqual(before);
  });

  test.each([
    ["POST /Users", "post", "/Users"],
    ["PUT /Users/{id}", "put", "/Users/:user"],
    ["PATCH /Users/{id}", "patch", "/Users/:user"],
    ["POST /Groups", "post", "/Groups"],
    ["PUT /Groups/{id}", "put", "/Groups/:group"],
    ["PATCH /Groups/{id}", "patch", "/Groups/:group"],
    ["POST /Bulk", "post", "/Bulk"],
  ] as const)("malformed JSON on %s → 400 invalidSyntax", async (_name, method, template) => {
    const path = template.replace(":user", userId).replace(":group", groupId);
    for (const body of ['{"userName": ', "{'single': 'quotes'}", "[1,2", "\u0000"]) {
      const res = await raw(method, path, c.token, "application/scim+json", body);
      expectScimError(res, 400, "invalidSyntax");
    }
  });

  test.each([
    ["userName a number", { userName: 123 }],
    ["userName missing", { name: { givenName: "A", familyName: "B" } }],
    ["active not a boolean", { userName: "typed@contoso.test", active: "maybe" }],
    ["emails a string", { userName: "typed@contoso.test", emails: "typed@contoso.test" }],
    ["name a string", { userName: "typed@contoso.test", name: "Ada" }],
    [
      "primary not a boolean",
      { userName: "typed@contoso.test", emails: [{ value: "typed@contoso.test", primary: "yes" }] },
    ],
    ["enterprise extension a string", { userName: "typed@contoso.test", [ENTERPRISE]: "Sales" }],
    ["an invalid email address", { userName: "typed", emails: [{ value: "not an email", primary: true }] }],
  ])("POST /Users with %s → 400 invalidValue", async (_name, body) => {
    const res = await c.post("/Users", { schemas: [CORE_USER], ...body });
    expectScimError(res, 400, "invalidValue");
  });

  test("a body that is not a JSON object → 400 (invalidSyntax), on POST and PUT", async () => {
    expectScimError(await c.post("/Users", [entraUser("array@contoso.test")]), 400, "invalidSyntax");
    expectScimError(await c.put(`/Users/${userId}`, "victim@contoso.test"), 400, "invalidSyntax");
    expectScimError(await c.post("/Groups", 42), 400, "invalidSyntax");
  });

  test.each([
    ["active not a boolean", patchBody({ op: "replace", path: "active", value: "maybe" })],
    ["name.givenName an object", patchBody({ op: "replace", path: "name.givenName", value: { x: 1 } })],
    ["no-path value not an object", patchBody({ op: "replace", value: "x" })],
    [
      "a valid op then an invalid one",
      patchBody({ op: "replace", path: "title", value: "ok" }, { op: "replace", path: "active", value: 7 }),
    ],
  ])("PATCH /Users with %s → 400 invalidValue, nothing applied", async (_name, body) => {
    expectScimError(await c.patch(`/Users/${userId}`, body), 400, "invalidValue");
  });

  test.each([
    ["no Operations", "invalidSyntax", { schemas: [PATCH_OP] }],
    ["an unknown op", "invalidSyntax", patchBody({ op: "merge", path: "title", value: "x" })],
    [
      "an unknown attribute path",
      "invalidPath",
      patchBody({ op: "replace", path: "favouriteColour", value: "x" }),
    ],
    [
      "an unparseable path",
      "invalidPath",
      patchBody({ op: "replace", path: 'emails[type eq "work"', value: "x" }),
    ],
    [
      "a readOnly attribute",
      "mutability",
      patchBody({ op: "replace", path: "meta.created", value: "2020-01-01" }),
    ],
    ["remove without a path", "noTarget", patchBody({ op: "remove" })],
  ])("PATCH /Users with %s → 400 %s", async (_name, scimType, body) => {
    expectScimError(await c.patch(`/Users/${userId}`, body), 400, scimType);
  });

  test.each([
    ["displayName a number", { displayName: 5 }],
    ["displayName missing", { members: [] }],
    ["a member value a number", { displayName: "Typed", members: [{ value: 5 }] }],
    ["a member that is no user", { displayName: "Typed", members: [{ value: randomUUID() }] }],
  ])("POST /Groups with %s → 400 invalidValue (the group is not created)", async (_name, body) => {
    expectScimError(await c.post("/Groups", { schemas: [CORE_GROUP], ...body }), 400, "invalidValue");
  });

  test.each([
    ["a member value a number", patchBody({ op: "add", path: "members", value: [{ value: 5 }] })],
    ["a member that is no user", patchBody({ op: "add", path: "members", value: [{ value: randomUUID() }] })],
    ["displayName blanked", patchBody({ op: "replace", path: "displayName", value: "" })],
    [
      "a rename then an unknown member",
      patchBody(
        { op: "replace", path: "displayName", value: "Half" },
        { op: "add", path: "members", value: [{ value: "nobody" }] },
      ),
    ],
  ])("PATCH /Groups with %s → 400 invalidValue, nothing applied", async (_name, body) => {
    expectScimError(await c.patch(`/Groups/${groupId}`, body), 400, "invalidValue");
  });

  test("count/startIndex that are not integers → 400 invalidValue; unknown sortBy or sortOrder → 400", async () => {
    expectScimError(await c.get("/Users?count=ten"), 400, "invalidValue");
    expectScimError(await c.get("/Users?startIndex=1.5"), 400, "invalidValue");
    expectScimError(await c.get("/Users?sortBy=favouriteColour"), 400, "invalidValue");
    expectScimError(await c.get("/Users?sortBy=userName&sortOrder=sideways"), 400, "invalidValue");
    expectScimError(await c.get("/Groups?sortBy=members"), 400, "invalidValue");
  });

  test("an oversized body → 413 with a SCIM error body", async () => {
    const body = JSON.stringify(entraUser("big@contoso.test", { nickName: "n".repeat(1_200_000) }));
    const res = await raw("post", "/Users", c.token, "application/scim+json", body);
    expectScimError(res, 413);
    const bulk = await raw(
      "post",
      "/Bulk",
      c.token,
      "application/scim+json",
      JSON.stringify({
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: "POST",
            bulkId: "b",
            path: "/Users",
            data: { userName: "b@x.test", nickName: "n".repeat(1_200_000) },
          },
        ],
      }),
    );
    expectScimError(bulk, 413);
  });

  test('unknown attributes and unknown extension URNs are ignored → 201 without them ("Create" #1)', async () => {
    const res = await c.post("/Users", {
      ...entraUser("unknown-attrs@contoso.test"),
      favouriteColour: "green",
      "urn:example:params:scim:schemas:extension:acme:1.0:User": { badge: "A-1" },
      name: { givenName: "Un", familyName: "Known", nickname2: "x" },
    });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty("favouriteColour");
    expect(res.body).not.toHaveProperty("urn:example:params:scim:schemas:extension:acme:1.0:User");
    expect(res.body.name).not.toHaveProperty("nickname2");
    expect(res.body.name).toMatchObject({ givenName: "Un", familyName: "Known" });
    // This success is the one write of the block: take it back out of the footprint.
    await c.del(`/Users/${res.body.id}`).expect(204);
    await t.dataSource.manager.delete(ScimUserRecord, { userId: res.body.id });
    await t.dataSource.manager.delete(User, { id: res.body.id });
  });
});

describe('list parameters and filters (INTEROP.md "Lists and filters")', () => {
  let c: ScimClient;
  const names = ["charlie@contoso.test", "alice@contoso.test", "bob@contoso.test"];
  const ids = new Map<string, string>();
  beforeAll(async () => {
    c = await newClient();
    for (const [i, userName] of names.entries()) {
      const user = await createUser(c, userName, {
        name: { givenName: userName.split("@")[0], familyName: ["Zulu", "Alpha", "Mike"][i] },
        [ENTERPRISE]: { department: ["Sales", "R&D", "Sales"][i] },
      });
      ids.set(userName, user.id);
    }
    await createGroup(c, "Beta");
    await createGroup(c, "alpha", [ids.get("alice@contoso.test") as string]);
  });

  test("count=1000000 is lowered to maxResults (itemsPerPage ≤ 1000), never an error; all counts are JSON integers", async () => {
    const res = await c.get("/Users?count=1000000");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    for (const key of ["totalResults", "startIndex", "itemsPerPage"])
      expect(Number.isInteger(res.body[key])).toBe(true);
    const spc = await request(t.app).get("/scim/v2/ServiceProviderConfig").expect(200);
    expect(spc.body.filter.maxResults).toBe(1000);
  });

  test("startIndex below 1 is treated as 1; a negative count as 0", async () => {
    for (const startIndex of ["-5", "0"]) {
      const res = await c.get(`/Users?startIndex=${startIndex}&count=2`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 3 });
    }
    const none = await c.get("/Users?count=-3");
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });

  test("sortBy and sortOrder order Users and Groups", async () => {
    const userNames = async (query: string) =>
      ((await c.get(`/Users?${query}`).expect(200)).body.Resources as Resource[]).map((r) => r.userName);
    expect(await userNames("sortBy=userName")).toEqual([
      "alice@contoso.test",
      "bob@contoso.test",
      "charlie@contoso.test",
    ]);
    expect(await userNames("sortBy=userName&sortOrder=descending")).toEqual([
      "charlie@contoso.test",
      "bob@contoso.test",
      "alice@contoso.test",
    ]);
    expect(await userNames("sortBy=name.familyName&sortOrder=ascending")).toEqual([
      "alice@contoso.test",
      "bob@contoso.test",
      "charlie@contoso.test",
    ]);
    expect(await userNames(`sortBy=${CORE_USER}:userName&sortOrder=DESCENDING`)).toEqual([
      "charlie@contoso.test",
      "bob@contoso.test",
      "alice@contoso.test",
    ]);
    const groups = await c.get("/Groups?sortBy=displayName&excludedAttributes=members").expect(200);
    expect(groups.body.Resources.map((g: Resource) => g.displayName)).toEqual(["alpha", "Beta"]);
  });

  test("the filter grammar: and/or/not, grouping, pr, co/sw, value paths, extension attributes and unquoted booleans", async () => {
    const found = async (filter: string) =>
      ((await c.get(`/Users?filter=${encodeURIComponent(filter)}`).expect(200)).body.Resources as Resource[])
        .map((r) => r.userName)
        .sort();
    expect(await found('userName sw "a" or userName ew "charlie@contoso.test"')).toEqual([
      "alice@contoso.test",
      "charlie@contoso.test",
    ]);
    expect(await found('not (userName co "li")')).toEqual(["bob@contoso.test"]);
    expect(
      await found(
        `${ENTERPRISE}:department eq "sales" and (name.familyName eq "MIKE" or name.familyName eq "x")`,
      ),
    ).toEqual(["bob@contoso.test"]);
    expect(await found('emails[type eq "work" and primary eq true]')).toEqual([...names].sort());
    expect(await found("active eq true and externalId pr")).toEqual([...names].sort());
    expect(await found('userName eq "ALICE@contoso.test"')).toEqual(["alice@contoso.test"]);
    const groups = await c.get(`/Groups?filter=${encodeURIComponent('displayName eq "ALPHA"')}`).expect(200);
    expect(groups.body.Resources.map((g: Resource) => g.displayName)).toEqual(["alpha"]);
  });

  test.each([
    ["nesting 40 deep", `${"(".repeat(40)}userName eq "x"${")".repeat(40)}`],
    ["not nested 40 deep", `${"not (".repeat(40)}userName eq "x"${")".repeat(40)}`],
    ["a dangling operator", "userName eq"],
    ["an unknown operator", 'userName zz "x"'],
    ["an unterminated string", 'userName eq "unterminated'],
    ["unbalanced parentheses", '(userName eq "x"'],
    ["a trailing and", 'userName eq "x" and'],
    ["an unknown attribute", 'favouriteColour eq "green"'],
    ["an unknown extension", 'urn:example:ext:1.0:User:badge eq "x"'],
    ["garbage", ")("],
    ["a 5000-character filter", `userName eq "${"x".repeat(5000)}"`],
  ])("a filter with %s → 400 invalidFilter (Users and Groups)", async (_name, filter) => {
    expectScimError(await c.get(`/Users?filter=${encodeURIComponent(filter)}`), 400, "invalidFilter");
    expectScimError(await c.get(`/Groups?filter=${encodeURIComponent(filter)}`), 400, "invalidFilter");
    const search = await c.post("/Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter,
    });
    expectScimError(search, 400, "invalidFilter");
  });
});

describe('maxResults (INTEROP.md "Lists and filters"; ServiceProviderConfig filter.maxResults)', () => {
  test("with 1005 users, count=1000000 answers 1000 (itemsPerPage 1000, totalResults 1005); the rest is on the next page", async () => {
    const c = await newClient();
    const org = c.org.org;
    await t.services.withTransaction(async (tx) => {
      for (let i = 0; i < 1005; i += 1) {
        await t.services.directory.users.create(
          org.id,
          {
            firstName: "Many",
            lastName: `User ${i}`,
            email: `many${i}@contoso.test`,
            language: "en",
            jobProfileId: org.defaultJobProfileId as string,
            departmentIds: [org.defaultDepartmentId as string],
            permissionTypeIds: [org.defaultPermissionTypeId as string],
          },
          { source: "manual" },
          tx,
        );
      }
    });
    const res = await c.get("/Users?count=1000000&attributes=userName");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 1005, startIndex: 1, itemsPerPage: 1000 });
    expect(res.body.Resources).toHaveLength(1000);
    const rest = await c.get("/Users?startIndex=1001&count=1000000&attributes=userName").expect(200);
    expect(rest.body).toMatchObject({ totalResults: 1005, startIndex: 1001, itemsPerPage: 5 });
    const ids = new Set([...res.body.Resources, ...rest.body.Resources].map((r: Resource) => r.id));
    expect(ids.size).toBe(1005);
  }, 120_000);
});

describe('attributes and excludedAttributes (INTEROP.md "Lists and filters" #4)', () => {
  let c: ScimClient;
  let user: Resource;
  let g: Resource;
  beforeAll(async () => {
    c = await newClient();
    user = await createUser(c, "proj@contoso.test", {
      [ENTERPRISE]: { department: "Sales", employeeNumber: "42" },
    });
    g = await createGroup(c, "Projected", [user.id]);
  });

  test("attributes=userName returns only it (plus id and schemas, returned always) on GET by id and on lists", async () => {
    const one = await c.get(`/Users/${user.id}?attributes=userName`).expect(200);
    expect(Object.keys(one.body).sort()).toEqual(["id", "schemas", "userName"]);
    const list = await c.get("/Users?attributes=userName").expect(200);
    expect(Object.keys(list.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
  });

  test("attributes with sub-attributes and extension URNs, in any case", async () => {
    const res = await c
      .get(`/Users/${user.id}?attributes=name.givenName,EMAILS.value,${ENTERPRISE}:department`)
      .expect(200);
    expect(res.body.name).toEqual({ givenName: "Test" });
    expect(res.body.emails).toEqual([{ value: "proj@contoso.test" }]);
    expect(res.body[ENTERPRISE]).toEqual({ department: "Sales" });
    expect(res.body).not.toHaveProperty("userName");
    expect(res.body).not.toHaveProperty("meta");
  });

  test("excludedAttributes drops what it names, never id", async () => {
    const res = await c
      .get(`/Users/${user.id}?excludedAttributes=emails,groups,name.familyName,${LMS},id`)
      .expect(200);
    expect(res.body).not.toHaveProperty("emails");
    expect(res.body).not.toHaveProperty("groups");
    expect(res.body).not.toHaveProperty(LMS);
    expect(res.body.name).not.toHaveProperty("familyName");
    expect(res.body.name.givenName).toBe("Test");
    expect(res.body.id).toBe(user.id);
    expect(res.body.userName).toBe("proj@contoso.test");
    const list = await c
      .get(`/Users?filter=${encodeURIComponent('userName eq "proj@contoso.test"')}&excludedAttributes=groups`)
      .expect(200);
    expect(list.body.Resources[0]).not.toHaveProperty("groups");
    expect(list.body.Resources[0].userName).toBe("proj@contoso.test");
  });

  test("Groups honour attributes and excludedAttributes on GET and on lists", async () => {
    const slim = await c.get(`/Groups/${g.id}?attributes=displayName`).expect(200);
    expect(Object.keys(slim.body).sort()).toEqual(["displayName", "id", "schemas"]);
    const values = await c.get(`/Groups/${g.id}?attributes=members.value`).expect(200);
    expect(values.body.members).toEqual([{ value: user.id }]);
    const excluded = await c.get(`/Groups?excludedAttributes=members,meta`).expect(200);
    expect(excluded.body.Resources[0]).not.toHaveProperty("members");
    expect(excluded.body.Resources[0]).not.toHaveProperty("meta");
    expect(excluded.body.Resources[0].displayName).toBe("Projected");
    const full = await c.get(`/Groups/${g.id}`).expect(200);
    expect(full.body.members).toEqual([expect.objectContaining({ value: user.id })]);
  });
});

describe('ETag and If-Match (ServiceProviderConfig etag.supported; INTEROP.md "Load" #2)', () => {
  test("Users: GET sends an ETag equal to meta.version; a stale If-Match → 412 on PUT, PATCH and DELETE; `*`, the current tag or no If-Match are fine", async () => {
    const c = await newClient();
    const user = await createUser(c, "etag@contoso.test");
    const got = await c.get(`/Users/${user.id}`).expect(200);
    const etag = got.headers.etag as string;
    expect(etag).toBe(got.body.meta.version);
    const title = (value: string) => patchBody({ op: "replace", path: "title", value });

    expectScimError(await c.patch(`/Users/${user.id}`, title("stale")).set("If-Match", 'W/"999"'), 412);
    expectScimError(
      await c
        .put(`/Users/${user.id}`, entraUser("etag@contoso.test", { title: "stale" }))
        .set("If-Match", 'W/"999"'),
      412,
    );
    expectScimError(await c.del(`/Users/${user.id}`).set("If-Match", 'W/"999"'), 412);
    const unchanged = await c.get(`/Users/${user.id}`).expect(200);
    expect(unchanged.body).not.toHaveProperty("title");
    expect(unchanged.headers.etag).toBe(etag);

    const current = await c.patch(`/Users/${user.id}`, title("current")).set("If-Match", etag);
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe(current.body.meta.version);
    expect(current.headers.etag).not.toBe(etag);
    expect((await c.patch(`/Users/${user.id}`, title("star")).set("If-Match", "*")).status).toBe(200);
    const plain = await c.patch(`/Users/${user.id}`, title("plain"));
    expect(plain.status).toBe(200);
    expect(plain.body.title).toBe("plain");
    // The tag seen before the changes is stale now.
    expectScimError(await c.patch(`/Users/${user.id}`, title("late")).set("If-Match", etag), 412);
  });

  test("Groups: GET sends an ETag equal to meta.version; a stale If-Match → 412 on PUT, PATCH and DELETE; `*` and no If-Match are fine", async () => {
    const c = await newClient();
    const g = await createGroup(c, "Versioned");
    const got = await c.get(`/Groups/${g.id}`).expect(200);
    const etag = got.headers.etag as string;
    expect(etag).toBe(got.body.meta.version);
    const rename = (value: string) => patchBody({ op: "replace", path: "displayName", value });
    expectScimError(await c.patch(`/Groups/${g.id}`, rename("Stale")).set("If-Match", 'W/"999"'), 412);
    expectScimError(await c.put(`/Groups/${g.id}`, group("Stale")).set("If-Match", 'W/"999"'), 412);
    expectScimError(await c.del(`/Groups/${g.id}`).set("If-Match", 'W/"999"'), 412);
    expect((await c.get(`/Groups/${g.id}`).expect(200)).body.displayName).toBe("Versioned");
    expect((await c.patch(`/Groups/${g.id}`, rename("Current")).set("If-Match", etag)).status).toBeLessThan(
      300,
    );
    expect((await c.patch(`/Groups/${g.id}`, rename("Star")).set("If-Match", "*")).status).toBeLessThan(300);
    expect((await c.patch(`/Groups/${g.id}`, rename("Plain"))).status).toBeLessThan(300);
    expect((await c.get(`/Groups/${g.id}`).expect(200)).body.displayName).toBe("Plain");
    expectScimError(await c.patch(`/Groups/${g.id}`, rename("Late")).set("If-Match", etag), 412);
  });

  test("a conditional GET with the current ETag in If-None-Match → 304 without a body; a stale one → 200", async () => {
    const c = await newClient();
    const user = await createUser(c, "conditional@contoso.test");
    const etag = (await c.get(`/Users/${user.id}`).expect(200)).headers.etag as string;
    const unchanged = await c.get(`/Users/${user.id}`).set("If-None-Match", etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text ?? "").toBe("");
    expect(unchanged.headers.etag).toBe(etag);
    await c
      .patch(`/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "Changed" }))
      .expect(200);
    const changed = await c.get(`/Users/${user.id}`).set("If-None-Match", etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.title).toBe("Changed");
    // Writes are never answered 304.
    await c
      .patch(`/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "Again" }))
      .set("If-None-Match", changed.headers.etag as string)
      .expect(200);
  });
});

describe('discovery (INTEROP.md "Discovery")', () => {
  test("ServiceProviderConfig states patch, filter with maxResults, sort, etag, bulk, changePassword and the bearer scheme", async () => {
    const res = await request(t.app).get("/scim/v2/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: expect.any(Number) },
    });
    expect(res.body.authenticationSchemes).toEqual([
      expect.objectContaining({
        type: "oauthbearertoken",
        name: expect.any(String),
        description: expect.any(String),
      }),
    ]);
  });

  test("ResourceTypes lists User (endpoint /Users, enterprise and LMS extensions) and Group; each can be read by id", async () => {
    const res = await request(t.app).get("/scim/v2/ResourceTypes").expect(200);
    expectScimJson(res);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    const byId = Object.fromEntries((res.body.Resources as Resource[]).map((r) => [r.id, r]));
    expect(byId.User).toMatchObject({
      name: "User",
      endpoint: "/Users",
      schema: CORE_USER,
      schemaExtensions: expect.arrayContaining([
        { schema: ENTERPRISE, required: false },
        { schema: LMS, required: false },
      ]),
    });
    expect(byId.Group).toMatchObject({ name: "Group", endpoint: "/Groups", schema: CORE_GROUP });
    expect((await request(t.app).get("/scim/v2/ResourceTypes/user").expect(200)).body.id).toBe("User");
    expectScimError(await request(t.app).get("/scim/v2/ResourceTypes/Nope"), 404);
  });

  test("Schemas is a ListResponse with core User, Group, enterprise and Admit's LMS extension, each attribute with its characteristics", async () => {
    const res = await request(t.app).get("/scim/v2/Schemas").expect(200);
    expectScimJson(res);
    expect(res.body.schemas).toEqual([LIST]);
    expect(res.body.totalResults).toBe(4);
    const byId = Object.fromEntries((res.body.Resources as Resource[]).map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual([CORE_GROUP, CORE_USER, ENTERPRISE, LMS].sort());
    const names = (id: string) => ((byId[id]?.attributes ?? []) as Json[]).map((a) => a.name);
    expect(names(CORE_USER)).toEqual(
      expect.arrayContaining(["userName", "name", "emails", "active", "groups"]),
    );
    expect(names(CORE_GROUP)).toEqual(expect.arrayContaining(["displayName", "members"]));
    expect(names(ENTERPRISE)).toEqual(expect.arrayContaining(["department", "employeeNumber", "manager"]));
    expect(names(LMS).length).toBeGreaterThan(0);
    const check = (attribute: Json) => {
      expect(attribute).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          type: expect.any(String),
          multiValued: expect.any(Boolean),
          required: expect.any(Boolean),
          caseExact: expect.any(Boolean),
          mutability: expect.stringMatching(/^(readOnly|readWrite|immutable|writeOnly)$/),
          returned: expect.stringMatching(/^(always|never|default|request)$/),
          uniqueness: expect.stringMatching(/^(none|server|global)$/),
        }),
      );
      for (const sub of (attribute.subAttributes ?? []) as Json[]) check(sub);
    };
    for (const schema of Object.values(byId)) {
      expect(schema.meta).toMatchObject({ resourceType: "Schema" });
      for (const attribute of schema.attributes as Json[]) check(attribute);
    }
    const userName = (byId[CORE_USER]?.attributes as Json[]).find((a) => a.name === "userName");
    expect(userName).toMatchObject({ required: true, uniqueness: "server", caseExact: false });
    const one = await request(t.app).get(`/scim/v2/Schemas/${ENTERPRISE}`).expect(200);
    expect(one.body.id).toBe(ENTERPRISE);
    expectScimError(await request(t.app).get("/scim/v2/Schemas/urn:nope"), 404);
  });
});

describe("Bulk (RFC 7644 §3.7; ServiceProviderConfig bulk)", () => {
  test("bulkId references: a user and a group whose members reference bulkId:u1, and a PATCH on /Users/bulkId:u1", async () => {
    const c = await newClient();
    const res = await c.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        { method: "POST", bulkId: "u1", path: "/Users", data: entraUser("bulk@contoso.test") },
        { method: "POST", bulkId: "g1", path: "/Groups", data: group("Bulk group", ["bulkId:u1"]) },
        {
          method: "PATCH",
          path: "/Users/bulkId:u1",
          data: patchBody({ op: "replace", path: "title", value: "Bulked" }),
        },
      ],
    });
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    const ops = res.body.Operations as Json[];
    expect(ops.map((o) => [o.method, o.bulkId, o.status])).toEqual([
      ["POST", "u1", "201"],
      ["POST", "g1", "201"],
      ["PATCH", undefined, "200"],
    ]);
    const userId = String(ops[0]?.location).split("/").pop() as string;
    const groupId = String(ops[1]?.location).split("/").pop() as string;
    expect(ops[0]?.location).toBe(`${t.config.publicUrl}/scim/v2/Users/${userId}`);
    const g = await c.get(`/Groups/${groupId}`).expect(200);
    expect(g.body.members.map((m: Json) => m.value)).toEqual([userId]);
    expect((await c.get(`/Users/${userId}`).expect(200)).body.title).toBe("Bulked");
  });

  test("failOnErrors stops after that many errors; the errors carry SCIM error bodies", async () => {
    const c = await newClient();
    const res = await c.post("/Bulk", {
      schemas: [BULK_REQUEST],
      failOnErrors: 2,
      Operations: [
        { method: "POST", bulkId: "a", path: "/Users", data: entraUser("ok@contoso.test") },
        { method: "POST", bulkId: "b", path: "/Users", data: entraUser("ok@contoso.test") },
        {
          method: "PATCH",
          path: `/Users/${randomUUID()}`,
          data: patchBody({ op: "replace", path: "title", value: "x" }),
        },
        { method: "POST", bulkId: "c", path: "/Users", data: entraUser("never@contoso.test") },
      ],
    });
    expect(res.status).toBe(200);
    const ops = res.body.Operations as Json[];
    expect(ops.map((o) => o.status)).toEqual(["201", "409", "404"]);
    expect(ops[1]?.response).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
    const never = await c
      .get(`/Users?filter=${encodeURIComponent('userName eq "never@contoso.test"')}`)
      .expect(200);
    expect(never.body.totalResults).toBe(0);

    const one = await c.post("/Bulk", {
      schemas: [BULK_REQUEST],
      failOnErrors: 1,
      Operations: [
        { method: "DELETE", path: `/Users/${randomUUID()}` },
        { method: "POST", bulkId: "d", path: "/Users", data: entraUser("after@contoso.test") },
      ],
    });
    expect((one.body.Operations as Json[]).map((o) => o.status)).toEqual(["404"]);
  });

  test("more than 1000 operations → 413, and nothing is run", async () => {
    const c = await newClient();
    const operations = Array.from({ length: 1001 }, (_, i) => ({
      method: "POST",
      bulkId: `u${i}`,
      path: "/Users",
      data: { userName: `u${i}@x.test` },
    }));
    const res = await c.post("/Bulk", { schemas: [BULK_REQUEST], Operations: operations });
    expectScimError(res, 413);
    expect((await c.get("/Users").expect(200)).body.totalResults).toBe(0);
  });

  test("a malformed BulkRequest → 400 invalidSyntax; an unknown bulkId fails only its operation", async () => {
    const c = await newClient();
    expectScimError(await c.post("/Bulk", { schemas: [BULK_REQUEST] }), 400, "invalidSyntax");
    expectScimError(
      await c.post("/Bulk", { schemas: [BULK_REQUEST], Operations: [{ method: "GET", path: "/Users" }] }),
      400,
      "invalidSyntax",
    );
    const res = await c.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        { method: "POST", bulkId: "g", path: "/Groups", data: group("Orphan", ["bulkId:missing"]) },
        { method: "POST", bulkId: "u", path: "/Users", data: entraUser("fine@contoso.test") },
      ],
    });
    expect(res.status).toBe(200);
    expect((res.body.Operations as Json[]).map((o) => o.status)).toEqual(["400", "201"]);
  });
});

describe('tenant isolation (PRODUCT.md "The domain": nothing is ever visible across organisations)', () => {
  test("org A's token never sees or changes org B's users or groups", async () => {
    const a = await newClient();
    const b = await newClient();
    const bUser = await createUser(b, "shared@contoso.test", { externalId: "ext-b" });
    const bGroup = await createGroup(b, "Shared", [bUser.id]);
    const aUser = await createUser(a, "a-only@contoso.test");
    const aGroup = await createGroup(a, "A group");
    const before = await footprint(b.org.org.id);

    // Reads: 404 by id, nothing by filter or listing.
    expectScimError(await a.get(`/Users/${bUser.id}`), 404);
    expectScimError(await a.get(`/Groups/${bGroup.id}`), 404);
    for (const filter of [
      `id eq "${bUser.id}"`,
      'userName eq "shared@contoso.test"',
      'externalId eq "ext-b"',
    ]) {
      const res = await a.get(`/Users?filter=${encodeURIComponent(filter)}`).expect(200);
      expect({ filter, total: res.body.totalResults }).toEqual({ filter, total: 0 });
    }
    const aGroups = await a
      .get(`/Groups?filter=${encodeURIComponent('displayName eq "Shared"')}`)
      .expect(200);
    expect(aGroups.body.totalResults).toBe(0);
    expect((await a.get("/Users").expect(200)).body.Resources.map((r: Resource) => r.id)).toEqual([aUser.id]);
    expect((await a.get("/Groups").expect(200)).body.Resources.map((r: Resource) => r.id)).toEqual([
      aGroup.id,
    ]);
    const byMember = await a
      .get(`/Groups?filter=${encodeURIComponent(`members[value eq "${bUser.id}"]`)}`)
      .expect(200);
    expect(byMember.body.totalResults).toBe(0);

    // Writes on B's ids: 404.
    expectScimError(
      await a.patch(`/Users/${bUser.id}`, patchBody({ op: "replace", path: "active", value: false })),
      404,
    );
    expectScimError(await a.put(`/Users/${bUser.id}`, entraUser("shared@contoso.test")), 404);
    expectScimError(await a.del(`/Users/${bUser.id}`), 404);
    expectScimError(await a.patch(`/Groups/${bGroup.id}`, patchBody({ op: "remove", path: "members" })), 404);
    expectScimError(await a.put(`/Groups/${bGroup.id}`, group("Taken")), 404);
    expectScimError(await a.del(`/Groups/${bGroup.id}`), 404);

    // B's user as a member of A's group: 400, and A's group is unchanged.
    expectScimError(
      await a.patch(
        `/Groups/${aGroup.id}`,
        patchBody({ op: "add", path: "members", value: [{ value: bUser.id }] }),
      ),
      400,
      "invalidValue",
    );
    expectScimError(await a.post("/Groups", group("Smuggler", [bUser.id])), 400, "invalidValue");
    expectScimError(await a.put(`/Groups/${aGroup.id}`, group("A group", [bUser.id])), 400, "invalidValue");
    expect((await a.get(`/Groups/${aGroup.id}`).expect(200)).body.members ?? []).toEqual([]);
    expect(
      (await a.get(`/Groups?filter=${encodeURIComponent('displayName eq "Smuggler"')}`).expect(200)).body
        .totalResults,
    ).toBe(0);

    // Bulk cannot reach B either.
    const bulk = await a.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [{ method: "DELETE", path: `/Users/${bUser.id}` }],
    });
    expect((bulk.body.Operations as Json[]).map((o) => o.status)).toEqual(["404"]);

    // Names are unique per organisation only.
    await createUser(a, "shared@contoso.test");
    await createGroup(a, "Shared");

    expect(await footprint(b.org.org.id)).toEqual(before);
    const still = await b.get(`/Users/${bUser.id}`).expect(200);
    expect(still.body.active).toBe(true);
    expect((await b.get(`/Groups/${bGroup.id}`).expect(200)).body.members.map((m: Json) => m.value)).toEqual([
      bUser.id,
    ]);
  });
});

describe("provisioning log (PRODUCT.md §1: every SCIM request, no secrets)", () => {
  test("one row per request with method, path, status and scimType; never the token or a password", async () => {
    const c = await newClient();
    const orgId = c.org.org.id;
    const password = `Pw-${randomUUID()}`;
    let userId = "";
    const expected: Array<{ method: string; status: number; scimType: string | null }> = [];
    const run = async (method: string, status: number, scimType: string | null, call: () => request.Test) => {
      const res = await call();
      expect({ method, status: res.status }).toEqual({ method, status });
      expected.push({ method, status, scimType });
      return res;
    };
    await run("GET", 200, null, () =>
      c.get(`/Users?filter=${encodeURIComponent('userName eq "logged@contoso.test"')}`),
    );
    userId = (
      await run("POST", 201, null, () => c.post("/Users", entraUser("logged@contoso.test", { password })))
    ).body.id;
    await run("POST", 409, "uniqueness", () =>
      c.post("/Users", entraUser("LOGGED@contoso.test", { password })),
    );
    await run("GET", 400, "invalidFilter", () => c.get("/Users?filter=userName+zz+%22x%22"));
    await run("GET", 404, null, () => c.get(`/Users/${randomUUID()}`));
    await run("PATCH", 400, "invalidSyntax", () =>
      raw("patch", `/Users/${userId}`, c.token, "application/scim+json", "{oops"),
    );
    await run("PATCH", 200, null, () =>
      c.patch(`/Users/${userId}`, patchBody({ op: "replace", value: { password: `${password}-2` } })),
    );
    await run("DELETE", 204, null, () => c.del(`/Users/${userId}`));
    // Unauthenticated requests have no organisation: they are not in this log.
    await request(t.app).get("/scim/v2/Users").expect(401);

    let page = await t.services.scim.log.list(orgId, { pageSize: 200 });
    for (let i = 0; i < 50 && page.total < expected.length; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await t.services.scim.log.list(orgId, { pageSize: 200 });
    }
    expect(page.total).toBe(expected.length);
    const rows = [...page.items].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
    const key = (r: { method: string; status: number; scimType: string | null }) =>
      `${r.method} ${r.status} ${r.scimType}`;
    expect(rows.map(key).sort()).toEqual(expected.map(key).sort());
    for (const row of rows) {
      expect(row.path.startsWith("/scim/v2/Users")).toBe(true);
      expect(row.path).not.toContain("?");
      expect(row.tokenName).toBe("tests");
      expect(typeof row.durationMs).toBe("number");
    }
    const created = rows.find((r) => r.status === 201);
    expect(created?.resourceId).toBe(userId);
    const dump = JSON.stringify(page.items);
    expect(dump).not.toContain(c.token);
    expect(dump).not.toContain(password);
    expect(dump.toLowerCase()).not.toContain("bearer");
  });
});

/**
 * Microsoft Entra ID's provisioning sequences replayed against /scim/v2, with the bodies from
 * test/fixtures/scim/entra-*.json (each cites the Microsoft page it reproduces). Every test names
 * the INTEROP.md section and bullet it checks.
 */
import { randomUUID } from "node:crypto";
import type request from "supertest";
import { User } from "../../src/directory";
import entraGroups from "../fixtures/scim/entra-groups.json";
import entraUsers from "../fixtures/scim/entra-users.json";
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

const MISTYPED_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0User";

let t: TestApp;
let orgCounter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A fresh organisation per test: fixture userNames never collide between tests. */
const newClient = (): Promise<ScimClient> => createScimClient(t, `entra-${++orgCounter}`);

const copy = <T>(value: T): T => structuredClone(value);

/** Fixture groups carry placeholder member ids: swap in ids of users that exist. */
function withMemberIds<T extends Json>(body: T, ids: string[]): T {
  const clone = copy(body) as Json;
  const operations = clone.Operations as Array<{ value?: unknown }> | undefined;
  const swap = (members: unknown) =>
    (members as Json[]).slice(0, 1).flatMap((template) => ids.map((id) => ({ ...template, value: id })));
  if (Array.isArray(clone.members)) clone.members = swap(clone.members);
  for (const operation of operations ?? []) {
    if (Array.isArray(operation.value)) operation.value = swap(operation.value);
  }
  return clone as T;
}

function expectScimJson(res: request.Response): void {
  expect(res.headers["content-type"]).toMatch(/^application\/scim\+json/);
}

function expectScimError(res: request.Response, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expectScimJson(res);
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe("string");
  if (scimType === undefined) expect(res.body.scimType).toBeUndefined();
  else expect(res.body.scimType).toBe(scimType);
}

async function createUser(c: ScimClient, body: unknown): Promise<Resource> {
  const res = await c.post("/Users", body);
  expect(res.status).toBe(201);
  return res.body as Resource;
}

async function getUser(c: ScimClient, id: string): Promise<Resource> {
  const res = await c.get(`/Users/${id}`);
  expect(res.status).toBe(200);
  return res.body as Resource;
}

async function patchUser(c: ScimClient, id: string, body: unknown): Promise<Resource> {
  const res = await c.patch(`/Users/${id}`, body);
  expect(res.status).toBe(200);
  expectScimJson(res);
  return res.body as Resource;
}

async function listUsers(
  c: ScimClient,
  query: string,
): Promise<{ totalResults: number; Resources: Resource[] }> {
  const res = await c.get(`/Users?${query}`);
  expect(res.status).toBe(200);
  expectScimJson(res);
  return res.body;
}

/** N users created the way Entra creates them; returns their ids. */
async function createUsers(c: ScimClient, n: number, prefix = "member"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await createUser(c, entraUser(`${prefix}${i}@contoso.test`))).id);
  return ids;
}

async function memberValues(c: ScimClient, groupId: string): Promise<string[]> {
  const res = await c.get(`/Groups/${groupId}`);
  expect(res.status).toBe(200);
  return ((res.body.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
}

const enterpriseOf = (user: Json) => (user[ENTERPRISE] ?? {}) as Json;

describe('Entra "Test connection" and lookups (INTEROP.md "Lists and filters")', () => {
  test('Test connection: GET /Users?filter=userName eq "<random guid>" → 200, totalResults 0, "Resources": [] — never 404 ("Lists and filters" #1)', async () => {
    const c = await newClient();
    const res = await c.get(`/Users?filter=userName+eq+"${randomUUID()}"`);
    expect(res.status).toBe(200);
    expectScimJson(res);
    expect(res.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  test('lookup by userName with a form-encoded query (`+` for spaces, %40 for @) matches case-insensitively ("Transport" #3, "Lists and filters" #2)', async () => {
    const c = await newClient();
    const created = await createUser(c, entraUser("Ada.Lovelace@contoso.com"));
    const found = await listUsers(c, 'filter=userName+eq+"ada.lovelace%40CONTOSO.com"');
    expect(found.totalResults).toBe(1);
    expect(found.Resources.map((r) => r.id)).toEqual([created.id]);
    expect(found.Resources[0]?.userName).toBe("Ada.Lovelace@contoso.com");
  });

  test('lookup by externalId eq "…" finds the user ("Lists and filters" #1: Entra may use externalId)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    const created = await createUser(c, body);
    const found = await listUsers(c, `filter=externalId+eq+"${body.externalId}"`);
    expect(found.Resources.map((r) => r.id)).toEqual([created.id]);
    const none = await listUsers(c, `filter=externalId+eq+"${randomUUID()}"`);
    expect(none.totalResults).toBe(0);
    expect(none.Resources).toEqual([]);
  });

  test('lookup by emails[type eq "work"].value eq "…" finds the user, case-insensitively ("Lists and filters" #1, #2)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    const created = await createUser(c, body);
    const email = body.emails[0]?.value as string;
    const found = await listUsers(c, `filter=emails[type+eq+"work"].value+eq+"${email.toUpperCase()}"`);
    expect(found.totalResults).toBe(1);
    expect(found.Resources[0]?.id).toBe(created.id);
  });
});

describe('Entra create (INTEROP.md "Create")', () => {
  test('the create body → 201 with the full resource: server id, meta{resourceType,created,lastModified,location,version}, Location and ETag headers ("Create" #1, #3)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    const res = await c.post("/Users", body);
    expect(res.status).toBe(201);
    expectScimJson(res);
    const user = res.body as Resource;
    expect(typeof user.id).toBe("string");
    expect(user.id.length).toBeGreaterThan(0);
    expect(user.schemas).toEqual(expect.arrayContaining([CORE_USER]));
    expect(user).toMatchObject({
      externalId: body.externalId,
      userName: body.userName,
      active: true,
      name: { givenName: "givenName", familyName: "familyName" },
    });
    const emails = user.emails as Array<{ value: string; type: string; primary: boolean }>;
    expect(emails).toHaveLength(1);
    expect(emails[0]?.value.toLowerCase()).toBe(body.emails[0]?.value.toLowerCase());
    expect(emails[0]).toMatchObject({ type: "work", primary: true });
    const meta = user.meta as Json;
    expect(meta.resourceType).toBe("User");
    expect(Number.isNaN(Date.parse(meta.created as string))).toBe(false);
    expect(Number.isNaN(Date.parse(meta.lastModified as string))).toBe(false);
    expect(meta.location).toBe(`${t.config.publicUrl}/scim/v2/Users/${user.id}`);
    expect(typeof meta.version).toBe("string");
    expect(res.headers.location).toBe(meta.location);
    expect(res.headers.etag).toBe(meta.version);
    // The id is stable: GET by it returns the same resource.
    const again = await getUser(c, user.id);
    expect(again.id).toBe(user.id);
    expect(again.userName).toBe(body.userName);
  });

  test('explicit nulls, top-level enterprise attributes, the mistyped "…enterprise:2.0User" URN, client id/meta and "True"/"False" strings are tolerated; answers use canonical names and JSON booleans ("Create" #1, #5, #6)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUserQuirks);
    const res = await c.post("/Users", body);
    expect(res.status).toBe(201);
    const user = res.body as Resource;
    // Client-sent id and meta are ignored.
    expect(user.id).not.toBe(body.id);
    expect((user.meta as Json).resourceType).toBe("User");
    expect((user.meta as Json).location).toBe(`${t.config.publicUrl}/scim/v2/Users/${user.id}`);
    await c.get(`/Users/${body.id}`).expect(404);
    // "UserName", "Name.FamilyName" and "Primary" matched case-insensitively; answers in camelCase.
    expect(user.userName).toBe("Ada.Lovelace@contoso.com");
    expect(user).not.toHaveProperty("UserName");
    expect(user.name).toMatchObject({ givenName: "Ada", familyName: "Lovelace" });
    expect(user.name).not.toHaveProperty("middleName");
    // String booleans become booleans.
    expect(user.active).toBe(true);
    expect((user.emails as Json[])[0]?.primary).toBe(true);
    expect((user.roles as Json[])[0]).toMatchObject({ primary: false, value: "Admin" });
    // Explicit nulls are "absent".
    expect(user).not.toHaveProperty("displayName");
    expect(user).not.toHaveProperty("title");
    // Top-level enterprise attributes land in the extension; the mistyped URN is dropped.
    expect(user.schemas).toEqual(expect.arrayContaining([CORE_USER, ENTERPRISE]));
    expect(user).not.toHaveProperty(MISTYPED_ENTERPRISE);
    expect(user).not.toHaveProperty("department");
    const enterprise = enterpriseOf(user);
    expect(enterprise).toMatchObject({
      department: "Sales",
      employeeNumber: "4711",
      manager: { value: "7d4e0b6a-1111-4222-8333-444455556666" },
    });
    expect(enterprise).not.toHaveProperty("costCenter");
    // The same on a later GET (stored, not just echoed).
    const stored = await getUser(c, user.id);
    expect(enterpriseOf(stored).department).toBe("Sales");
    expect(stored.active).toBe(true);
  });

  test('a second user whose userName differs only in case → 409 with scimType "uniqueness"; one user stays ("Create" #4)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    await createUser(c, body);
    const duplicate = copy(body);
    duplicate.userName = body.userName.toUpperCase();
    duplicate.externalId = randomUUID();
    duplicate.emails = [{ primary: true, type: "work", value: `other-${randomUUID()}@testuser.com` }];
    const res = await c.post("/Users", duplicate);
    expectScimError(res, 409, "uniqueness");
    const count = await t.dataSource.manager.countBy(User, {
      organisationId: c.org.org.id,
      userNameKey: body.userName.toLowerCase(),
    });
    expect(count).toBe(1);
    const found = await listUsers(c, `filter=userName+eq+"${body.userName}"`);
    expect(found.totalResults).toBe(1);
  });

  test('externalId is not unique for users: two users sharing one externalId are both created ("Create" #4)', async () => {
    const c = await newClient();
    const shared = randomUUID();
    const a = await createUser(c, entraUser("first@contoso.test", { externalId: shared }));
    const b = await createUser(c, entraUser("second@contoso.test", { externalId: shared }));
    expect(a.id).not.toBe(b.id);
    const found = await listUsers(c, `filter=externalId+eq+"${shared}"`);
    expect(found.Resources.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('Entra PATCH shapes (INTEROP.md "PATCH")', () => {
  let c: ScimClient;
  beforeEach(async () => {
    c = await newClient();
  });

  test('{"op":"Replace","path":"active","value":"False"} deactivates; the answer has "active": false as a JSON boolean ("PATCH" shapes #1, "Create" #5)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, copy(entraUsers.patchDisableString));
    expect(patched.active).toBe(false);
    expect((await getUser(c, user.id)).active).toBe(false);
    const reactivated = await patchUser(
      c,
      user.id,
      patchBody({ op: "Replace", path: "active", value: "True" }),
    );
    expect(reactivated.active).toBe(true);
    const boolean = await patchUser(c, user.id, copy(entraUsers.patchDisable));
    expect(boolean.active).toBe(false);
  });

  test('"Operations" and "op" are matched in any case ("PATCH" #1)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, {
      schemas: [PATCH_OP],
      operations: [{ OP: "REPLACE", Path: "title", Value: "Chief" }],
    });
    expect(patched.title).toBe("Chief");
  });

  test('plain userName path: the userName changes, the id does not, lookups follow ("PATCH" shapes #2)', async () => {
    const body = copy(entraUsers.createUser);
    const user = await createUser(c, body);
    const patched = await patchUser(c, user.id, copy(entraUsers.patchSingleValued));
    const newName = entraUsers.patchSingleValued.Operations[0]?.value as string;
    expect(patched.id).toBe(user.id);
    expect(patched.userName).toBe(newName);
    expect((await listUsers(c, `filter=userName+eq+"${body.userName}"`)).totalResults).toBe(0);
    const found = await listUsers(c, `filter=userName+eq+"${newName}"`);
    expect(found.Resources.map((r) => r.id)).toEqual([user.id]);
  });

  test('nested name.familyName and value-filtered emails[type eq "work"].value replace in place ("PATCH" shapes #2)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, copy(entraUsers.patchMultiValued));
    expect((patched.name as Json).familyName).toBe("updatedFamilyName");
    expect((patched.name as Json).givenName).toBe("givenName");
    const emails = patched.emails as Json[];
    expect(emails).toHaveLength(1);
    expect(String(emails[0]?.value).toLowerCase()).toBe("updatedemail@microsoft.com");
    expect(emails[0]).toMatchObject({ type: "work", primary: true });
    const found = await listUsers(c, 'filter=emails[type+eq+"work"].value+eq+"updatedEmail@microsoft.com"');
    expect(found.Resources.map((r) => r.id)).toEqual([user.id]);
  });

  test('multiple operations with plain, nested, value-filtered and URN paths (split on the last ":", not the "." in 2.0) ("PATCH" shapes #2)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, copy(entraUsers.patchReplaceMultipleWithPaths));
    expect(patched).toMatchObject({
      displayName: "Pvlo",
      externalId: "Eqpj",
      name: { givenName: "Gtfd", familyName: "Pkqf" },
    });
    expect(String((patched.emails as Json[])[0]?.value).toLowerCase()).toBe("testbcwqnm@test.microsoft.com");
    expect(enterpriseOf(patched).employeeNumber).toBe("Wdnm");
    expect(patched.schemas).toEqual(expect.arrayContaining([ENTERPRISE]));
  });

  test('no-path replace with plain, dotted, value-filtered and URN-prefixed keys applies each; no literal "name.givenName" key is stored ("PATCH" shapes #4)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, copy(entraUsers.patchReplaceMultipleNoPath));
    const stored = await getUser(c, user.id);
    for (const resource of [patched, stored]) {
      expect(resource).toMatchObject({
        displayName: "Pvlo",
        externalId: "Eqpj",
        name: { givenName: "Gtfd", familyName: "Pkqf" },
      });
      expect(String((resource.emails as Json[])[0]?.value).toLowerCase()).toBe(
        "testbcwqnm@test.microsoft.com",
      );
      expect(enterpriseOf(resource).employeeNumber).toBe("Wdnm");
      // Only canonical attribute names and the URNs of the schemas listed: no "name.givenName" key.
      for (const key of Object.keys(resource)) {
        if (key.startsWith("urn:")) expect(resource.schemas).toContain(key);
        else expect(key).toMatch(/^[A-Za-z]+$/);
      }
      expect(resource.name).not.toHaveProperty("name.givenName");
    }
    expect((await listUsers(c, 'filter=externalId+eq+"Eqpj"')).totalResults).toBe(1);
  });

  test('nickName set with a path and with a no-path object ("PATCH" shapes #2, #4)', async () => {
    const a = await createUser(c, entraUser("nick-a@contoso.test"));
    const b = await createUser(c, entraUser("nick-b@contoso.test"));
    expect((await patchUser(c, a.id, copy(entraUsers.patchAddNickNameWithPath))).nickName).toBe("Babs");
    expect((await patchUser(c, b.id, copy(entraUsers.patchAddNickNameNoPath))).nickName).toBe("Babs");
    expect((await getUser(c, b.id)).nickName).toBe("Babs");
  });

  test('value-filtered paths whose array or element does not exist yet create {"type":…,"value":…}; title, preferredLanguage and the enterprise department URN path are set ("PATCH" shapes #2, #3)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    expect(user).not.toHaveProperty("phoneNumbers");
    expect(user).not.toHaveProperty("addresses");
    const patched = await patchUser(c, user.id, copy(entraUsers.patchAttributeMappings));
    expect(patched.title).toBe("Engineer");
    expect(patched.preferredLanguage).toBe("fr-FR");
    const phones = patched.phoneNumbers as Json[];
    expect(phones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "work", value: "+33 1 23 45 67 89" }),
        expect.objectContaining({ type: "mobile", value: "+33 6 12 34 56 78" }),
      ]),
    );
    expect(phones).toHaveLength(2);
    // Two writes to addresses[type eq "work"] fill one element.
    expect(patched.addresses).toEqual([
      expect.objectContaining({ type: "work", formatted: "1 Rue de Rivoli, Paris", locality: "Paris" }),
    ]);
    expect(enterpriseOf(patched).department).toBe("R&D");
    expect((await getUser(c, user.id)).addresses).toEqual(patched.addresses);
  });

  test('emails[type eq "work"].value on a user with no emails creates the work email ("PATCH" shapes #3)', async () => {
    const user = await createUser(c, {
      schemas: [CORE_USER],
      userName: "no-email@contoso.test",
      name: { givenName: "No", familyName: "Email" },
      active: true,
    });
    const patched = await patchUser(
      c,
      user.id,
      patchBody({ op: "Replace", path: 'emails[type eq "work"].value', value: "created@contoso.test" }),
    );
    expect(patched.emails).toEqual([
      expect.objectContaining({ type: "work", value: "created@contoso.test" }),
    ]);
    const found = await listUsers(c, 'filter=emails[type+eq+"work"].value+eq+"created@contoso.test"');
    expect(found.Resources.map((r) => r.id)).toEqual([user.id]);
  });

  test('attribute names and URNs in paths match in any case (name.FamilyName, URN…:User:Department) ("Create" #6 applies to PATCH)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(
      c,
      user.id,
      patchBody(
        { op: "Replace", path: "name.FamilyName", value: "Hopper" },
        { op: "Replace", path: `${ENTERPRISE.toUpperCase()}:Department`, value: "Navy" },
      ),
    );
    expect((patched.name as Json).familyName).toBe("Hopper");
    expect(enterpriseOf(patched).department).toBe("Navy");
    expect(enterpriseOf(patched)).not.toHaveProperty("Department");
  });

  test('"Add" on a single-valued attribute that already has a value sets it ("PATCH" shapes #5)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    await patchUser(c, user.id, patchBody({ op: "Add", path: "title", value: "Before" }));
    const patched = await patchUser(c, user.id, patchBody({ op: "Add", path: "title", value: "After" }));
    expect(patched.title).toBe("After");
  });

  test('"remove" of an absent attribute is a no-op → 200 ("PATCH" shapes #6)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const before = await getUser(c, user.id);
    const patched = await patchUser(
      c,
      user.id,
      patchBody(
        { op: "Remove", path: "nickName" },
        { op: "Remove", path: `${ENTERPRISE}:manager` },
        { op: "Remove", path: 'phoneNumbers[type eq "fax"].value' },
      ),
    );
    expect(patched).not.toHaveProperty("nickName");
    expect(patched).not.toHaveProperty("phoneNumbers");
    expect(patched.userName).toBe(before.userName);
  });

  test('"Remove" with a value on a value path removes the element and never sets or creates one ("PATCH" shapes #6)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    await patchUser(c, user.id, copy(entraUsers.patchAttributeMappings));
    const patched = await patchUser(
      c,
      user.id,
      patchBody(
        { op: "Remove", path: 'phoneNumbers[type eq "work"].value', value: "+33 1 23 45 67 89" },
        { op: "Remove", path: 'addresses[type eq "home"].formatted', value: "Should not be created" },
      ),
    );
    const phones = patched.phoneNumbers as Json[];
    expect(phones).toEqual([expect.objectContaining({ type: "mobile", value: "+33 6 12 34 56 78" })]);
    expect(patched.addresses).toEqual([
      expect.objectContaining({ type: "work", formatted: "1 Rue de Rivoli, Paris" }),
    ]);
    expect(JSON.stringify(patched)).not.toContain("Should not be created");
  });

  describe('manager shapes ("PATCH" shapes #7): always rendered {"value": id}', () => {
    const MANAGER_PATH = `${ENTERPRISE}:manager`;
    const setShapes: Array<[string, Json, string]> = [
      [
        "a bare id on the URN path (fixture patchAddManagerBareId)",
        copy(entraUsers.patchAddManagerBareId),
        "2819c223-7f76-453a-919d-413861904646",
      ],
      [
        "{value:id} on path manager",
        patchBody({ op: "Replace", path: "manager", value: { value: "MGR-ID" } }),
        "MGR-ID",
      ],
      [
        '[{"$ref":…,"value":id}] on the URN path',
        patchBody({
          op: "Add",
          path: MANAGER_PATH,
          value: [{ $ref: "https://example.test/Users/MGR-ID", value: "MGR-ID" }],
        }),
        "MGR-ID",
      ],
      ["a bare id on path manager", patchBody({ op: "Add", path: "manager", value: "MGR-ID" }), "MGR-ID"],
    ];
    test.each(setShapes)("set with %s", async (_name, body, expected) => {
      const user = await createUser(c, copy(entraUsers.createUser));
      const patched = await patchUser(c, user.id, body);
      expect(enterpriseOf(patched).manager).toEqual({ value: expected });
      expect(enterpriseOf(await getUser(c, user.id)).manager).toEqual({ value: expected });
      const found = await listUsers(
        c,
        `filter=${encodeURIComponent(`${MANAGER_PATH}.value eq "${expected}"`)}`,
      );
      expect(found.Resources.map((r) => r.id)).toEqual([user.id]);
    });

    const removeShapes: Array<[string, Json]> = [
      ["remove by the URN path (fixture patchRemoveManager)", copy(entraUsers.patchRemoveManager)],
      ['remove by manager[value eq "id"]', patchBody({ op: "Remove", path: 'manager[value eq "MGR-ID"]' })],
      ['replace with ""', patchBody({ op: "Replace", path: MANAGER_PATH, value: "" })],
      ["replace with null", patchBody({ op: "Replace", path: MANAGER_PATH, value: null })],
      ['replace with {"value": ""}', patchBody({ op: "Replace", path: "manager", value: { value: "" } })],
    ];
    test.each(removeShapes)("%s clears the manager", async (_name, body) => {
      const user = await createUser(c, copy(entraUsers.createUser));
      await patchUser(c, user.id, patchBody({ op: "Add", path: MANAGER_PATH, value: "MGR-ID" }));
      await patchUser(
        c,
        user.id,
        patchBody({
          op: "Replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
          value: "Kept",
        }),
      );
      const patched = await patchUser(c, user.id, body);
      expect(enterpriseOf(patched)).not.toHaveProperty("manager");
      expect(enterpriseOf(patched).department).toBe("Kept");
      expect(enterpriseOf(await getUser(c, user.id))).not.toHaveProperty("manager");
    });
  });

  test('roles whose value is a JSON-encoded string are decoded into {value, display} ("PATCH" shapes #8)', async () => {
    const user = await createUser(c, copy(entraUsers.createUser));
    const patched = await patchUser(c, user.id, copy(entraUsers.patchAddRolesJsonEncoded));
    expect(patched.roles).toEqual([expect.objectContaining({ value: "Admin", display: "Admin" })]);
    expect(JSON.stringify(patched.roles)).not.toContain("{\\");
    // Remove with a value array on roles removes only that role.
    await patchUser(c, user.id, patchBody({ op: "Add", path: "roles", value: [{ value: "Reader" }] }));
    const removed = await patchUser(
      c,
      user.id,
      patchBody({ op: "Remove", path: "roles", value: [{ value: "Admin" }] }),
    );
    expect((removed.roles as Json[]).map((r) => r.value)).toEqual(["Reader"]);
  });
});

describe('Entra deactivate and delete (INTEROP.md "Deactivate and delete")', () => {
  test('a soft-deleted user (active=false) is still returned by GET and by filters, with "active": false ("Deactivate and delete" #1, #2)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    const user = await createUser(c, body);
    await patchUser(c, user.id, copy(entraUsers.patchDisableString));
    const got = await getUser(c, user.id);
    expect(got.active).toBe(false);
    const byName = await listUsers(c, `filter=userName+eq+"${body.userName}"`);
    expect(byName.Resources.map((r) => [r.id, r.active])).toEqual([[user.id, false]]);
    const byExternal = await listUsers(c, `filter=externalId+eq+"${body.externalId}"`);
    expect(byExternal.Resources.map((r) => [r.id, r.active])).toEqual([[user.id, false]]);
    const inactive = await listUsers(c, "filter=active+eq+false");
    expect(inactive.Resources.map((r) => r.id)).toEqual([user.id]);
    expect((await listUsers(c, "filter=active+eq+true")).totalResults).toBe(0);
  });

  test('soft delete renaming userName to "<hex id><upn>" with active "False" keeps the same id and externalId ("Deactivate and delete" #4)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUserQuirks);
    const user = await createUser(c, body);
    const patched = await patchUser(c, user.id, copy(entraUsers.patchSoftDeleteRename));
    const renamed = entraUsers.patchSoftDeleteRename.Operations[0]?.value as string;
    expect(patched.id).toBe(user.id);
    expect(patched.userName).toBe(renamed);
    expect(patched.active).toBe(false);
    expect(patched.externalId).toBe(body.externalId);
    const byExternal = await listUsers(c, `filter=externalId+eq+"${body.externalId}"`);
    expect(byExternal.Resources.map((r) => [r.id, r.userName, r.active])).toEqual([
      [user.id, renamed, false],
    ]);
    expect((await getUser(c, user.id)).userName).toBe(renamed);
  });

  test('hard DELETE → 204 with no body; then GET → 404, PATCH → 404, a second DELETE → 404, filters find nothing ("Deactivate and delete" #3)', async () => {
    const c = await newClient();
    const body = copy(entraUsers.createUser);
    const user = await createUser(c, body);
    const deleted = await c.del(`/Users/${user.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text ?? "").toBe("");
    expectScimError(await c.get(`/Users/${user.id}`), 404);
    expectScimError(await c.patch(`/Users/${user.id}`, copy(entraUsers.patchDisable)), 404);
    expectScimError(await c.del(`/Users/${user.id}`), 404);
    expect((await listUsers(c, `filter=userName+eq+"${body.userName}"`)).totalResults).toBe(0);
    // The learning history stays: the directory keeps the (deactivated) person.
    const kept = await t.dataSource.manager.findOneBy(User, { id: user.id });
    expect(kept?.status).toBe("deactivated");
  });
});

describe('Entra groups (INTEROP.md "Groups")', () => {
  test('create with the extra Microsoft schema URI and members carrying "$ref": null → 201 with the members; GET with excludedAttributes=members omits them ("Groups" #1, "Lists and filters" #4)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 2);
    const res = await c.post("/Groups", withMemberIds(entraGroups.createGroupWithMembers, ids));
    expect(res.status).toBe(201);
    expectScimJson(res);
    const group = res.body as Resource;
    expect(group.schemas).toEqual([CORE_GROUP]);
    expect(group.displayName).toBe("Sales EMEA");
    expect(group.externalId).toBe(entraGroups.createGroupWithMembers.externalId);
    expect(((group.members as Json[]) ?? []).map((m) => m.value).sort()).toEqual([...ids].sort());
    expect(group.meta).toMatchObject({
      resourceType: "Group",
      location: `${t.config.publicUrl}/scim/v2/Groups/${group.id}`,
    });
    expect(res.headers.location).toBe((group.meta as Json).location);

    const slim = await c.get(`/Groups/${group.id}?excludedAttributes=members`);
    expect(slim.status).toBe(200);
    expect(slim.body).not.toHaveProperty("members");
    expect(slim.body).toMatchObject({ id: group.id, displayName: "Sales EMEA" });

    const listed = await c.get('/Groups?filter=displayName+eq+"sales+emea"&excludedAttributes=members');
    expect(listed.status).toBe(200);
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources[0]).not.toHaveProperty("members");
    expect(listed.body.Resources[0].id).toBe(group.id);

    // The user side shows the membership.
    const member = await getUser(c, ids[0] as string);
    expect(member.groups).toEqual([expect.objectContaining({ value: group.id, display: "Sales EMEA" })]);
  });

  test('create without members (fixture createGroup) → 201 and no member rows ("Groups" #1)', async () => {
    const c = await newClient();
    const res = await c.post("/Groups", copy(entraGroups.createGroup));
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe("displayName");
    expect(res.body.members ?? []).toEqual([]);
  });

  test('membership sequence: add many, remove with a value array removes only those, remove by members[value eq "x"], remove without value removes all ("Groups" #2)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 25);
    const group = (await c.post("/Groups", copy(entraGroups.createGroup)).expect(201)).body as Resource;

    const add = await c.patch(`/Groups/${group.id}`, withMemberIds(entraGroups.patchAddMembers, ids));
    expect([200, 204]).toContain(add.status);
    expect(await memberValues(c, group.id)).toEqual([...ids].sort());

    const [first, second, third, ...rest] = ids as [string, string, string, ...string[]];
    const removeSome = await c.patch(
      `/Groups/${group.id}`,
      withMemberIds(entraGroups.patchRemoveMembersValues, [first, second]),
    );
    expect([200, 204]).toContain(removeSome.status);
    expect(await memberValues(c, group.id)).toEqual([third, ...rest].sort());

    const byFilter = copy(entraGroups.patchRemoveMemberFilter);
    (byFilter.Operations[0] as Json).path = `members[value eq "${third}"]`;
    expect([200, 204]).toContain((await c.patch(`/Groups/${group.id}`, byFilter)).status);
    expect(await memberValues(c, group.id)).toEqual([...rest].sort());

    // Removed members are still users.
    expect((await getUser(c, first)).groups).toEqual([]);

    expect([200, 204]).toContain(
      (await c.patch(`/Groups/${group.id}`, copy(entraGroups.patchRemoveAllMembers))).status,
    );
    expect(await memberValues(c, group.id)).toEqual([]);
  });

  test('rename by path → the new displayName is returned and found by filter ("Groups" #3)', async () => {
    const c = await newClient();
    const group = (await c.post("/Groups", copy(entraGroups.createGroup)).expect(201)).body as Resource;
    const res = await c.patch(`/Groups/${group.id}`, copy(entraGroups.patchReplaceDisplayName));
    expect([200, 204]).toContain(res.status);
    const newName = entraGroups.patchReplaceDisplayName.Operations[0]?.value as string;
    const got = await c.get(`/Groups/${group.id}?excludedAttributes=members`).expect(200);
    expect(got.body.displayName).toBe(newName);
    const found = await c.get(`/Groups?filter=displayName+eq+"${newName.toUpperCase()}"`).expect(200);
    expect(found.body.Resources.map((g: Resource) => g.id)).toEqual([group.id]);
  });

  test('a duplicate displayName (in another case) → 409 uniqueness, on create and on rename ("Create" #4: group displayName is unique)', async () => {
    const c = await newClient();
    await c.post("/Groups", { ...copy(entraGroups.createGroup), displayName: "Finance" }).expect(201);
    const other = (
      await c.post("/Groups", { ...copy(entraGroups.createGroup), displayName: "Legal" }).expect(201)
    ).body as Resource;
    expectScimError(
      await c.post("/Groups", {
        ...copy(entraGroups.createGroup),
        displayName: "FINANCE",
        externalId: randomUUID(),
      }),
      409,
      "uniqueness",
    );
    expectScimError(
      await c.patch(
        `/Groups/${other.id}`,
        patchBody({ op: "Replace", path: "displayName", value: "finance" }),
      ),
      409,
      "uniqueness",
    );
    const all = await c.get("/Groups?excludedAttributes=members").expect(200);
    expect(all.body.Resources.map((g: Resource) => g.displayName).sort()).toEqual(["Finance", "Legal"]);
  });

  test('DELETE a group → 204; GET → 404; a second DELETE → 404; its members remain users ("Deactivate and delete" #3 for groups)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 2);
    const group = (
      await c.post("/Groups", withMemberIds(entraGroups.createGroupWithMembers, ids)).expect(201)
    ).body as Resource;
    const deleted = await c.del(`/Groups/${group.id}`);
    expect(deleted.status).toBe(204);
    expectScimError(await c.get(`/Groups/${group.id}`), 404);
    expectScimError(await c.del(`/Groups/${group.id}`), 404);
    for (const id of ids) expect((await getUser(c, id)).groups).toEqual([]);
  });
});

/**
 * Okta's SCIM 2.0 provisioning sequences (https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20)
 * replayed against /scim/v2 with the bodies from test/fixtures/scim/okta-*.json. Every test names
 * the INTEROP.md section and bullet it checks.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { User } from "../../src/directory";
import oktaGroups from "../fixtures/scim/okta-groups.json";
import oktaUsers from "../fixtures/scim/okta-users.json";
import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, type ScimClient, patchBody, URN, type Json, type Resource } from "../support/scim";

const { ERROR, LIST, CORE_USER } = URN;

let t: TestApp;
let orgCounter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const newClient = (): Promise<ScimClient> => createScimClient(t, `okta-${++orgCounter}`);
const copy = <T>(value: T): T => structuredClone(value);

/** Okta encodes queries with %20 and %22 (INTEROP.md "Transport"). */
const oktaQuery = (filter: string) =>
  `filter=${encodeURIComponent(filter).replace(/'/g, "%27")}&startIndex=1&count=100`;

function expectScimJson(res: request.Response): void {
  expect(res.headers["content-type"]).toMatch(/^application\/scim\+json/);
}

function expectScimError(res: request.Response, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  expectScimJson(res);
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType !== undefined) expect(res.body.scimType).toBe(scimType);
}

async function getUser(c: ScimClient, id: string): Promise<Resource> {
  const res = await c.get(`/Users/${id}`);
  expect(res.status).toBe(200);
  return res.body as Resource;
}

/** Okta's own create body (with locale, password and groups: []), under a given userName. */
function oktaUser(userName: string, extra: Json = {}): Json {
  const body = copy(oktaUsers.createUser) as Json;
  const { password: _password, ...withoutPassword } = body;
  return {
    ...withoutPassword,
    userName,
    emails: [{ primary: true, value: userName, type: "work" }],
    externalId: `00u${randomUUID().replace(/-/g, "").slice(0, 17)}`,
    ...extra,
  };
}

async function createUsers(c: ScimClient, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const res = await c.post("/Users", oktaUser(`okta.member${i}@okta.local`));
    expect(res.status).toBe(201);
    ids.push(res.body.id as string);
  }
  return ids;
}

async function memberValues(c: ScimClient, groupId: string): Promise<string[]> {
  const res = await c.get(`/Groups/${groupId}`);
  expect(res.status).toBe(200);
  return ((res.body.members ?? []) as Array<{ value: string }>).map((m) => m.value).sort();
}

function setCookies(res: request.Response): string[] {
  const header = res.headers["set-cookie"] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === "string" ? [header] : [];
}

/** Signs in on the organisation's login page like a browser: the page first, for the CSRF cookie and field. */
async function signIn(slug: string, identifier: string, password: string): Promise<request.Response> {
  const page = await request(t.app).get(`/o/${slug}/login`);
  expect(page.status).toBe(200);
  const cookie = setCookies(page)
    .map((line) => line.split(";")[0])
    .join("; ");
  const csrf =
    /<input\b[^>]*name="_csrf"[^>]*value="([^"]*)"/.exec(page.text)?.[1] ??
    /<input\b[^>]*value="([^"]*)"[^>]*name="_csrf"/.exec(page.text)?.[1];
  expect(csrf).toBeTruthy();
  return request(t.app)
    .post(`/o/${slug}/login`)
    .type("form")
    .set("Cookie", cookie)
    .send({ _csrf: csrf as string, identifier, password });
}

describe('Okta lookups (INTEROP.md "Lists and filters", "Transport")', () => {
  test('GET /Users?filter=userName%20eq%20%22…%22&startIndex=1&count=100 → 200 with totalResults 0 and "Resources": [] before the user exists, then finds it case-insensitively ("Lists and filters" #1, #2; "Transport" #3)', async () => {
    const c = await newClient();
    const query = oktaQuery('userName eq "test.user@okta.local"');
    expect(query).toContain("%20eq%20%22");
    const before = await c.get(`/Users?${query}`);
    expect(before.status).toBe(200);
    expectScimJson(before);
    expect(before.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const created = await c.post("/Users", copy(oktaUsers.createUser)).expect(201);
    const after = await c.get(`/Users?${oktaQuery('userName eq "TEST.USER@okta.local"')}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(after.body.Resources.map((r: Resource) => r.id)).toEqual([created.body.id]);
  });
});

describe('Okta create (INTEROP.md "Create")', () => {
  test('the create body with locale, password and groups: [] → 201 with the full resource (never empty), no password echoed ("Create" #2, #3)', async () => {
    const c = await newClient();
    const body = copy(oktaUsers.createUser);
    const res = await c.post("/Users", body);
    expect(res.status).toBe(201);
    expectScimJson(res);
    const user = res.body as Resource;
    expect(Object.keys(user).length).toBeGreaterThan(3);
    expect(user).toMatchObject({
      userName: body.userName,
      externalId: body.externalId,
      displayName: body.displayName,
      locale: "en-US",
      active: true,
      name: { givenName: "Test", familyName: "User" },
    });
    expect(user.schemas).toEqual(expect.arrayContaining([CORE_USER]));
    expect(user.emails).toEqual([
      expect.objectContaining({ value: body.userName, type: "work", primary: true }),
    ]);
    expect(user.meta).toMatchObject({
      resourceType: "User",
      location: `${t.config.publicUrl}/scim/v2/Users/${user.id}`,
    });
    expect(typeof (user.meta as Json).version).toBe("string");
    expect(user).not.toHaveProperty("password");
    expect(JSON.stringify(user)).not.toContain(body.password);
    expect(user.groups ?? []).toEqual([]);
  });

  test('the password Okta sends works: the user signs in on POST /o/{slug}/login; a wrong one does not ("Create" #2)', async () => {
    const c = await newClient();
    const slug = c.org.org.slug;
    const body = copy(oktaUsers.createUser);
    await c.post("/Users", body).expect(201);
    const wrong = await signIn(slug, body.userName, "not-the-password");
    expect(wrong.status).toBe(401);
    const ok = await signIn(slug, body.userName, body.password);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/o/${slug}/account`);
  });

  test('a password change pushed as a no-path PATCH {"password": …} replaces the password ("PATCH" shapes #4)', async () => {
    const c = await newClient();
    const slug = c.org.org.slug;
    const body = copy(oktaUsers.createUser);
    const user = (await c.post("/Users", body).expect(201)).body as Resource;
    const res = await c.patch(`/Users/${user.id}`, copy(oktaUsers.patchPassword));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain("t1meMa$heen");
    expect((await signIn(slug, body.userName, body.password)).status).toBe(401);
    expect((await signIn(slug, body.userName, "t1meMa$heen")).status).toBe(303);
  });
});

describe('Okta PUT (INTEROP.md "Okta PUT")', () => {
  test('PUT with the whole object as last returned (id, meta, groups in the body): full replace, body id ignored ("Okta PUT")', async () => {
    const c = await newClient();
    const created = (await c.post("/Users", copy(oktaUsers.createUser)).expect(201)).body as Resource;
    const body = copy(oktaUsers.putUser);
    expect(body.id).not.toBe(created.id);
    const res = await c.put(`/Users/${created.id}`, body);
    expect(res.status).toBe(200);
    expectScimJson(res);
    const user = res.body as Resource;
    expect(user.id).toBe(created.id);
    expect(user).toMatchObject({
      userName: body.userName,
      externalId: body.externalId,
      active: true,
      name: { givenName: "Another", familyName: "User" },
    });
    // Full replace: displayName was in the create body, not in this one.
    expect(user).not.toHaveProperty("displayName");
    // Client meta and groups are the server's business.
    expect((user.meta as Json).created).toBe((created.meta as Json).created);
    expect(user.groups ?? []).toEqual([]);
    // The id in the body named nobody.
    expectScimError(await c.get(`/Users/${body.id}`), 404);
    expect((await getUser(c, created.id)).name).toMatchObject({ givenName: "Another" });
  });

  test('PUT without userName → 400 invalidValue, and the user is unchanged ("Okta PUT")', async () => {
    const c = await newClient();
    const created = (await c.post("/Users", copy(oktaUsers.createUser)).expect(201)).body as Resource;
    const res = await c.put(`/Users/${created.id}`, copy(oktaUsers.putUserWithoutUserName));
    expectScimError(res, 400, "invalidValue");
    const after = await getUser(c, created.id);
    expect(after.userName).toBe(created.userName);
    expect(after.name).toEqual(created.name);
  });
});

describe('Okta deactivation (INTEROP.md "Deactivate and delete")', () => {
  test('PATCH with no path {"active":false} deactivates (the user can no longer sign in); {"active":true} reactivates ("Deactivate and delete" #1, "PATCH" shapes #4)', async () => {
    const c = await newClient();
    const slug = c.org.org.slug;
    const body = copy(oktaUsers.createUser);
    const user = (await c.post("/Users", body).expect(201)).body as Resource;
    const off = await c.patch(`/Users/${user.id}`, copy(oktaUsers.patchDeactivate));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const listed = await c.get(`/Users?${oktaQuery(`userName eq "${body.userName}"`)}`).expect(200);
    expect(listed.body.Resources.map((r: Resource) => [r.id, r.active])).toEqual([[user.id, false]]);
    expect((await signIn(slug, body.userName, body.password)).status).toBe(401);

    const on = await c.patch(`/Users/${user.id}`, copy(oktaUsers.patchReactivate));
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    expect((await signIn(slug, body.userName, body.password)).status).toBe(303);
  });

  test('PUT with active=false deactivates; the user is still returned by GET with active false ("Deactivate and delete" #1, #2)', async () => {
    const c = await newClient();
    const created = (await c.post("/Users", copy(oktaUsers.createUser)).expect(201)).body as Resource;
    const body = { ...copy(oktaUsers.putUser), active: false };
    const res = await c.put(`/Users/${created.id}`, body);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await getUser(c, created.id)).active).toBe(false);
    const stored = await t.dataSource.manager.findOneBy(User, { id: created.id });
    expect(stored?.status).toBe("deactivated");
  });
});

describe('Okta pagination (INTEROP.md "Lists and filters")', () => {
  test('paging through ~250 users with startIndex=1,101,201&count=100: stable order, integer counts, none missing, no duplicates ("Lists and filters" #3)', async () => {
    const c = await newClient();
    const total = 250;
    const created: string[] = [];
    const bodies = Array.from({ length: total }, (_, i) =>
      oktaUser(`page.user${String(i).padStart(3, "0")}@okta.local`),
    );
    for (let i = 0; i < bodies.length; i += 10) {
      const batch = await Promise.all(bodies.slice(i, i + 10).map((b) => c.post("/Users", b)));
      for (const res of batch) {
        expect(res.status).toBe(201);
        created.push(res.body.id as string);
      }
    }
    const seen: string[] = [];
    for (const startIndex of [1, 101, 201]) {
      const res = await c.get(`/Users?startIndex=${startIndex}&count=100`);
      expect(res.status).toBe(200);
      expect(res.body.schemas).toEqual([LIST]);
      expect(res.body.totalResults).toBe(total);
      expect(res.body.startIndex).toBe(startIndex);
      expect(res.body.itemsPerPage).toBe(startIndex === 201 ? 50 : 100);
      expect(res.body.Resources).toHaveLength(res.body.itemsPerPage);
      seen.push(...res.body.Resources.map((r: Resource) => r.id));
      // Stable: asking for the same page again gives the same ids in the same order.
      const again = await c.get(`/Users?startIndex=${startIndex}&count=100`).expect(200);
      expect(again.body.Resources.map((r: Resource) => r.id)).toEqual(
        res.body.Resources.map((r: Resource) => r.id),
      );
    }
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual([...created].sort());
    const past = await c.get("/Users?startIndex=301&count=100").expect(200);
    expect(past.body).toMatchObject({ totalResults: total, startIndex: 301, itemsPerPage: 0, Resources: [] });
  }, 180_000);
});

describe('Okta group push (INTEROP.md "Groups")', () => {
  /** Okta's member values, with ids of users that exist. */
  const members = (ids: string[]) => ids.map((value, i) => ({ value, display: `member${i}@okta.local` }));

  test('create with members carrying "display" → 201; the client display is not stored as the user\'s name ("Groups" #1)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 2);
    const body = { ...copy(oktaGroups.createGroupWithMembers), members: members(ids) };
    const res = await c.post("/Groups", body);
    expect(res.status).toBe(201);
    expectScimJson(res);
    expect(res.body.displayName).toBe("Engineering");
    expect((res.body.members as Json[]).map((m) => m.value).sort()).toEqual([...ids].sort());
    // display is readOnly: the answer names the user as the directory knows them.
    for (const member of res.body.members as Json[]) {
      expect(member.display).toBe("Test User");
    }
    const found = await c.get(`/Groups?${oktaQuery('displayName eq "engineering"')}`).expect(200);
    expect(found.body.Resources.map((g: Resource) => g.id)).toEqual([res.body.id]);
  });

  test('add members, remove members[value eq "id"], then "replace members" sets exactly the pushed list ("Groups" #2)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 5);
    const [a, b, d, e, f] = ids as [string, string, string, string, string];
    const group = (await c.post("/Groups", copy(oktaGroups.createGroup)).expect(201)).body as Resource;
    expect(group.members ?? []).toEqual([]);

    const add = copy(oktaGroups.patchAddMembers) as Json & { Operations: Json[] };
    (add.Operations[0] as Json).value = members([a, b, d]);
    expect([200, 204]).toContain((await c.patch(`/Groups/${group.id}`, add)).status);
    expect(await memberValues(c, group.id)).toEqual([a, b, d].sort());

    const remove = copy(oktaGroups.patchRemoveMember) as Json & { Operations: Json[] };
    (remove.Operations[0] as Json).path = `members[value eq "${b}"]`;
    expect([200, 204]).toContain((await c.patch(`/Groups/${group.id}`, remove)).status);
    expect(await memberValues(c, group.id)).toEqual([a, d].sort());

    const replace = copy(oktaGroups.patchReplaceMembers) as Json & { Operations: Json[] };
    (replace.Operations[0] as Json).value = members([d, e, f]);
    expect([200, 204]).toContain((await c.patch(`/Groups/${group.id}`, replace)).status);
    expect(await memberValues(c, group.id)).toEqual([d, e, f].sort());
    expect((await getUser(c, a)).groups).toEqual([]);
    expect((await getUser(c, e)).groups).toEqual([expect.objectContaining({ value: group.id })]);
  });

  test('rename with a no-path replace whose object also contains an id: the id is ignored, the group keeps its own ("Groups" #3)', async () => {
    const c = await newClient();
    const group = (
      await c.post("/Groups", { ...copy(oktaGroups.createGroup), displayName: "Before" }).expect(201)
    ).body as Resource;
    const rename = copy(oktaGroups.patchRename);
    expect(rename.Operations[0]?.value.id).not.toBe(group.id);
    const res = await c.patch(`/Groups/${group.id}`, rename);
    expect([200, 204]).toContain(res.status);
    const got = await c.get(`/Groups/${group.id}`).expect(200);
    expect(got.body.id).toBe(group.id);
    expect(got.body.displayName).toBe("Test SCIMv2");
    expectScimError(await c.get(`/Groups/${rename.Operations[0]?.value.id}`), 404);
    const byOldName = await c.get(`/Groups?${oktaQuery('displayName eq "Before"')}`).expect(200);
    expect(byOldName.body.totalResults).toBe(0);
  });

  test('a PATCH that only renames leaves the membership alone ("Groups" #3, #4)', async () => {
    const c = await newClient();
    const ids = await createUsers(c, 3);
    const group = (
      await c
        .post("/Groups", { ...copy(oktaGroups.createGroup), displayName: "Keep", members: members(ids) })
        .expect(201)
    ).body as Resource;
    const res = await c.patch(
      `/Groups/${group.id}`,
      patchBody({ op: "replace", value: { id: group.id, displayName: "Kept members" } }),
    );
    expect([200, 204]).toContain(res.status);
    expect(await memberValues(c, group.id)).toEqual([...ids].sort());
  });
});

/**
 * What identity providers do during a big first sync: many requests at once on the same tenant
 * (INTEROP.md "Load": 25+ requests/s per tenant). Races are decided by the database, never lost.
 */
import { In } from "typeorm";
import { User } from "../../src/directory";
import { ScimGroupMember } from "../../src/scim/entities";
import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, entraUser, type ScimClient, patchBody, URN, type Json } from "../support/scim";

const { ERROR, CORE_GROUP } = URN;

let t: TestApp;
let orgCounter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const newClient = (): Promise<ScimClient> => createScimClient(t, `race-${++orgCounter}`);

/** Flips letter case at random, keeping the name the same case-insensitively. */
function randomCase(text: string, seed: number): string {
  return [...text]
    .map((ch, i) => (((seed >> (i % 16)) + i) % 2 ? ch.toUpperCase() : ch.toLowerCase()))
    .join("");
}

async function createUsers(c: ScimClient, n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const res = await c.post("/Users", entraUser(`${prefix}${i}@contoso.test`));
    expect(res.status).toBe(201);
    ids.push(res.body.id as string);
  }
  return ids;
}

async function membersInDb(groupId: string): Promise<string[]> {
  const rows = await t.dataSource.manager.findBy(ScimGroupMember, { groupId });
  return rows.map((r) => r.userId).sort();
}

test('20 parallel POSTs of one userName in different cases → exactly one 201, the rest 409 uniqueness, one user stored ("Create" #4, "Load" #1)', async () => {
  const c = await newClient();
  const userName = "Race.Winner@contoso.test";
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      c.post(
        "/Users",
        // A different email each time: only the userName collides.
        entraUser(randomCase(userName, i * 7919), {
          emails: [{ primary: true, type: "work", value: `racer${i}@contoso.test` }],
          externalId: `racer-${i}`,
        }),
      ),
    ),
  );
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
  for (const res of responses.filter((r) => r.status === 409)) {
    expect(res.headers["content-type"]).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  }
  const stored = await t.dataSource.manager.findBy(User, {
    organisationId: c.org.org.id,
    userNameKey: userName.toLowerCase(),
  });
  expect(stored).toHaveLength(1);
  const winner = responses.find((r) => r.status === 201);
  expect(stored[0]?.id).toBe(winner?.body.id);
  expect(await t.dataSource.manager.countBy(User, { organisationId: c.org.org.id })).toBe(1);
  const found = await c.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`).expect(200);
  expect(found.body.totalResults).toBe(1);
});

test('20 parallel POSTs with the same email (different userNames) → exactly one 201, the rest 409 uniqueness ("Create" #4)', async () => {
  const c = await newClient();
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      c.post(
        "/Users",
        entraUser(`same-mail-${i}@contoso.test`, {
          emails: [{ primary: true, type: "work", value: randomCase("shared.mail@contoso.test", i * 31) }],
        }),
      ),
    ),
  );
  expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
  for (const res of responses.filter((r) => r.status === 409)) expect(res.body.scimType).toBe("uniqueness");
  expect(await t.dataSource.manager.countBy(User, { organisationId: c.org.org.id })).toBe(1);
});

test('20 concurrent "add members" PATCHes of different users plus concurrent removes on one group lose nothing ("Groups" #2, #5)', async () => {
  const c = await newClient();
  const initial = await createUsers(c, 6, "initial");
  const added = await createUsers(c, 20, "added");
  const created = await c.post("/Groups", {
    schemas: [CORE_GROUP],
    displayName: "Busy group",
    members: initial.map((value) => ({ value })),
  });
  expect(created.status).toBe(201);
  const groupId = created.body.id as string;
  const removed = initial.slice(0, 4);
  const kept = initial.slice(4);

  const adds = added.map((id) =>
    c.patch(
      `/Groups/${groupId}`,
      patchBody({ op: "Add", path: "members", value: [{ $ref: null, value: id }] }),
    ),
  );
  const removes = removed.map((id, i) =>
    c.patch(
      `/Groups/${groupId}`,
      i % 2 === 0
        ? patchBody({ op: "Remove", path: `members[value eq "${id}"]` })
        : patchBody({ op: "Remove", path: "members", value: [{ $ref: null, value: id }] }),
    ),
  );
  // A rename racing the membership changes must not undo any of them either.
  const rename = c.patch(
    `/Groups/${groupId}`,
    patchBody({ op: "Replace", path: "displayName", value: "Busier group" }),
  );
  const responses = await Promise.all([...adds, ...removes, rename]);
  for (const res of responses) expect([200, 204]).toContain(res.status);

  const expected = [...kept, ...added].sort();
  expect(await membersInDb(groupId)).toEqual(expected);
  const got = await c.get(`/Groups/${groupId}`).expect(200);
  expect(got.body.displayName).toBe("Busier group");
  expect((got.body.members as Array<{ value: string }>).map((m) => m.value).sort()).toEqual(expected);
  // The group's version counted every change (an ETag must move on each write).
  expect(got.body.meta.version).toBe(`W/"${1 + responses.length}"`);
});

test('concurrent adds of overlapping member lists to one group: each member once, none lost ("Groups" #2)', async () => {
  const c = await newClient();
  const users = await createUsers(c, 30, "overlap");
  const g = await c.post("/Groups", { schemas: [CORE_GROUP], displayName: "Overlap" }).expect(201);
  const batches = Array.from({ length: 10 }, (_, i) => users.slice(i * 2, i * 2 + 12));
  const responses = await Promise.all(
    batches.map((batch) =>
      c.patch(
        `/Groups/${g.body.id}`,
        patchBody({ op: "add", path: "members", value: batch.map((value) => ({ value })) }),
      ),
    ),
  );
  for (const res of responses) expect([200, 204]).toContain(res.status);
  expect(await membersInDb(g.body.id as string)).toEqual([...users].sort());
});

test('parallel PATCH active=false on 20 different users all apply ("Deactivate and delete" #1, "Load" #1)', async () => {
  const c = await newClient();
  const ids = await createUsers(c, 20, "deactivate");
  const responses = await Promise.all(
    ids.map((id, i) =>
      c.patch(
        `/Users/${id}`,
        i % 2 === 0
          ? patchBody({ op: "Replace", path: "active", value: "False" })
          : patchBody({ op: "replace", value: { active: false } }),
      ),
    ),
  );
  for (const res of responses) {
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
  }
  const users = await t.dataSource.manager.findBy(User, { id: In(ids) });
  expect(users.map((u) => u.status)).toEqual(Array<string>(20).fill("deactivated"));
  const inactive = await c.get("/Users?filter=active+eq+false&count=100").expect(200);
  expect(inactive.body.totalResults).toBe(20);
});

test("parallel PATCHes of different attributes on one user all apply (no lost update)", async () => {
  const c = await newClient();
  const [id] = await createUsers(c, 1, "many-patches");
  const ops = [
    { op: "Replace", path: "title", value: "Engineer" },
    { op: "Replace", path: "nickName", value: "Nick" },
    { op: "Replace", path: "displayName", value: "Display" },
    { op: "Replace", path: "preferredLanguage", value: "en" },
    {
      op: "Replace",
      path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
      value: "R&D",
    },
    {
      op: "Replace",
      path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
      value: "42",
    },
    { op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+45 20 12 34 56" },
    { op: "Replace", path: "name.givenName", value: "Given" },
  ];
  const responses = await Promise.all(ops.map((op) => c.patch(`/Users/${id}`, patchBody(op))));
  for (const res of responses) expect(res.status).toBe(200);
  const user = (await c.get(`/Users/${id}`).expect(200)).body as Json;
  expect(user).toMatchObject({
    title: "Engineer",
    nickName: "Nick",
    displayName: "Display",
    preferredLanguage: "en",
    name: { givenName: "Given" },
    phoneNumbers: [expect.objectContaining({ type: "work", value: "+45 20 12 34 56" })],
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D", employeeNumber: "42" },
  });
});

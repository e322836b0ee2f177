/**
 * selectOne/selectMany (src/db/fast-select.ts) stand in for TypeORM's findOneBy/findBy on the hot
 * paths: they must return the very same entities — dates, booleans, JSON and nullable columns
 * converted by the driver — on SQLite and on MariaDB.
 */
import { AccessToken } from "../../src/auth";
import { deleteRows, selectMany, selectOne, updateRows } from "../../src/db";
import { Organisation, User } from "../../src/directory";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";

let t: TestApp;
let acme: TestOrg;
let userIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "fast-select");
  userIds = [];
  for (const email of ["a@x.com", "b@x.com", "c@x.com"]) {
    const res = await acme.post("/users", userBody(acme.org, { email, phone: "+4520123456" })).expect(201);
    userIds.push(res.body.id as string);
  }
  await t.services.directory.users.setStatus(acme.org.id, userIds[1] as string, "deactivated");
  await t.services.directory.users.recordLogin(userIds[2] as string);
});
afterAll(async () => t.close());

const em = () => t.dataSource.manager;

test("a user comes back equal to findOneBy's, dates and nulls included", async () => {
  for (const id of userIds) {
    const fast = await selectOne(em(), User, { id, organisationId: acme.org.id });
    const typeorm = await em().findOneBy(User, { id, organisationId: acme.org.id });
    expect(fast).toBeInstanceOf(User);
    expect(fast).toEqual(typeorm);
  }
  const lastLogin = (await selectOne(em(), User, { id: userIds[2] as string }))?.lastLoginAt;
  expect(lastLogin).toBeInstanceOf(Date);
});

test("an organisation with JSON and array columns comes back equal to findOneBy's", async () => {
  const fast = await selectOne(em(), Organisation, { id: acme.org.id });
  expect(fast).toEqual(await em().findOneBy(Organisation, { id: acme.org.id }));
  expect(fast?.languages).toEqual(["en", "da"]);
});

test("IS NULL conditions, IN lists and the empty IN list", async () => {
  const tokens = await selectMany(em(), AccessToken, { organisationId: acme.org.id, revokedAt: null });
  expect(tokens).toEqual(await em().findBy(AccessToken, { organisationId: acme.org.id }));
  expect(tokens).toHaveLength(1);
  const some = await selectMany(em(), User, { id: userIds.slice(0, 2) });
  expect(some.map((u) => u.id).sort()).toEqual(userIds.slice(0, 2).sort());
  expect(await selectMany(em(), User, { id: [] })).toEqual([]);
  expect(await selectOne(em(), User, { id: "00000000-0000-4000-8000-000000000000" })).toBeNull();
  // An undefined value is no condition, as in findOneBy.
  const all = await selectMany(em(), User, { organisationId: acme.org.id, externalId: undefined });
  expect(all).toHaveLength(3);
});

test("a condition on a value of another type (a Date, a boolean) is converted like TypeORM converts it", async () => {
  const user = (await em().findOneBy(User, { id: userIds[0] as string })) as User;
  const byDate = await selectMany(em(), User, { organisationId: acme.org.id, createdAt: user.createdAt });
  expect(byDate.map((u) => u.id)).toContain(user.id);
  const mustChange = await selectMany(em(), User, { organisationId: acme.org.id, passwordMustChange: false });
  expect(mustChange).toHaveLength(3);
});

test("inside a transaction, with a row lock asked for, it reads the transaction's own writes", async () => {
  await t.services.withTransaction(async (tx) => {
    await tx.update(User, { id: userIds[0] as string }, { firstName: "Changed" });
    const locked = await selectOne(tx, User, { id: userIds[0] as string }, { lockForUpdate: true });
    expect(locked?.firstName).toBe("Changed");
  });
});

test("updateRows sets converted values (a Date, null) on the rows the conditions match, and counts them", async () => {
  const org = acme.org.id;
  const when = new Date("2026-01-02T03:04:05.678Z");
  expect(await updateRows(em(), User, { lastLoginAt: when }, { organisationId: org, id: [] })).toBe(0);
  expect(
    await updateRows(em(), User, { lastLoginAt: when }, { organisationId: org, lastLoginAt: null }),
  ).toBe(2);
  const users = await em().findBy(User, { organisationId: org });
  expect(users.map((u) => u.lastLoginAt?.toISOString()).filter((d) => d === when.toISOString())).toHaveLength(
    2,
  );
  // Only the rows still matching: the two set above no longer have a null lastLoginAt.
  expect(
    await updateRows(em(), User, { lastLoginAt: when }, { organisationId: org, lastLoginAt: null }),
  ).toBe(0);
  expect(
    await updateRows(em(), User, { lastLoginAt: null }, { id: userIds[0] as string, organisationId: org }),
  ).toBe(1);
  expect((await selectOne(em(), User, { id: userIds[0] as string }))?.lastLoginAt).toBeNull();
  await expect(updateRows(em(), User, {}, { organisationId: org })).rejects.toThrow("nothing to set");
});

test("deleteRows deletes what the same conditions select, returns the count, and joins a transaction", async () => {
  const org = acme.org.id;
  const liveTokens = () => selectMany(em(), AccessToken, { organisationId: org, revokedAt: null });
  expect(await deleteRows(em(), AccessToken, { organisationId: org, id: [] })).toBe(0);
  expect(await deleteRows(em(), AccessToken, { organisationId: org, name: "no such token" })).toBe(0);
  const [token] = await liveTokens();
  // Rolled back with the transaction it ran in.
  await expect(
    t.services.withTransaction(async (tx) => {
      expect(await deleteRows(tx, AccessToken, { id: token?.id as string })).toBe(1);
      expect(await selectOne(tx, AccessToken, { id: token?.id as string })).toBeNull();
      throw new Error("roll back");
    }),
  ).rejects.toThrow("roll back");
  expect(await liveTokens()).toHaveLength(1);
  expect(await deleteRows(em(), AccessToken, { id: token?.id as string, organisationId: org })).toBe(1);
  expect(await liveTokens()).toHaveLength(0);
  expect(await deleteRows(em(), AccessToken, { id: token?.id as string })).toBe(0);
});

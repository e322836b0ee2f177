/**
 * Email and username are unique per organisation, case-insensitively, even when creates race.
 * The database's unique index on the lowercased key decides; the loser gets the same clear
 * 409 as a sequential duplicate, and leaves nothing behind.
 */
import type { Response } from "supertest";
import { uniqueViolation, violates } from "../../src/db";
import { DirectoryEvent, User, UserDepartment, UserPermissionType } from "../../src/directory";
import { AppError, newId } from "../../src/lib";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";

let t: TestApp;
let orgSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** Each test races in an organisation of its own, so counts are exact. */
const freshOrg = () => createTestOrg(t, `race-${++orgSeq}`);

async function usersOf(org: TestOrg): Promise<User[]> {
  return t.dataSource.getRepository(User).findBy({ organisationId: org.org.id });
}

/** Assignment rows of the organisation's users, and rows whose user does not exist (a losing create must leave none). */
async function assignmentCounts(org: TestOrg) {
  const ids = new Set((await usersOf(org)).map((u) => u.id));
  const everyUser = new Set(
    (await t.dataSource.getRepository(User).find({ select: { id: true } })).map((u) => u.id),
  );
  const all = await Promise.all([
    t.dataSource.getRepository(UserDepartment).find(),
    t.dataSource.getRepository(UserPermissionType).find(),
  ]);
  const [departments, permissionTypes] = all.map((rows) => rows.filter((r) => ids.has(r.userId)).length);
  const orphans = all.flat().filter((r) => !everyUser.has(r.userId)).length;
  return { departments, permissionTypes, orphans };
}

function statuses(responses: Response[]): number[] {
  return responses.map((r) => r.status).sort();
}

function expectTaken(res: Response, code: string, field: string): void {
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({
    status: 409,
    code,
    field,
  });
}

describe("parallel creates through the admin API", () => {
  it("when Alice@x.com and alice@x.com are created in parallel, then one is 201, the other 409 directory.email_taken, and one row exists", async () => {
    const org = await freshOrg();
    const responses = await Promise.all([
      org.post("/users", userBody(org.org, { email: "Alice@x.com" })),
      org.post("/users", userBody(org.org, { email: "alice@x.com" })),
    ]);
    expect(statuses(responses)).toEqual([201, 409]);
    const loser = responses.find((r) => r.status === 409)!;
    expectTaken(loser, "directory.email_taken", "email");
    const winner = responses.find((r) => r.status === 201)!;

    const rows = await usersOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: winner.body.id, emailKey: "alice@x.com" });
    expect(["Alice@x.com", "alice@x.com"]).toContain(rows[0]!.email);
    expect(await assignmentCounts(org)).toEqual({ departments: 1, permissionTypes: 1, orphans: 0 });
  });

  it("when Alice.Smith and alice.smith are created in parallel as usernames, then one is 201, the other 409 directory.username_taken, and one row exists", async () => {
    const org = await freshOrg();
    const responses = await Promise.all([
      org.post("/users", userBody(org.org, { email: null, userName: "Alice.Smith", phone: "+4520123456" })),
      org.post("/users", userBody(org.org, { email: null, userName: "alice.smith", phone: "+4520123457" })),
    ]);
    expect(statuses(responses)).toEqual([201, 409]);
    expectTaken(
      responses.find((r) => r.status === 409)!,
      "directory.username_taken",
      "userName",
    );
    const rows = await usersOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userNameKey).toBe("alice.smith");
    expect(await assignmentCounts(org)).toEqual({ departments: 1, permissionTypes: 1, orphans: 0 });
  });

  it("when 10 creates of the same email (in assorted cases) run in parallel, then exactly one user exists and nine get 409 directory.email_taken", async () => {
    const org = await freshOrg();
    const spellings = ["same@x.com", "SAME@x.com", "Same@X.com", "same@X.COM", "sAmE@x.com"];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        org.post(
          "/users",
          userBody(org.org, { email: spellings[i % spellings.length], firstName: `Racer ${i}` }),
        ),
      ),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectTaken(loser, "directory.email_taken", "email");
    }
    const rows = await usersOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.emailKey).toBe("same@x.com");
    expect(await assignmentCounts(org)).toEqual({ departments: 1, permissionTypes: 1, orphans: 0 });
    const list = await org.get("/users").expect(200);
    expect(list.body.total).toBe(1);
  });

  it("when 10 creates of the same username run in parallel, then exactly one user exists", async () => {
    const org = await freshOrg();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        org.post(
          "/users",
          userBody(org.org, {
            email: null,
            userName: i % 2 ? "RACER" : "racer",
            phone: `+45201234${String(10 + i)}`,
          }),
        ),
      ),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectTaken(loser, "directory.username_taken", "userName");
    }
    expect(await usersOf(org)).toHaveLength(1);
  });

  it("when the pair race is repeated 5 times, then every round ends with exactly one user", async () => {
    const org = await freshOrg();
    for (let round = 0; round < 5; round++) {
      const responses = await Promise.all([
        org.post("/users", userBody(org.org, { email: `Round${round}@x.com` })),
        org.post("/users", userBody(org.org, { email: `round${round}@X.com` })),
      ]);
      expect(statuses(responses)).toEqual([201, 409]);
    }
    const rows = await usersOf(org);
    expect(rows.map((u) => u.emailKey).sort()).toEqual([0, 1, 2, 3, 4].map((r) => `round${r}@x.com`));
  });

  it("when two organisations create the same email in parallel, then both are 201 (uniqueness is per organisation)", async () => {
    const [a, b] = [await freshOrg(), await freshOrg()];
    const responses = await Promise.all([
      a.post("/users", userBody(a.org, { email: "Shared@x.com" })),
      b.post("/users", userBody(b.org, { email: "shared@x.com" })),
    ]);
    expect(statuses(responses)).toEqual([201, 201]);
    expect(await usersOf(a)).toHaveLength(1);
    expect(await usersOf(b)).toHaveLength(1);
  });

  it("when different emails are created in parallel, then all of them succeed (no false conflicts)", async () => {
    const org = await freshOrg();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        org.post("/users", userBody(org.org, { email: `distinct${i}@x.com` })),
      ),
    );
    expect(statuses(responses)).toEqual(Array<number>(6).fill(201));
    expect(await usersOf(org)).toHaveLength(6);
  });

  it("when two users are PATCHed to the same email in different cases in parallel, then one is 200 and the other 409 directory.email_taken", async () => {
    const org = await freshOrg();
    const one = await org.post("/users", userBody(org.org, { email: "one@x.com" })).expect(201);
    const two = await org.post("/users", userBody(org.org, { email: "two@x.com" })).expect(201);
    const responses = await Promise.all([
      org.patch(`/users/${one.body.id}`, { email: "Target@x.com" }),
      org.patch(`/users/${two.body.id}`, { email: "target@x.com" }),
    ]);
    expect(statuses(responses)).toEqual([200, 409]);
    expectTaken(
      responses.find((r) => r.status === 409)!,
      "directory.email_taken",
      "email",
    );
    const keys = (await usersOf(org)).map((u) => u.emailKey).sort();
    expect(keys.filter((k) => k === "target@x.com")).toHaveLength(1);
    expect(keys).toHaveLength(2);
  });
});

describe("the unique index decides, not a pre-check", () => {
  it("when the service itself is called twice in parallel with Alice@x.com and alice@x.com, then one create rejects with 409 directory.email_taken", async () => {
    const org = await freshOrg();
    const { users } = t.services.directory;
    const results = await Promise.allSettled([
      users.create(org.org.id, userBody(org.org, { email: "Alice@x.com" }), { source: "scim" }),
      users.create(org.org.id, userBody(org.org, { email: "alice@x.com" }), { source: "import" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(rejected.reason).toBeInstanceOf(AppError);
    expect(rejected.reason).toMatchObject({ code: "directory.email_taken", status: 409, field: "email" });
    expect(await usersOf(org)).toHaveLength(1);
  });

  it("when a row is inserted behind the service's back with a colliding lowercased email, then the database refuses it on the email index", async () => {
    const org = await freshOrg();
    const existing = await org.post("/users", userBody(org.org, { email: "Alice@x.com" })).expect(201);
    const now = new Date();
    const duplicate = Object.assign(new User(), {
      id: newId(),
      organisationId: org.org.id,
      firstName: "Sneaky",
      lastName: "Insert",
      email: "ALICE@x.com",
      emailKey: "alice@x.com",
      userName: null,
      userNameKey: null,
      phone: null,
      language: "en",
      jobProfileId: org.org.defaultJobProfileId,
      status: "pending",
      source: "manual",
      externalId: null,
      managedBy: null,
      passwordHash: null,
      passwordMustChange: false,
      lastLoginAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    let caught: unknown;
    try {
      await t.dataSource.getRepository(User).insert(duplicate);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeDefined();
    const index = uniqueViolation(caught);
    expect(violates(index, "email")).toBe(true);
    expect(violates(index, "username")).toBe(false);
    expect((await usersOf(org)).map((u) => u.id)).toEqual([existing.body.id]);
  });

  it("when a row is inserted behind the service's back with a colliding lowercased username, then the database refuses it on the username index", async () => {
    const org = await freshOrg();
    await org
      .post("/users", userBody(org.org, { email: null, userName: "Bob.B", phone: "+4520123456" }))
      .expect(201);
    const repo = t.dataSource.getRepository(User);
    const [stored] = await usersOf(org);
    const copy = { ...stored!, id: newId(), userName: "BOB.b", userNameKey: "bob.b" };
    const error = await repo.insert(copy).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(violates(uniqueViolation(error), "username")).toBe(true);
    expect(await usersOf(org)).toHaveLength(1);
  });

  it("when the same email differs only in case in a different organisation, then the database accepts the row", async () => {
    const [a, b] = [await freshOrg(), await freshOrg()];
    await a.post("/users", userBody(a.org, { email: "Alice@x.com" })).expect(201);
    await t.services.directory.users.create(b.org.id, userBody(b.org, { email: "alice@x.com" }), {
      source: "manual",
    });
    expect(await usersOf(b)).toHaveLength(1);
  });

  /** Settles to {user} or {error}, and records when it settled. */
  function track<T>(promise: Promise<T>) {
    const state = { settled: false };
    const outcome = promise
      .then(
        (user) => ({ user, error: undefined as unknown }),
        (error: unknown) => ({ user: undefined, error }),
      )
      .finally(() => {
        state.settled = true;
      });
    return { state, outcome };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // On MariaDB the second create runs on its own pooled connection and blocks on the unique
  // index; on SQLite the app queues it behind the open transaction. Either way it starts
  // before the first commits, and only the index (there is no pre-check) can refuse it.
  it("when a second create starts while the first is still uncommitted, then it waits and the index answers 409 directory.email_taken", async () => {
    const org = await freshOrg();
    const { users } = t.services.directory;
    let second: ReturnType<typeof track<User>> | undefined;
    await t.services.withTransaction(async (tx) => {
      await users.create(org.org.id, userBody(org.org, { email: "Alice@x.com" }), { source: "manual" }, tx);
      if (t.db.kind === "mysql") {
        // Outside the open transaction the row does not exist yet: a pre-check would have passed.
        expect(await t.dataSource.getRepository(User).countBy({ organisationId: org.org.id })).toBe(0);
      }
      second = track(
        users.create(org.org.id, userBody(org.org, { email: "alice@x.com" }), { source: "manual" }),
      );
      await pause(300);
      expect(second.state.settled).toBe(false);
    });
    const outcome = await second!.outcome;
    expect(outcome.user).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(AppError);
    expect(outcome.error).toMatchObject({ code: "directory.email_taken", status: 409, field: "email" });
    const rows = await usersOf(org);
    expect(rows.map((u) => u.email)).toEqual(["Alice@x.com"]);
  });

  it("when the first of two overlapping creates rolls back, then the waiting one succeeds", async () => {
    const org = await freshOrg();
    const { users } = t.services.directory;
    let second: ReturnType<typeof track<User>> | undefined;
    const rolledBack = new Error("roll back the first create");
    await expect(
      t.services.withTransaction(async (tx) => {
        await users.create(org.org.id, userBody(org.org, { email: "Alice@x.com" }), { source: "manual" }, tx);
        second = track(
          users.create(org.org.id, userBody(org.org, { email: "alice@x.com" }), { source: "manual" }),
        );
        await pause(300);
        expect(second.state.settled).toBe(false);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    const outcome = await second!.outcome;
    expect(outcome.error).toBeUndefined();
    expect(outcome.user?.emailKey).toBe("alice@x.com");
    expect((await usersOf(org)).map((u) => u.email)).toEqual(["alice@x.com"]);
  });
});

describe("the batch writer (Excel import): multi-row INSERTs with the same rules", () => {
  const fieldsOf = (org: TestOrg, email: string) => ({
    firstName: "Batch",
    lastName: "User",
    email,
    language: "en",
    jobProfileId: org.org.defaultJobProfileId as string,
    departmentIds: [org.org.defaultDepartmentId as string],
    permissionTypeIds: [org.org.defaultPermissionTypeId as string],
  });

  it("when a chunk collides with a user created after validation, then only that row fails with directory.email_taken and the others are written with their assignments and events", async () => {
    const org = await freshOrg();
    const { users } = t.services.directory;
    const results = await t.services.withTransaction(async (tx) => {
      const writer = await users.batch(tx, org.org.id);
      const prepared = [];
      for (const email of ["a@x.com", "b@x.com", "c@x.com"])
        prepared.push(await writer.prepare(fieldsOf(org, email), { source: "import" }));
      // Someone else takes b@x.com between the validation and the INSERT (same transaction: the
      // index, not a pre-check, must find it).
      await users.create(org.org.id, fieldsOf(org, "B@x.com"), { source: "manual" }, tx);
      return writer.insert(prepared);
    });
    expect(results.map((r) => (r instanceof AppError ? r.code : r.email))).toEqual([
      "a@x.com",
      "directory.email_taken",
      "c@x.com",
    ]);
    const emails = (await usersOf(org)).map((u) => u.email).sort();
    expect(emails).toEqual(["B@x.com", "a@x.com", "c@x.com"]);
    expect(await assignmentCounts(org)).toEqual({ departments: 3, permissionTypes: 3, orphans: 0 });
    const events = await t.dataSource.getRepository(DirectoryEvent).findBy({ organisationId: org.org.id });
    expect(events.filter((e) => e.type === "user.created")).toHaveLength(3);
  });

  it("when 1,100 users are written (three chunks), then every one is stored once with a user.created event and the hooks ran for each", async () => {
    const org = await freshOrg();
    const hooked: string[] = [];
    t.services.directory.users.onChange(async (_tx, user, change) => {
      if (change === "created" && user.organisationId === org.org.id) hooked.push(user.id);
    });
    const written = await t.services.withTransaction(async (tx) => {
      const writer = await t.services.directory.users.batch(tx, org.org.id);
      const prepared = [];
      for (let i = 0; i < 1_100; i++)
        prepared.push(await writer.prepare(fieldsOf(org, `u${i}@x.com`), { source: "import" }));
      return writer.insert(prepared);
    });
    expect(written.filter((r) => r instanceof AppError)).toEqual([]);
    expect(await usersOf(org)).toHaveLength(1_100);
    expect(await assignmentCounts(org)).toEqual({ departments: 1_100, permissionTypes: 1_100, orphans: 0 });
    const events = await t.dataSource.getRepository(DirectoryEvent).findBy({ organisationId: org.org.id });
    expect(new Set(events.map((e) => e.userId)).size).toBe(1_100);
    expect(new Set(hooked).size).toBe(1_100);
  });

  it("when prepare refuses a user, then it throws the directory's validation error and writes nothing", async () => {
    const org = await freshOrg();
    await expect(
      t.services.withTransaction(async (tx) => {
        const writer = await t.services.directory.users.batch(tx, org.org.id);
        return writer.prepare({ ...fieldsOf(org, "not-an-email"), firstName: "" }, { source: "import" });
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await usersOf(org)).toHaveLength(0);
  });
});

import "reflect-metadata";
import type { DataSource } from "typeorm";
import { createActivation, type Activation } from "../../../src/activation";
import { createAuth } from "../../../src/auth";
import { openDatabase, transactionRunner, type WithTransaction } from "../../../src/db";
import { createDirectory, type Directory, type Organisation, type UserFields } from "../../../src/directory";
import type { CreateUserOptions } from "../../../src/directory";
import { ENTITIES } from "../../../src/entities";
import { createLogger, type Clock } from "../../../src/lib";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { MemoryOutbox } from "./memory-outbox";

/** A clock that runs with real time, moved forward on demand (expiry tests). */
export class TestClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface Harness {
  db: TestDatabase;
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: TestClock;
  directory: Directory;
  outbox: MemoryOutbox;
  activation: Activation;
  close(): Promise<void>;
}

/** The activation module on a real database (SQLite, or MariaDB with TEST_MYSQL_URL) with an in-memory outbox. */
export async function createHarness(): Promise<Harness> {
  const db = await createTestDatabase();
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  const withTransaction = transactionRunner(dataSource);
  const clock = new TestClock();
  const directory = createDirectory({ dataSource, withTransaction, clock });
  const appSecret = "unit-secret-unit-secret-unit-secret-0123";
  const auth = createAuth({
    dataSource,
    users: directory.users,
    appSecret,
    clock,
    sessionTtlMs: 3_600_000,
    secureCookies: false,
  });
  const outbox = new MemoryOutbox(dataSource);
  const activation = createActivation(
    {
      dataSource,
      withTransaction,
      clock,
      logger: createLogger("silent"),
      directory,
      sessions: auth.sessions,
      outbox,
      publicUrl: "https://admit.test",
      appSecret,
    },
    { minimumAnswerMs: 0 },
  );
  return {
    db,
    dataSource,
    withTransaction,
    clock,
    directory,
    outbox,
    activation,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export function userFields(org: Organisation, fields: Partial<UserFields> = {}): UserFields {
  return {
    firstName: "Alice",
    lastName: "Andersen",
    language: "en",
    jobProfileId: org.defaultJobProfileId as string,
    departmentIds: [org.defaultDepartmentId as string],
    permissionTypeIds: [org.defaultPermissionTypeId as string],
    ...fields,
  };
}

export async function createUser(
  h: Harness,
  org: Organisation,
  fields: Partial<UserFields>,
  options: CreateUserOptions = { source: "manual" },
) {
  return h.directory.users.create(org.id, userFields(org, fields), options);
}

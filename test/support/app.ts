import "reflect-metadata";
import type { Express } from "express";
import request from "supertest";
import type { DataSource } from "typeorm";
import { buildApp, createServices, type Services } from "../../src/app";
import { hashPassword } from "../../src/auth";
import type { Config } from "../../src/config";
import { openDatabase } from "../../src/db";
import type { Organisation, UserFields } from "../../src/directory";
import { ENTITIES } from "../../src/entities";
import { createLogger, type Clock } from "../../src/lib";
import { createTestDatabase, type TestDatabase } from "./database";

export interface TestApp {
  app: Express;
  services: Services;
  dataSource: DataSource;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(database: Config["database"], overrides: Partial<Config> = {}): Config {
  return {
    env: "test",
    port: 0,
    host: "127.0.0.1",
    publicUrl: "http://admit.test",
    database,
    dataDir: "/tmp/admit-test-data",
    appSecret: "test-secret-test-secret-test-secret-0123456789",
    autoMigrate: true,
    seedDemo: false,
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
    trustProxy: false,
    jsonBodyLimit: "100kb",
    sessionTtlMs: 3_600_000,
    shutdownGraceMs: 2_000,
    provisioningLogRetentionDays: 30,
    outboxRetentionDays: 30,
    importRetentionDays: 30,
    importMaxBytes: 20 * 1_048_576,
    // No SMTP/SMS: messages go to the dev outbox; no in-process dispatcher unless a test starts one.
    notify: { worker: "off", maxAttempts: 8, pollMs: 1000 },
    webhooks: { maxAttempts: 10, retentionDays: 30 },
    ...overrides,
  };
}

/** The real app on a real, freshly migrated database (SQLite, or MariaDB in CI). */
export async function createTestApp(
  options: { clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.config, options.config);
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  const services = createServices(config, dataSource, createLogger(config.logLevel), options.clock);
  const app = buildApp(services);
  return {
    app,
    services,
    dataSource,
    db,
    config,
    close: async () => {
      await services.scim.log.flush();
      await services.throttles.close();
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export interface TestOrg {
  org: Organisation;
  apiKey: string;
  /** supertest agent helpers authenticated with the organisation's API key. */
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  del(path: string): request.Test;
}

/** An organisation with an API key; paths are relative to /api/v1/orgs/{slug}. */
export async function createTestOrg(t: TestApp, slug: string, languages = ["en", "da"]): Promise<TestOrg> {
  const { directory, auth } = t.services;
  const org = await directory.organisations.create({
    slug,
    name: `${slug} org`,
    defaultLanguage: "en",
    languages,
  });
  const { secret } = await auth.tokens.issue(org.id, "api_key", "tests");
  const url = (path: string) => `/api/v1/orgs/${slug}${path}`;
  const bearer = `Bearer ${secret}`;
  return {
    org,
    apiKey: secret,
    get: (path) => request(t.app).get(url(path)).set("Authorization", bearer),
    post: (path, body) => request(t.app).post(url(path)).set("Authorization", bearer).send(body),
    patch: (path, body) => request(t.app).patch(url(path)).set("Authorization", bearer).send(body),
    del: (path) => request(t.app).delete(url(path)).set("Authorization", bearer),
  };
}

/** A valid user body for an organisation, using its defaults; override any field. */
export function userBody(
  org: Organisation,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    firstName: "Alice",
    lastName: "Andersen",
    email: "alice@example.com",
    language: "en",
    jobProfileId: org.defaultJobProfileId,
    departmentIds: [org.defaultDepartmentId],
    permissionTypeIds: [org.defaultPermissionTypeId],
    ...overrides,
  };
}

/**
 * An active user who signs in with `password`, in the organisation's default job profile,
 * department and permission type unless `fields` say otherwise.
 */
export async function createPasswordUser(
  services: Services,
  org: Organisation,
  fields: Partial<UserFields>,
  options: { password: string; mustChange?: boolean },
): ReturnType<Services["directory"]["users"]["create"]> {
  return services.directory.users.create(
    org.id,
    {
      firstName: "Test",
      lastName: "Person",
      language: "en",
      jobProfileId: org.defaultJobProfileId ?? "",
      departmentIds: [org.defaultDepartmentId ?? ""],
      permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
      ...fields,
    },
    {
      source: "manual",
      status: "active",
      passwordHash: await hashPassword(options.password),
      passwordMustChange: options.mustChange ?? false,
    },
  );
}

/**
 * An active person who signs in with a password; `consoleAccess` picks a permission type with (an
 * administrator) or without it. Takes the services, so the in-process apps and the browser tests'
 * live app share it.
 */
export async function createActivePerson(
  services: Services,
  org: Organisation,
  person: { email: string; password: string; consoleAccess: boolean; firstName: string; lastName: string },
): ReturnType<Services["directory"]["users"]["create"]> {
  const { email, password, consoleAccess, firstName, lastName } = person;
  const types = await services.directory.permissionTypes.list(org.id);
  const type = types.find((p) => p.consoleAccess === consoleAccess);
  if (!type) throw new Error("no permission type with that console access");
  const fields = { firstName, lastName, email, language: "en", permissionTypeIds: [type.id] };
  return createPasswordUser(services, org, fields, { password });
}

import request from "supertest";
import type { DataSource } from "typeorm";
import { buildApp, createServices, type Services } from "../../src/app";
import { verifyPassword } from "../../src/auth";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { testConfig } from "../support/app";
import {
  ADMIT_BIN,
  cliWorkspace,
  ensureBuilt,
  exec,
  json,
  type CliWorkspace,
  type Run,
} from "../support/cli";
import type { TestDatabase } from "../support/database";

/** The `admit` command, run as a real child process against a database of its own. */

let workspace: CliWorkspace;
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

const admit = (...args: string[]) => workspace.admit(...args);

/** Asserts an exit code, showing the output when it differs. */
function expectExit(run: Run, code: number): void {
  expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
    code,
    stdout: expect.any(String),
    stderr: expect.any(String),
  });
}

beforeAll(async () => {
  await ensureBuilt();
  workspace = await cliWorkspace("admit-cli-", "http://admit.test");
  ({ db, env } = workspace);
}, 300_000);

afterAll(() => workspace?.close());

// Every run starts a Node process that loads the compiled app: allow for a busy machine.
jest.setTimeout(120_000);

describe("--help", () => {
  // These runs touch no database: they may run side by side.
  test.concurrent.each([
    [[]],
    [["migrate"]],
    [["org"]],
    [["org", "create"]],
    [["org", "list"]],
    [["admin"]],
    [["admin", "create"]],
    [["api-key"]],
    [["api-key", "create"]],
    [["api-key", "list"]],
    [["api-key", "revoke"]],
    [["scim-token"]],
    [["scim-token", "create"]],
    [["scim-token", "list"]],
    [["scim-token", "revoke"]],
    [["serve"]],
  ])("admit %j --help exits 0 with usage", async (command) => {
    const run = await admit(...command, "--help");
    expectExit(run, 0);
    expect(run.stdout).toContain(`Usage: admit${command.length ? ` ${command.join(" ")}` : ""} [options]`);
  });

  test("the top-level help lists every command", async () => {
    const run = await admit("--help");
    for (const command of ["migrate", "org", "admin", "api-key", "scim-token", "serve"]) {
      expect(run.stdout).toMatch(new RegExp(`\\n\\s+${command}\\b`));
    }
  });

  test("the help of a command with --json documents it", async () => {
    const run = await admit("scim-token", "list", "--help");
    expect(run.stdout).toContain("--json");
    expect(run.stdout).toContain("--org <slug>");
  });
});

describe("usage errors exit 2", () => {
  test.concurrent.each([
    ["an unknown option", ["org", "list", "--bogus"], /unknown option '--bogus'/],
    ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    [
      "a missing required option",
      ["org", "create", "--slug", "acme"],
      /required option '--name <name>' not specified/,
    ],
    ["an option without its value", ["scim-token", "list", "--org"], /argument missing/],
  ])("%s → exit 2 with a message on stderr", async (_label, args, message) => {
    const run = await admit(...(args as string[]));
    expectExit(run, 2);
    expect(run.stderr).toMatch(message as RegExp);
  });
});

describe("against a database", () => {
  let dataSource: DataSource;
  let services: Services;
  let orgId: string;

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
  });

  test("migrate applies the migrations once, then reports the database up to date", async () => {
    const first = await admit("migrate", "--json");
    expectExit(first, 0);
    const applied = json<{ applied: string[] }>(first).applied;
    expect(applied.length).toBeGreaterThan(0);
    const second = await admit("migrate", "--json");
    expectExit(second, 0);
    expect(json(second)).toEqual({ applied: [] });
    const text = await admit("migrate");
    expectExit(text, 0);
    expect(text.stdout.trim()).toBe("Database is up to date.");

    // The same database, opened by the app the way a server would.
    dataSource = await openDatabase(db.config, ENTITIES, { migrate: false });
    services = createServices(testConfig(db.config), dataSource, createLogger("silent"));
    expect(await dataSource.showMigrations()).toBe(false);
  });

  test("org create --json prints the new organisation", async () => {
    const run = await admit(
      "org",
      "create",
      "--slug",
      "acme",
      "--name",
      "Acme Corp",
      "--languages",
      "en,da",
      "--json",
    );
    expectExit(run, 0);
    const created = json(run);
    expect(created).toEqual({
      id: expect.any(String),
      slug: "acme",
      name: "Acme Corp",
      languages: ["en", "da"],
    });
    orgId = created.id as string;
    const stored = await services.directory.organisations.getBySlug("acme");
    expect(stored.id).toBe(orgId);
    expect(stored.defaultLanguage).toBe("en");
    // Ready to use: the default catalog entries were created with it.
    expect((await services.directory.permissionTypes.list(orgId)).map((p) => p.name).sort()).toEqual([
      "Administrator",
      "Learner",
    ]);
  });

  test("org create with a taken slug → exit 1 and code directory.slug_taken", async () => {
    const run = await admit("org", "create", "--slug", "acme", "--name", "Again", "--json");
    expectExit(run, 1);
    expect(json(run)).toEqual({
      error: { code: "directory.slug_taken", detail: expect.stringContaining("acme"), field: "slug" },
    });
    const text = await admit("org", "create", "--slug", "ACME", "--name", "Again");
    expectExit(text, 1);
    expect(text.stderr).toMatch(/^admit: .*\(directory\.slug_taken\)\n$/);
    expect(text.stdout).toBe("");
  });

  test("org create with an invalid slug → exit 1 and code directory.slug_invalid", async () => {
    const run = await admit("org", "create", "--slug", "Not a slug!", "--name", "Bad", "--json");
    expectExit(run, 1);
    expect(json<{ error: { code: string } }>(run).error.code).toBe("directory.slug_invalid");
  });

  test("org list --json lists the organisations", async () => {
    const second = await admit("org", "create", "--slug", "beta", "--name", "Beta", "--json");
    expectExit(second, 0);
    const run = await admit("org", "list", "--json");
    expectExit(run, 0);
    expect(json<unknown[]>(run)).toEqual([
      { id: orgId, slug: "acme", name: "Acme Corp", languages: ["en", "da"] },
      { id: json(second).id, slug: "beta", name: "Beta", languages: ["en"] },
    ]);
    const text = await admit("org", "list");
    expect(text.stdout).toContain(`acme\tAcme Corp\t${orgId}`);
  });

  test("admin create prints a one-time password that signs in through the HTTP app", async () => {
    const run = await admit("admin", "create", "--org", "acme", "--email", "Admin@Acme.example", "--json");
    expectExit(run, 0);
    const out = json<{ id: string; email: string; oneTimePassword: string; loginUrl: string }>(run);
    expect(out).toEqual({
      id: expect.any(String),
      email: "Admin@Acme.example",
      oneTimePassword: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      loginUrl: "http://admit.test/o/acme/login",
    });

    const user = await services.directory.users.get(orgId, out.id);
    expect(user.passwordHash).not.toContain(out.oneTimePassword);
    expect(await verifyPassword(user.passwordHash, out.oneTimePassword)).toBe(true);
    expect(user.passwordMustChange).toBe(true);
    expect(user.status).toBe("active");
    expect((await services.directory.users.view(orgId, out.id)).consoleAccess).toBe(true);

    // Through the real login form: the password works, and leads to choosing a new one.
    const app = buildApp(services);
    const page = await request(app).get("/o/acme/login").expect(200);
    const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(page.text)?.[1] as string;
    const csrfCookie = (page.headers["set-cookie"] as unknown as string[])
      .map((c) => c.split(";")[0])
      .join("; ");
    const login = await request(app)
      .post("/o/acme/login")
      .set("Cookie", csrfCookie)
      .type("form")
      .send({ _csrf: csrf, identifier: "admin@acme.example", password: out.oneTimePassword });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe("/o/acme/password");
    const wrong = await request(app)
      .post("/o/acme/login")
      .set("Cookie", csrfCookie)
      .type("form")
      .send({ _csrf: csrf, identifier: "admin@acme.example", password: `${out.oneTimePassword}x` });
    expect(wrong.status).toBe(401);
  });

  test("admin create without --json shows the one-time password once, in words", async () => {
    const run = await admit(
      "admin",
      "create",
      "--org",
      "acme",
      "--email",
      "second@acme.example",
      "--first-name",
      "Sam",
    );
    expectExit(run, 0);
    const password = /One-time password: (\S+)/.exec(run.stdout)?.[1] as string;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(run.stdout).toContain("Sign in at: http://admit.test/o/acme/login");
    const user = await services.directory.users.findByLogin(orgId, "second@acme.example");
    expect(user?.firstName).toBe("Sam");
    expect(await verifyPassword(user?.passwordHash, password)).toBe(true);
  });

  test("admin create with an email already in use → exit 1 and code directory.email_taken", async () => {
    const run = await admit("admin", "create", "--org", "acme", "--email", "admin@acme.example", "--json");
    expectExit(run, 1);
    expect(json<{ error: { code: string } }>(run).error.code).toBe("directory.email_taken");
  });

  test("api-key create prints a key the admin API accepts", async () => {
    const run = await admit("api-key", "create", "--org", "acme", "--name", "Deploy", "--json");
    expectExit(run, 0);
    const out = json<{ id: string; name: string; token: string }>(run);
    expect(out).toEqual({
      id: expect.any(String),
      name: "Deploy",
      token: expect.stringMatching(/^admit_ak_/),
    });
    const res = await request(buildApp(services))
      .get("/api/v1/orgs/acme")
      .set("Authorization", `Bearer ${out.token}`)
      .expect(200);
    expect(res.body.id).toBe(orgId);
  });

  test("scim-token create / list / revoke --json; the list never contains the secret", async () => {
    const created = await admit("scim-token", "create", "--org", "acme", "--name", "Entra ID", "--json");
    expectExit(created, 0);
    const token = json<{ id: string; name: string; token: string; baseUrl: string }>(created);
    expect(token).toEqual({
      id: expect.any(String),
      name: "Entra ID",
      token: expect.stringMatching(/^admit_scim_[A-Za-z0-9_-]{40,}$/),
      baseUrl: "http://admit.test/scim/v2",
    });
    expect((await services.auth.tokens.authenticate("scim", token.token))?.id).toBe(token.id);

    const listed = await admit("scim-token", "list", "--org", "acme", "--json");
    expectExit(listed, 0);
    expect(listed.stdout).not.toContain(token.token);
    expect(listed.stdout).not.toContain(token.token.slice(15));
    const rows = json<Array<Record<string, unknown>>>(listed);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([
      "createdAt",
      "id",
      "lastUsedAt",
      "name",
      "prefix",
      "revokedAt",
    ]);
    expect(rows[0]).toMatchObject({
      id: token.id,
      name: "Entra ID",
      prefix: token.token.slice(0, 15),
      revokedAt: null,
    });
    const text = await admit("scim-token", "list", "--org", "acme");
    expect(text.stdout).not.toContain(token.token);
    expect(text.stdout).toContain(token.id);

    const revoked = await admit("scim-token", "revoke", "--org", "acme", "--id", token.id, "--json");
    expectExit(revoked, 0);
    expect(json(revoked)).toEqual({ id: token.id, revoked: true });
    expect(await services.auth.tokens.authenticate("scim", token.token)).toBeNull();
    const after = json<Array<{ id: string; revokedAt: string | null }>>(
      await admit("scim-token", "list", "--org", "acme", "--json"),
    );
    expect(after).toEqual([expect.objectContaining({ id: token.id, revokedAt: expect.any(String) })]);
    const textAfter = await admit("scim-token", "list", "--org", "acme");
    expect(textAfter.stdout).toContain("REVOKED");

    // An SCIM token is not an API key.
    await request(buildApp(services))
      .get("/api/v1/orgs/acme")
      .set("Authorization", `Bearer ${token.token}`)
      .expect(401);
  });

  test("scim-token list of an organisation without tokens says so", async () => {
    const run = await admit("scim-token", "list", "--org", "beta");
    expectExit(run, 0);
    expect(run.stdout.trim()).toBe("No SCIM tokens.");
    expect(json(await admit("scim-token", "list", "--org", "beta", "--json"))).toEqual([]);
  });

  test("revoking an unknown token id → exit 1 and code auth.token_not_found", async () => {
    const run = await admit("scim-token", "revoke", "--org", "acme", "--id", "no-such-id", "--json");
    expectExit(run, 1);
    expect(json<{ error: { code: string } }>(run).error.code).toBe("auth.token_not_found");
  });

  test("a token of one organisation cannot be revoked through another", async () => {
    const created = json<{ id: string }>(await admit("scim-token", "create", "--org", "acme", "--json"));
    const run = await admit("scim-token", "revoke", "--org", "beta", "--id", created.id, "--json");
    expectExit(run, 1);
    expect(json<{ error: { code: string } }>(run).error.code).toBe("auth.token_not_found");
    const rows = await services.auth.tokens.list(orgId, "scim");
    expect(rows.find((r) => r.id === created.id)?.revokedAt).toBeNull();
  });

  test.each([
    [["admin", "create", "--org", "nope", "--email", "a@example.com"]],
    [["api-key", "create", "--org", "nope"]],
    [["scim-token", "create", "--org", "nope"]],
    [["scim-token", "list", "--org", "nope"]],
    [["scim-token", "revoke", "--org", "nope", "--id", "x"]],
  ])("an unknown organisation: admit %j → exit 1", async (args) => {
    const run = await admit(...args, "--json");
    expectExit(run, 1);
    expect(json(run)).toEqual({
      error: expect.objectContaining({ code: "directory.organisation_not_found" }),
    });
    const text = await admit(...args);
    expectExit(text, 1);
    expect(text.stderr).toMatch(
      /^admit: Organisation was not found \(directory\.organisation_not_found\)\n$/,
    );
  });

  test("a database that cannot be opened → exit 1 with a message, not a stack trace", async () => {
    const run = await exec(process.execPath, [ADMIT_BIN, "org", "list"], {
      ...env,
      DATABASE_URL: "mysql://nobody:wrong@127.0.0.1:1/none",
    });
    expectExit(run, 1);
    expect(run.stderr).toMatch(/^admit: /);
  });

  test("an invalid configuration → exit 1 naming the setting", async () => {
    const run = await exec(process.execPath, [ADMIT_BIN, "org", "list", "--json"], {
      ...env,
      PORT: "abc",
    });
    expectExit(run, 1);
    expect(json<{ error: { code: string; detail: string } }>(run).error).toMatchObject({
      code: "ConfigError",
      detail: expect.stringContaining("PORT"),
    });
  });
});

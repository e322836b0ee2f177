import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig } from "../../src/config";
import { testConfig } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/database";

/** `admit client …` and `admit oidc rotate-keys`, run as real child processes on a database of their own. */

const ROOT = join(__dirname, "..", "..");
const CLI_ENTRY = join(ROOT, "dist", "cli", "index.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is older than src/ (tsc may report errors elsewhere yet emit). */
async function ensureBuilt(): Promise<void> {
  if (existsSync(CLI_ENTRY) && statSync(CLI_ENTRY).mtimeMs >= newestSource(join(ROOT, "src"))) return;
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const build = await exec(process.execPath, [tsc, "-p", "tsconfig.build.json"], process.env, 300_000);
  if (!existsSync(join(ROOT, "dist", "cli", "commands", "oidc.js")))
    throw new Error(`the build produced no dist/cli/commands/oidc.js (exit ${build.code}):\n${build.stdout}`);
}

const databaseUrl = (config: DatabaseConfig) =>
  config.kind === "sqlite" ? `sqlite:${config.path}` : config.url;

let db: TestDatabase;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const admit = (...args: string[]) => exec(process.execPath, [join(ROOT, "bin", "admit.js"), ...args], env);

function json<T = Record<string, unknown>>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

beforeAll(async () => {
  await ensureBuilt();
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "admit-oidc-cli-"));
  const { TEST_MYSQL_URL: _ignored, ...inherited } = process.env;
  env = {
    ...inherited,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl(db.config),
    DATA_DIR: dataDir,
    APP_SECRET: testConfig(db.config).appSecret,
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://admit.example",
  };
  // MySQL/MariaDB is not migrated automatically (SQLite is): as an operator would, migrate first.
  expect((await admit("migrate")).code).toBe(0);
  const org = await admit("org", "create", "--slug", "acme", "--name", "Acme", "--json");
  expect({ code: org.code, out: org.stdout }).toEqual({
    code: 0,
    out: expect.stringContaining('"slug": "acme"'),
  });
}, 300_000);

afterAll(async () => {
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

jest.setTimeout(120_000);

test("client create prints the id and the secret once; list never shows it; delete removes it", async () => {
  const run = await admit(
    "client",
    "create",
    "--name",
    "Learning platform",
    "--redirect-uri",
    "https://lms.example/cb",
    "--redirect-uri",
    "https://lms.example/cb2",
    "--org",
    "acme",
    "--json",
  );
  expect(run.code).toBe(0);
  const created = json<{ clientId: string; clientSecret: string; discoveryUrl: string; org: string }>(run);
  expect(created).toMatchObject({
    org: "acme",
    redirectUris: ["https://lms.example/cb", "https://lms.example/cb2"],
    tokenEndpointAuthMethod: "client_secret_basic",
    discoveryUrl: "https://admit.example/oidc/.well-known/openid-configuration",
  });
  expect(created.clientSecret.length).toBeGreaterThanOrEqual(40);

  const listed = await admit("client", "list", "--json");
  expect(listed.code).toBe(0);
  expect(json<Array<{ clientId: string }>>(listed)).toEqual([
    expect.objectContaining({ clientId: created.clientId, org: "acme", public: false }),
  ]);
  expect(listed.stdout).not.toContain(created.clientSecret);

  const text = await admit("client", "list");
  expect(text.stdout).toContain(created.clientId);

  expect((await admit("client", "delete", "--id", created.clientId)).code).toBe(0);
  expect(json<unknown[]>(await admit("client", "list", "--json"))).toEqual([]);
  const again = await admit("client", "delete", "--id", created.clientId, "--json");
  expect(again.code).toBe(1);
  expect(json(again)).toMatchObject({ error: { code: "oidc.client_not_found" } });
});

test("a public client has no secret", async () => {
  const run = await admit(
    "client",
    "create",
    "--name",
    "SPA",
    "--redirect-uri",
    "http://localhost:5173/cb",
    "--public",
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("public client: no secret");
  expect(run.stdout).not.toMatch(/client_secret:/);
});

test.each([
  [["--redirect-uri", "not a url"], "oidc.redirect_uri"],
  [["--redirect-uri", "https://lms.example/cb#frag"], "oidc.redirect_uri"],
  [["--redirect-uri", "https://lms.example/cb", "--org", "nope"], "directory.organisation_not_found"],
])("client create %j fails with %s and creates nothing", async (args, code) => {
  const before = json<unknown[]>(await admit("client", "list", "--json")).length;
  const run = await admit("client", "create", "--name", "X", ...args, "--json");
  expect(run.code).toBe(1);
  expect(json<{ error: { code: string } }>(run).error.code).toBe(code);
  expect(json<unknown[]>(await admit("client", "list", "--json"))).toHaveLength(before);
});

test("migrate creates the provider's first signing key, once (a second migrate adds none)", async () => {
  expect((await admit("migrate")).code).toBe(0);
  // The first rotation retires exactly the key migrate created.
  const rotated = json<{ kid: string; retired: string[] }>(await admit("oidc", "rotate-keys", "--json"));
  expect(rotated.retired).toHaveLength(1);
  expect(rotated.retired).not.toContain(rotated.kid);
});

test("oidc rotate-keys creates a key, and the next one retires it", async () => {
  const first = json<{ kid: string; retired: string[] }>(await admit("oidc", "rotate-keys", "--json"));
  expect(first.kid).toMatch(/^[\w-]{16}$/);
  const second = json<{ kid: string; retired: string[] }>(await admit("oidc", "rotate-keys", "--json"));
  expect(second.retired).toContain(first.kid);
  expect(second.kid).not.toBe(first.kid);
});

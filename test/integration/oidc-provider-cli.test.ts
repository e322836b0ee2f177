import { join } from "node:path";
import { cliWorkspace, ensureBuilt, json, ROOT, type CliWorkspace } from "../support/cli";

/** `admit client …` and `admit oidc rotate-keys`, run as real child processes on a database of their own. */

let workspace: CliWorkspace;
const admit = (...args: string[]) => workspace.admit(...args);

beforeAll(async () => {
  await ensureBuilt(join(ROOT, "dist", "cli", "commands", "oidc.js"));
  workspace = await cliWorkspace("admit-oidc-cli-", "https://admit.example", 120_000);
  // MySQL/MariaDB is not migrated automatically (SQLite is): as an operator would, migrate first.
  expect((await admit("migrate")).code).toBe(0);
  const org = await admit("org", "create", "--slug", "acme", "--name", "Acme", "--json");
  expect({ code: org.code, out: org.stdout }).toEqual({
    code: 0,
    out: expect.stringContaining('"slug": "acme"'),
  });
}, 300_000);

afterAll(() => workspace?.close());

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
    "--post-logout-redirect-uri",
    "https://lms.example/logged-out",
    "--org",
    "acme",
    "--json",
  );
  expect(run.code).toBe(0);
  const created = json<{ clientId: string; clientSecret: string; discoveryUrl: string; org: string }>(run);
  expect(created).toMatchObject({
    org: "acme",
    redirectUris: ["https://lms.example/cb", "https://lms.example/cb2"],
    postLogoutRedirectUris: ["https://lms.example/logged-out"],
    tokenEndpointAuthMethod: "client_secret_basic",
    discoveryUrl: "https://admit.example/oidc/.well-known/openid-configuration",
  });
  expect(created.clientSecret.length).toBeGreaterThanOrEqual(40);

  const listed = await admit("client", "list", "--json");
  expect(listed.code).toBe(0);
  expect(json<Array<{ clientId: string }>>(listed)).toEqual([
    expect.objectContaining({
      clientId: created.clientId,
      org: "acme",
      public: false,
      postLogoutRedirectUris: ["https://lms.example/logged-out"],
    }),
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
  [["--redirect-uri", "https://lms.example/cb", "--post-logout-redirect-uri", "nope"], "oidc.redirect_uri"],
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

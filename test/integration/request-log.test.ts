import pino from "pino";
import request from "supertest";
import { buildApp, createServices } from "../../src/app";
import { randomToken } from "../../src/lib";
import { createTestApp, createTestOrg, type TestApp } from "../support/app";

/**
 * The request log line an operator reads at 3 a.m.: the whole path (not the part after a
 * router's mount point), never the query string, never a secret carried in the path (activation
 * and password-reset links).
 */
let t: TestApp;
const lines: Array<{ msg: string; path?: string }> = [];
let app: ReturnType<typeof buildApp>;

beforeAll(async () => {
  t = await createTestApp();
  await createTestOrg(t, "acme");
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  app = buildApp(createServices(t.config, t.dataSource, logger));
});
afterAll(async () => {
  await t.close();
});

const logged = () => lines.filter((l) => l.msg === "request").map((l) => l.path);

test("an activation or reset link's token is not logged; the rest of the path is", async () => {
  for (const flow of ["activate", "reset"]) {
    const token = randomToken(32);
    await request(app).get(`/o/acme/${flow}/${token}`);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(logged()).toContain(`/o/acme/${flow}/[redacted]`);
  }
});

test("paths are logged whole, without the query", async () => {
  await request(app).get("/o/acme/login?next=%2Fo%2Facme%2Faccount&code=secret-code-value");
  await request(app).get("/oidc/.well-known/openid-configuration");
  const id = "3f1c2a9e-5b7d-4c1e-9a2b-8d6e4f0a1b2c";
  await request(app).get(`/api/v1/orgs/acme/users/${id}`);
  expect(logged()).toEqual(
    expect.arrayContaining([
      "/o/acme/login",
      "/oidc/.well-known/openid-configuration",
      `/api/v1/orgs/acme/users/${id}`,
    ]),
  );
  expect(JSON.stringify(lines)).not.toContain("secret-code-value");
});

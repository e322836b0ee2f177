import request from "supertest";
import { world, textOf, type World } from "./console-support";

/**
 * Who may use the console: every route the app serves below /o/:org/admin is found by walking
 * Express's own route table (so a new route is covered the day it is added), and
 * - a signed-in user WITHOUT console access gets 403 on every one of them, and on every admin API
 *   route (/api/v1/orgs/:org/…) with their browser session;
 * - a signed-out visitor is sent to the login page (GET: with `next`);
 * - an administrator's POST without the CSRF field (or with a wrong one) gets 403 and changes
 *   nothing.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.t.close());

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function registeredRoutes(): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all")
            out.push({
              method: method.toUpperCase(),
              path: `${prefix}${layer.route.path}`.replace(/(.)\/$/, "$1"),
            });
        }
      } else if (layer.handle?.stack) {
        expect(typeof layer.rawPath).toBe("string");
        walk(layer.handle.stack, `${prefix}${layer.rawPath === "/" ? "" : layer.rawPath}`);
      }
    }
  };
  walk((w.t.app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A concrete URL for a route template: the organisation's slug, any other parameter a stand-in. */
const fill = (path: string, slug: string) =>
  path
    .replace(/^\/o\/:org/, `/o/${slug}`)
    .replace(/^\/api\/v1\/orgs\/:org/, `/api/v1/orgs/${slug}`)
    .replace(/:[A-Za-z]+/g, "00000000-0000-4000-8000-000000000000");

const consoleRoutes = () => registeredRoutes().filter((r) => r.path.startsWith("/o/:org/admin"));
const adminApiRoutes = () => registeredRoutes().filter((r) => /^\/api\/v1\/orgs\/:org(\/|$)/.test(r.path));

function send(browser: World["admin"] | undefined, method: string, url: string, form?: string) {
  const agent = request(w.t.app);
  let req =
    method === "GET"
      ? agent.get(url)
      : method === "POST"
        ? agent.post(url)
        : method === "PUT"
          ? agent.put(url)
          : method === "PATCH"
            ? agent.patch(url)
            : agent.delete(url);
  if (browser?.cookies.size)
    req = req.set("Cookie", [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  if (form !== undefined) req = req.type("form").send(form);
  return req.redirects(0);
}

/** Everything an administrator can change, as rows: compared before and after refused writes. */
async function snapshot(): Promise<string> {
  const tables = [
    "users",
    "departments",
    "job_profiles",
    "permission_types",
    "user_departments",
    "user_permission_types",
    "organisations",
    "access_tokens",
    "audit_events",
    "outbox_messages",
    "import_jobs",
    "mapping_rules",
    "signup_settings",
    "sso_connections",
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await w.t.dataSource
      .query(`SELECT * FROM ${table} ORDER BY id`)
      .catch(() => [])) as unknown[];
    parts.push(`${table}:${JSON.stringify(rows)}`);
  }
  return parts.join("\n");
}

test("the walk finds the console's routes (every section, GET and POST)", () => {
  const routes = consoleRoutes().map((r) => `${r.method} ${r.path}`);
  expect(routes.length).toBeGreaterThan(25);
  for (const expected of [
    "GET /o/:org/admin/users",
    "POST /o/:org/admin/users",
    "GET /o/:org/admin/users/:id",
    "POST /o/:org/admin/users/:id/deactivate",
    "POST /o/:org/admin/users/:id/activation",
    "POST /o/:org/admin/users/:id/one-time-password",
    "POST /o/:org/admin/users/import",
    "GET /o/:org/admin/departments",
    "POST /o/:org/admin/permission-types/:id/delete",
    "GET /o/:org/admin/audit",
  ]) {
    expect(routes).toContain(expected);
  }
  for (const section of ["communication", "signup", "sso", "scim"]) {
    expect(routes.some((r) => r.startsWith(`GET /o/:org/admin/${section}`))).toBe(true);
  }
});

test("a user without console access gets 403 on every console route, and never the console", async () => {
  const routes = consoleRoutes();
  const answers: string[] = [];
  for (const route of routes) {
    const form = route.method === "GET" ? undefined : `_csrf=${encodeURIComponent(w.learner.csrf)}&name=x`;
    const res = await send(w.learner, route.method, fill(route.path, "acme"), form);
    answers.push(`${route.method} ${route.path} → ${res.status}`);
    if (res.status === 403) {
      expect(res.text).not.toContain("console-nav");
      expect(textOf(res.text)).toContain("does not include the administration console");
    }
  }
  expect(answers).toEqual(routes.map((r) => `${r.method} ${r.path} → 403`));
});

test("a user without console access gets 403 on every admin API route (browser session)", async () => {
  const routes = adminApiRoutes();
  expect(routes.length).toBeGreaterThan(20);
  const answers: string[] = [];
  for (const route of routes) {
    const res = await send(w.learner, route.method, fill(route.path, "acme")).set(
      "X-CSRF-Token",
      w.learner.csrf,
    );
    answers.push(
      `${route.method} ${route.path} → ${res.status} ${(res.body as { code?: string }).code ?? ""}`,
    );
  }
  expect(answers).toEqual(routes.map((r) => `${r.method} ${r.path} → 403 auth.forbidden`));
});

test("a signed-out visitor is sent to the login page (GET with next), and a POST changes nothing", async () => {
  const before = await snapshot();
  for (const route of consoleRoutes()) {
    const url = fill(route.path, "acme");
    const res = await send(undefined, route.method, url, route.method === "GET" ? undefined : "name=x");
    expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 303]);
    const location = String(res.headers.location);
    if (route.method === "GET") expect(location).toBe(`/o/acme/login?next=${encodeURIComponent(url)}`);
    else expect(location).toBe("/o/acme/login");
  }
  expect(await snapshot()).toBe(before);
});

test("an administrator's POST without the CSRF field, or with a wrong one, gets 403 and changes nothing", async () => {
  const posts = consoleRoutes().filter((r) => r.method !== "GET");
  expect(posts.length).toBeGreaterThan(10);
  const { org } = w.acme;
  const user = (await w.t.services.directory.users.list(org.id, { q: "lee" })).items[0];
  const before = await snapshot();
  for (const route of posts) {
    // Real ids where a route takes one, so a missing check would really change something.
    const url = route.path
      .replace(/^\/o\/:org/, "/o/acme")
      .replace(/(users)\/:id/, `$1/${user?.id ?? ""}`)
      .replace(/(departments)\/:id/, `$1/${org.defaultDepartmentId ?? ""}`)
      .replace(/:[A-Za-z]+/g, "00000000-0000-4000-8000-000000000000");
    const fields = "name=Changed&firstName=Changed&lastName=Changed&enabled=1";
    const none = await send(w.admin, route.method, url, fields);
    const wrong = await send(w.admin, route.method, url, `_csrf=not-the-token&${fields}`);
    expect([route.path, none.status, wrong.status]).toEqual([route.path, 403, 403]);
    expect(textOf(none.text)).toContain("This form expired");
  }
  expect(await snapshot()).toBe(before);
});

test("the CSRF token of one administrator's session does not work in another's", async () => {
  const res = await send(
    w.admin,
    "POST",
    "/o/acme/admin/departments",
    `_csrf=${encodeURIComponent(w.globexAdmin.csrf)}&name=Sneaky`,
  );
  expect(res.status).toBe(403);
  expect((await w.t.services.directory.departments.list(w.acme.org.id)).map((d) => d.name)).not.toContain(
    "Sneaky",
  );
});

test("an administrator of another organisation is not an administrator here", async () => {
  // globex's admin has a globex session: on acme's console that is "not signed in here".
  const res = await send(w.globexAdmin, "GET", "/o/acme/admin/users");
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/o\/acme\/login/);
});

test("an unknown organisation is a 404", async () => {
  const res = await send(w.admin, "GET", "/o/no-such-org/admin/users");
  expect(res.status).toBe(404);
});

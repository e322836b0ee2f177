import type { Router } from "express";
import request from "supertest";
import { communicationSection } from "../../src/console/sections/communication";
import { scimSection } from "../../src/console/sections/scim";
import { signupSection } from "../../src/console/sections/signup";
import { ssoSection } from "../../src/console/sections/sso";
import { csrfOf } from "./activation-support";
import { consoleWorld, type ConsoleWorld } from "./console-settings-support";

/**
 * Every route of the Communication, Sign-up, SSO and SCIM sections: a non-admin gets 403, a
 * visitor is sent to the login page, and every POST without the `_csrf` field is a 403 that
 * changes nothing. The route list is read from the section routers themselves, so a new route
 * cannot be forgotten here.
 */
let w: ConsoleWorld;
beforeAll(async () => {
  w = await consoleWorld();
});
afterAll(async () => w?.t.close());

const SECTIONS: Array<[string, (deps: never) => Router]> = [
  ["communication", communicationSection as (deps: never) => Router],
  ["signup", signupSection as (deps: never) => Router],
  ["sso", ssoSection as (deps: never) => Router],
  ["scim", scimSection as (deps: never) => Router],
];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** [method, path under /o/{org}/admin] for every plain route of the four section routers. */
function routes(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [mount, build] of SECTIONS) {
    const router = build({
      ...w.t.services,
      provisioningLog: w.t.services.scim.log,
      publicUrl: "http://admit.test",
    } as never);
    for (const layer of (router as unknown as { stack: Layer[] }).stack) {
      if (!layer.route) continue;
      for (const method of Object.keys(layer.route.methods)) {
        // Params get a value that exists nowhere: the guard must answer before any lookup.
        const path = layer.route.path
          .replace(/:purpose/, "activation")
          .replace(/:language/, "en")
          .replace(/:kind/, "saml")
          .replace(/:[a-z]+/g, "00000000-0000-0000-0000-000000000000");
        out.push([method.toUpperCase(), `/${mount}${path === "/" ? "" : path}`]);
      }
    }
  }
  return out;
}

test("the sections have the routes this test walks (sanity: the enumeration sees them)", () => {
  const all = routes();
  expect(all.length).toBeGreaterThan(25);
  expect(all).toContainEqual(["POST", "/scim/tokens"]);
  expect(all).toContainEqual(["POST", "/scim/mapping/dry-run"]);
  expect(all).toContainEqual(["GET", "/sso/00000000-0000-0000-0000-000000000000/metadata"]);
});

test("a signed-in user without console access gets 403 on every route, even with a valid CSRF token", async () => {
  // The learner's own valid token (from their account page): the refusal is about access, not CSRF.
  const _csrf = csrfOf((await w.learner.get("/o/acme/account")).text);
  for (const [method, path] of routes()) {
    const url = `/o/acme/admin${path}`;
    const res = method === "GET" ? await w.learner.get(url) : await w.learner.raw(url, { _csrf });
    expect([method, path, res.status]).toEqual([method, path, 403]);
  }
});

test("a visitor is sent to the login page on every route", async () => {
  for (const [method, path] of routes()) {
    const url = `/o/acme/admin${path}`;
    const res =
      method === "GET"
        ? await request(w.t.app).get(url)
        : await request(w.t.app).post(url).type("form").send("a=b");
    expect([method, path, res.status]).toEqual([method, path, 303]);
    expect(res.headers.location).toMatch(/^\/o\/acme\/login/);
  }
});

test("every POST without _csrf (or with a wrong one) is 403, and nothing changes", async () => {
  const settingsBefore = await w.t.services.activation.settings.get(w.acme.org.id);
  for (const [method, path] of routes().filter(([m]) => m === "POST")) {
    const url = `/o/acme/admin${path}`;
    const missing = await w.admin.raw(url, { name: "x", enabled: "on", smsEnabled: "on" });
    expect([path, missing.status]).toEqual([path, 403]);
    const wrong = await w.admin.raw(url, { _csrf: "forged", name: "x", enabled: "on" });
    expect([method, path, wrong.status]).toEqual([method, path, 403]);
  }
  expect(await w.t.services.activation.settings.get(w.acme.org.id)).toEqual(settingsBefore);
  expect(await w.t.services.auth.tokens.list(w.acme.org.id, "scim")).toHaveLength(0);
  expect((await w.t.services.signup.settings.get(w.acme.org.id)).enabled).toBe(false);
});

test("an administrator of another organisation has no session here: sent to acme's login page", async () => {
  // Signed in to globex: acme's console is a different organisation, so no acme session at all.
  const res = await w.globexAdmin.get("/o/acme/admin/scim");
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/o\/acme\/login/);
});

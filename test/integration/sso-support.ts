import request from "supertest";
import { SsoLink } from "../../src/sso";
import { User } from "../../src/directory";
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";

/**
 * An organisation set up the way an SSO customer has it: a job profile and a permission type the
 * IdP's values map onto, and mapping rules (the same engine SCIM uses, PRODUCT.md §2):
 *   department      ← enterprise.department (created when unknown)
 *   job profile     ← title, "Staff Nurse" → "Nurse"
 *   permission type ← group displayName, "lms-managers" → "Manager"
 */
export interface SsoWorld {
  t: TestApp;
  acme: TestOrg;
  nurseId: string;
  managerId: string;
}

export async function ssoWorld(): Promise<SsoWorld> {
  const t = await createTestApp();
  const acme = await createTestOrg(t, "acme");
  const orgId = acme.org.id;
  const { directory, mapping } = t.services;
  const nurse = await directory.jobProfiles.create(orgId, { name: "Nurse" });
  const manager = await directory.permissionTypes.create(orgId, { name: "Manager" });
  await mapping.createRule(orgId, {
    target: "department",
    source: { kind: "attribute", path: "enterprise.department" },
    unknownPolicy: "create",
  });
  await mapping.createRule(orgId, {
    target: "jobProfile",
    source: { kind: "attribute", path: "title" },
    valueMap: { "Staff Nurse": "Nurse" },
  });
  await mapping.createRule(orgId, {
    target: "permissionType",
    source: { kind: "group", match: "displayName" },
    valueMap: { "lms-managers": "Manager" },
  });
  return { t, acme, nurseId: nurse.id, managerId: manager.id };
}

export function setCookies(res: request.Response): string[] {
  const header = res.headers["set-cookie"] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === "string" ? [header] : [];
}

export function cookie(res: request.Response, name: string): string | undefined {
  const line = setCookies(res).find((c) => c.startsWith(`${name}=`));
  const value = line?.slice(name.length + 1).split(";")[0];
  return value ? `${name}=${value}` : undefined;
}

/** The account page, signed in with the session cookie a login set. */
export async function accountPage(t: TestApp, slug: string, res: request.Response) {
  const session = cookie(res, "admit_session");
  if (!session) throw new Error(`no session cookie (status ${res.status}): ${res.text.slice(0, 400)}`);
  return request(t.app).get(`/o/${slug}/account`).set("Cookie", session).expect(200);
}

/** Row counts that an attack must leave unchanged: users, links, sessions. */
export async function footprint(t: TestApp) {
  const em = t.dataSource.manager;
  return {
    users: await em.count(User),
    links: await em.count(SsoLink),
    sessions: Number((await em.query("SELECT COUNT(*) AS n FROM sessions"))[0].n),
  };
}

/** A refusal: the friendly page with the expected code and the request id, and no session. */
export function expectRefused(res: request.Response, code: string): void {
  expect({ status: res.status, code: /<code>(sso\.[a-z_]+)<\/code>/.exec(res.text)?.[1] }).toEqual({
    status: expect.any(Number),
    code,
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.text).toContain(String(res.headers["x-request-id"]));
  expect(cookie(res, "admit_session")).toBeUndefined();
}

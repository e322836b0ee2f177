import request from "supertest";
import type { ObjectLiteral } from "typeorm";
import { AccessToken, hashPassword } from "../../src/auth";
import type { Organisation } from "../../src/directory";
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";
import { IDP_CERT } from "../support/saml-idp";
import { importJobFor } from "../support/import-job";
import { WebhookDelivery } from "../../src/webhooks";

/**
 * Tenant isolation of the admin API: one organisation's credentials never read, change or even
 * confirm the existence of another organisation's data.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** An organisation with one of everything, created directly through the services. */
interface Tenant {
  slug: string;
  api: TestOrg;
  org: Organisation;
  departmentId: string;
  departmentName: string;
  jobProfileId: string;
  jobProfileName: string;
  permissionTypeId: string;
  permissionTypeName: string;
  administratorTypeId: string;
  userId: string;
  userEmail: string;
  scimTokenId: string;
  scimSecret: string;
  mappingRuleId: string;
  ssoConnectionId: string;
  importJobId: string;
  webhookId: string;
  webhookDeliveryId: string;
}

/** One request made against the admin API in a test: path relative to /api/v1/orgs/{slug}. */
interface Attempt {
  path: string;
  body?: Record<string, unknown>;
  /** The status the attempt must get (or one of them). */
  status: number | number[];
}

interface AdminRoute {
  method: Method;
  /**
   * Relative to /api/v1/orgs/{slug}; `:department`, `:jobProfile`, `:permissionType`, `:user`,
   * `:scimToken`, `:rule` are the tenant's ids; `:preset`, `:purpose`, `:language` fixed names.
   */
  path: string;
  /** A valid body for this route in tenant `own` (so a refusal is never just a validation error). */
  body?: (own: Tenant) => Record<string, unknown>;
  /**
   * A's API key on A's own slug, naming B's rows (in the path, the body or the query). Each
   * attempt must get its status, show nothing of B, and change nothing of B.
   */
  foreign: (a: Tenant, b: Tenant) => Attempt[];
}

/** A body naming another tenant's row: refused as a bad field (422) or as a missing row (404). */
const REFERENCE_REFUSED = [404, 422];

const fill = (path: string, tenant: Tenant): string =>
  path
    .replace(":department", tenant.departmentId)
    .replace(":jobProfile", tenant.jobProfileId)
    .replace(":permissionType", tenant.permissionTypeId)
    .replace(":user", tenant.userId)
    .replace(":scimToken", tenant.scimTokenId)
    .replace(":rule", tenant.mappingRuleId)
    .replace(":ssoConnection", tenant.ssoConnectionId)
    .replace(":importJob", tenant.importJobId)
    .replace(":webhookDelivery", tenant.webhookDeliveryId)
    .replace(":webhook", tenant.webhookId)
    .replace(":preset", "entra")
    .replace(":purpose", "activation")
    .replace(":language", "en");

/** B's ids in the path: the same 404 as an id that does not exist at all. */
const foreignPathIds =
  (path: string, body?: (own: Tenant) => Record<string, unknown>) =>
  (a: Tenant, b: Tenant): Attempt[] => [{ path: fill(path, b), body: body?.(a), status: 404 }];

/** The five routes every catalog (departments, job profiles, permission types) has. */
function catalogRoutes(
  collection: string,
  param: ":department" | ":jobProfile" | ":permissionType",
  nameOf: (tenant: Tenant) => string,
  extraForeign: (a: Tenant, b: Tenant) => Attempt[] = () => [],
): AdminRoute[] {
  const base = `/${collection}`;
  const item = `${base}/${param}`;
  const body = () => ({ name: `New ${collection} ${Math.random().toString(36).slice(2, 8)}` });
  return [
    { method: "GET", path: base, foreign: () => [{ path: base, status: 200 }] },
    {
      method: "POST",
      path: base,
      body,
      // Names are unique per organisation: B already using a name does not stop (or reveal anything to) A.
      foreign: (_a, b) => [{ path: base, body: { name: nameOf(b) }, status: 201 }, ...extraForeign(_a, b)],
    },
    { method: "GET", path: item, foreign: foreignPathIds(item) },
    {
      method: "PATCH",
      path: item,
      body: () => ({ externalId: "patched" }),
      foreign: (a, b) => [
        ...foreignPathIds(item, () => ({ externalId: "patched" }))(a, b),
        ...(collection === "departments"
          ? [{ path: fill(item, a), body: { parentId: b.departmentId }, status: REFERENCE_REFUSED }]
          : []),
      ],
    },
    { method: "DELETE", path: item, foreign: foreignPathIds(item) },
  ];
}

const mappingRule = () => ({
  target: "jobProfile" as const,
  source: { kind: "attribute" as const, path: "title" },
  valueMap: { Nurse: "Default Job Profile" },
});

const messageTemplate = () => ({
  subject: "Welcome",
  html: "<p>Open {{link}}</p>",
  text: "Open {{link}}",
  sms: "Open {{link}}",
});

/** A SAML connection body; email domains are unique per organisation only. */
const ssoConnection = (domain = `d${Math.random().toString(36).slice(2, 8)}.example`) => ({
  kind: "saml",
  name: "Another IdP",
  idpEntityId: "https://idp.example.test/saml",
  ssoUrl: "https://idp.example.test/saml/sso",
  certificates: [IDP_CERT],
  emailDomains: [domain],
});

const userFields = (own: Tenant, overrides: Record<string, unknown> = {}) => ({
  firstName: "Nina",
  lastName: "Newcomer",
  email: `nina.${Math.random().toString(36).slice(2, 8)}@example.com`,
  language: "en",
  jobProfileId: own.jobProfileId,
  departmentIds: [own.departmentId],
  permissionTypeIds: [own.permissionTypeId],
  ...overrides,
});

// ──────────────────────────────────────────────────────────────────────────────────────────────
// EVERY admin API route (src/admin), method + path template. A NEW ROUTE MUST BE ADDED HERE,
// with its cross-tenant attempts: "the table lists every route the admin API registers" compares
// this table with the routes Express actually has and fails until the new route is listed.
// ──────────────────────────────────────────────────────────────────────────────────────────────
const ROUTES: AdminRoute[] = [
  { method: "GET", path: "/", foreign: () => [{ path: "/", status: 200 }] },
  {
    method: "PATCH",
    path: "/",
    body: () => ({ name: "Renamed" }),
    foreign: (_a, b) => [
      { path: "/", body: { defaultDepartmentId: b.departmentId }, status: 422 },
      { path: "/", body: { defaultJobProfileId: b.jobProfileId }, status: 422 },
      { path: "/", body: { defaultPermissionTypeId: b.permissionTypeId }, status: 422 },
    ],
  },
  ...catalogRoutes(
    "departments",
    ":department",
    (t) => t.departmentName,
    (a, b) => [
      {
        path: "/departments",
        body: { name: "Child of B", parentId: b.departmentId },
        status: REFERENCE_REFUSED,
      },
    ],
  ),
  ...catalogRoutes("job-profiles", ":jobProfile", (t) => t.jobProfileName),
  ...catalogRoutes("permission-types", ":permissionType", (t) => t.permissionTypeName),
  {
    method: "GET",
    path: "/users",
    foreign: (_a, b) => [
      { path: "/users", status: 200 },
      { path: `/users?departmentId=${b.departmentId}`, status: 200 },
      { path: `/users?jobProfileId=${b.jobProfileId}`, status: 200 },
      { path: `/users?permissionTypeId=${b.permissionTypeId}`, status: 200 },
      { path: `/users?q=${encodeURIComponent(b.userEmail)}`, status: 200 },
    ],
  },
  {
    method: "POST",
    path: "/users",
    body: (own) => userFields(own),
    foreign: (a, b) => [
      { path: "/users", body: userFields(a, { departmentIds: [b.departmentId] }), status: 422 },
      {
        path: "/users",
        body: userFields(a, { departmentIds: [a.departmentId, b.departmentId] }),
        status: 422,
      },
      { path: "/users", body: userFields(a, { jobProfileId: b.jobProfileId }), status: 422 },
      { path: "/users", body: userFields(a, { permissionTypeIds: [b.permissionTypeId] }), status: 422 },
      // Emails are unique per organisation: B's user having one does not block A (nor reveal B's user).
      { path: "/users", body: userFields(a, { email: b.userEmail }), status: 201 },
    ],
  },
  { method: "GET", path: "/users/:user", foreign: foreignPathIds("/users/:user") },
  {
    method: "PATCH",
    path: "/users/:user",
    body: () => ({ firstName: "Patched" }),
    foreign: (a, b) => [
      ...foreignPathIds("/users/:user", () => ({ firstName: "Patched" }))(a, b),
      { path: fill("/users/:user", a), body: { departmentIds: [b.departmentId] }, status: 422 },
      { path: fill("/users/:user", a), body: { jobProfileId: b.jobProfileId }, status: 422 },
      { path: fill("/users/:user", a), body: { permissionTypeIds: [b.permissionTypeId] }, status: 422 },
    ],
  },
  { method: "POST", path: "/users/:user/deactivate", foreign: foreignPathIds("/users/:user/deactivate") },
  { method: "POST", path: "/users/:user/reactivate", foreign: foreignPathIds("/users/:user/reactivate") },
  { method: "DELETE", path: "/users/:user", foreign: foreignPathIds("/users/:user") },
  { method: "GET", path: "/users/:user/deliveries", foreign: foreignPathIds("/users/:user/deliveries") },
  {
    method: "POST",
    path: "/users/activation",
    body: () => ({ status: "pending" }),
    // Sending to "B's department" reaches nobody of B (the snapshot of B proves it).
    foreign: (_a, b) => [
      {
        path: "/users/activation",
        body: { status: "pending", departmentId: b.departmentId },
        status: [200, 404, 422],
      },
    ],
  },
  { method: "GET", path: "/users/:user/activation", foreign: foreignPathIds("/users/:user/activation") },
  { method: "POST", path: "/users/:user/activation", foreign: foreignPathIds("/users/:user/activation") },
  {
    method: "POST",
    path: "/users/:user/one-time-password",
    body: () => ({}),
    foreign: foreignPathIds("/users/:user/one-time-password", () => ({})),
  },
  { method: "GET", path: "/communication", foreign: () => [{ path: "/communication", status: 200 }] },
  {
    method: "PUT",
    path: "/communication",
    body: () => ({ linkLifetimeHours: 48 }),
    foreign: () => [{ path: "/communication", body: { linkLifetimeHours: 48 }, status: 200 }],
  },
  {
    method: "GET",
    path: "/communication/templates/:purpose/:language",
    foreign: () => [{ path: "/communication/templates/activation/en", status: 200 }],
  },
  {
    method: "PUT",
    path: "/communication/templates/:purpose/:language",
    body: () => messageTemplate(),
    // A's template is A's: B keeps its own (the snapshot of B proves it).
    foreign: () => [{ path: "/communication/templates/activation/en", body: messageTemplate(), status: 200 }],
  },
  { method: "GET", path: "/signup", foreign: () => [{ path: "/signup", status: 200 }] },
  {
    method: "PUT",
    path: "/signup",
    body: () => ({ enabled: true }),
    // B's departments, job profiles and permission types are no choices or defaults of A's sign-up.
    foreign: (a, b) => [
      { path: "/signup", body: { selectableDepartmentIds: [b.departmentId] }, status: 422 },
      {
        path: "/signup",
        body: { userSelectsDepartment: true, selectableDepartmentIds: [a.departmentId, b.departmentId] },
        status: 422,
      },
      { path: "/signup", body: { defaultDepartmentId: b.departmentId }, status: 422 },
      { path: "/signup", body: { defaultJobProfileId: b.jobProfileId }, status: 422 },
      { path: "/signup", body: { defaultPermissionTypeId: b.permissionTypeId }, status: 422 },
    ],
  },
  { method: "GET", path: "/scim-tokens", foreign: () => [{ path: "/scim-tokens", status: 200 }] },
  {
    method: "POST",
    path: "/scim-tokens",
    body: () => ({ name: "Another IdP" }),
    foreign: () => [{ path: "/scim-tokens", body: { name: "Another IdP" }, status: 201 }],
  },
  { method: "DELETE", path: "/scim-tokens/:scimToken", foreign: foreignPathIds("/scim-tokens/:scimToken") },
  {
    method: "GET",
    path: "/scim/provisioning-log",
    foreign: (_a, b) => [
      { path: "/scim/provisioning-log", status: 200 },
      { path: `/scim/provisioning-log?resourceId=${b.userId}`, status: 200 },
    ],
  },
  { method: "GET", path: "/mapping/rules", foreign: () => [{ path: "/mapping/rules", status: 200 }] },
  {
    method: "PUT",
    path: "/mapping/rules",
    body: () => ({ rules: [] }),
    // Replacing A's rules leaves B's alone (checked by the snapshot of B).
    foreign: () => [{ path: "/mapping/rules", body: { rules: [mappingRule()] }, status: 200 }],
  },
  {
    method: "POST",
    path: "/mapping/rules",
    body: () => mappingRule(),
    foreign: () => [{ path: "/mapping/rules", body: mappingRule(), status: 201 }],
  },
  { method: "GET", path: "/mapping/rules/:rule", foreign: foreignPathIds("/mapping/rules/:rule") },
  {
    method: "PATCH",
    path: "/mapping/rules/:rule",
    body: () => ({ unknownPolicy: "reject" }),
    foreign: foreignPathIds("/mapping/rules/:rule", () => ({ unknownPolicy: "reject" })),
  },
  { method: "DELETE", path: "/mapping/rules/:rule", foreign: foreignPathIds("/mapping/rules/:rule") },
  { method: "GET", path: "/mapping/presets", foreign: () => [{ path: "/mapping/presets", status: 200 }] },
  {
    method: "POST",
    path: "/mapping/presets/:preset",
    foreign: () => [{ path: "/mapping/presets/entra", status: 200 }],
  },
  {
    method: "POST",
    path: "/mapping/dry-run",
    body: () => ({ user: { userName: "sample", title: "Nurse" } }),
    // B's names as values resolve in A's catalog (to A's defaults), never to B's entries.
    foreign: (_a, b) => [
      {
        path: "/mapping/dry-run",
        body: {
          user: {
            userName: "sample",
            title: b.jobProfileName,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: b.departmentName },
          },
        },
        status: 200,
      },
    ],
  },
  {
    method: "GET",
    path: "/sso/connections",
    foreign: () => [{ path: "/sso/connections", status: 200 }],
  },
  {
    method: "POST",
    path: "/sso/connections",
    body: () => ssoConnection(),
    // B's email domain is B's within B only: A may claim it for A's login page (B's stays B's).
    foreign: (_a, b) => [{ path: "/sso/connections", body: ssoConnection(`${b.slug}.example`), status: 201 }],
  },
  {
    method: "GET",
    path: "/sso/connections/:ssoConnection",
    foreign: foreignPathIds("/sso/connections/:ssoConnection"),
  },
  {
    method: "PATCH",
    path: "/sso/connections/:ssoConnection",
    body: () => ({ jit: true }),
    foreign: foreignPathIds("/sso/connections/:ssoConnection", () => ({ jit: true })),
  },
  {
    method: "DELETE",
    path: "/sso/connections/:ssoConnection",
    foreign: foreignPathIds("/sso/connections/:ssoConnection"),
  },
  {
    method: "GET",
    path: "/sso/connections/:ssoConnection/metadata",
    foreign: foreignPathIds("/sso/connections/:ssoConnection/metadata"),
  },
  // A's template lists A's catalog only (import-template.test.ts reads the lists).
  {
    method: "GET",
    path: "/users/import-template",
    foreign: () => [{ path: "/users/import-template", status: 200 }],
  },
  // Uploads are .xlsx, never JSON; files naming B's catalog are refused row by row (import-rows.test.ts).
  {
    method: "POST",
    path: "/users/import",
    foreign: () => [{ path: "/users/import", body: { file: "x" }, status: 415 }],
  },
  { method: "GET", path: "/users/import/:importJob", foreign: foreignPathIds("/users/import/:importJob") },
  {
    method: "GET",
    path: "/users/import/:importJob/report",
    foreign: foreignPathIds("/users/import/:importJob/report"),
  },
  // Webhooks: B's endpoints and deliveries are 404 by id, alone or combined with A's endpoint.
  { method: "GET", path: "/webhooks", foreign: () => [{ path: "/webhooks", status: 200 }] },
  {
    method: "POST",
    path: "/webhooks",
    body: () => ({ url: "https://hooks.example/admit", events: ["user.*"] }),
    foreign: (_a, b) => [
      {
        path: "/webhooks",
        body: { url: `https://hooks.${b.slug}.example/admit`, events: ["*"] },
        status: 201,
      },
    ],
  },
  { method: "GET", path: "/webhooks/:webhook", foreign: foreignPathIds("/webhooks/:webhook") },
  {
    method: "PATCH",
    path: "/webhooks/:webhook",
    body: () => ({ description: "patched" }),
    foreign: foreignPathIds("/webhooks/:webhook", () => ({ enabled: false })),
  },
  { method: "DELETE", path: "/webhooks/:webhook", foreign: foreignPathIds("/webhooks/:webhook") },
  {
    method: "POST",
    path: "/webhooks/:webhook/rotate-secret",
    foreign: foreignPathIds("/webhooks/:webhook/rotate-secret"),
  },
  {
    method: "GET",
    path: "/webhooks/:webhook/deliveries",
    foreign: foreignPathIds("/webhooks/:webhook/deliveries"),
  },
  {
    method: "GET",
    path: "/webhooks/:webhook/deliveries/:webhookDelivery",
    foreign: (a, b) => [
      { path: fill("/webhooks/:webhook/deliveries/:webhookDelivery", b), status: 404 },
      { path: `/webhooks/${a.webhookId}/deliveries/${b.webhookDeliveryId}`, status: 404 },
    ],
  },
  {
    method: "POST",
    path: "/webhooks/:webhook/deliveries/:webhookDelivery/redeliver",
    foreign: (a, b) => [
      { path: fill("/webhooks/:webhook/deliveries/:webhookDelivery/redeliver", b), status: 404 },
      { path: `/webhooks/${a.webhookId}/deliveries/${b.webhookDeliveryId}/redeliver`, status: 404 },
    ],
  },
];

const WRITES = ROUTES.filter((r) => r.method !== "GET");
const READS = ROUTES.filter((r) => r.method === "GET");

// ── HTTP helpers ─────────────────────────────────────────────────────────────────────────────

type Credentials =
  { bearer: string } | { authorization: string } | { cookie: string; csrf?: string } | Record<string, never>;

function send(
  t: TestApp,
  method: Method,
  slug: string,
  path: string,
  credentials: Credentials,
  body?: Record<string, unknown>,
): request.Test {
  const url = `/api/v1/orgs/${slug}${path === "/" ? "" : path}`;
  const agent = request(t.app);
  const verbs = { GET: "get", POST: "post", PUT: "put", PATCH: "patch", DELETE: "delete" } as const;
  let req = agent[verbs[method]](url);
  if ("bearer" in credentials) req = req.set("Authorization", `Bearer ${credentials.bearer}`);
  if ("authorization" in credentials) req = req.set("Authorization", credentials.authorization);
  if ("cookie" in credentials) {
    req = req.set("Cookie", credentials.cookie);
    if (credentials.csrf !== undefined) req = req.set("X-CSRF-Token", credentials.csrf);
  }
  return body !== undefined && method !== "GET" ? req.send(body) : req;
}

function setCookies(res: request.Response): string[] {
  const header = res.headers["set-cookie"] as unknown;
  return Array.isArray(header) ? (header as string[]) : typeof header === "string" ? [header] : [];
}

function cookieValue(res: request.Response, name: string): string | undefined {
  const line = setCookies(res).find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(";")[0];
}

function hiddenCsrf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no _csrf field in the page");
  return match[1];
}

/** Signs in through the real login form; returns the session cookie and its CSRF token. */
async function signIn(t: TestApp, slug: string, identifier: string, password: string) {
  const page = await request(t.app).get(`/o/${slug}/login`).expect(200);
  const csrfCookie = `admit_csrf=${cookieValue(page, "admit_csrf")}`;
  const login = await request(t.app)
    .post(`/o/${slug}/login`)
    .set("Cookie", csrfCookie)
    .type("form")
    .send({ _csrf: hiddenCsrf(page.text), identifier, password })
    .expect(303);
  expect(login.headers.location).toBe(`/o/${slug}/account`);
  const session = cookieValue(login, "admit_session");
  if (!session) throw new Error("login set no session cookie");
  const cookie = `admit_session=${session}`;
  const account = await request(t.app).get(`/o/${slug}/account`).set("Cookie", cookie).expect(200);
  return { cookie, csrf: hiddenCsrf(account.text) };
}

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────────

const PASSWORD = "tenant-isolation-password-1";

let t: TestApp;
let A: Tenant;
let B: Tenant;
let adminA: { cookie: string; csrf: string };
let learnerA: { cookie: string; csrf: string };
/** Every id and secret B has: none may appear in what A is told. */
let bMarkers: string[];
let bSnapshot: Record<string, ObjectLiteral[]>;

async function createTenant(slug: string, label: string): Promise<Tenant> {
  const api = await createTestOrg(t, slug, ["en"]);
  const { directory, auth } = t.services;
  const orgId = api.org.id;
  await directory.organisations.update(orgId, { name: `${label} Organisation` });
  const department = await directory.departments.create(orgId, { name: `${label} Cardiology` });
  const jobProfile = await directory.jobProfiles.create(orgId, { name: `${label} Surgeon` });
  const permissionType = await directory.permissionTypes.create(orgId, { name: `${label} Supervisor` });
  const administrator = (await directory.permissionTypes.list(orgId)).find((p) => p.consoleAccess);
  // A webhook endpoint before the user, so the user's creation queues a delivery of the tenant's.
  const webhook = await t.services.webhooks.endpoints.create(orgId, {
    url: `https://hooks.${slug}.example/admit`,
    events: ["*"],
  });
  const userEmail = `${label.toLowerCase()}.person@${label.toLowerCase()}.example`;
  const user = await directory.users.create(
    orgId,
    {
      firstName: `${label}first`,
      lastName: `${label}last`,
      email: userEmail,
      userName: `${label.toLowerCase()}.username`,
      phone: "+45 20 12 34 56",
      language: "en",
      jobProfileId: jobProfile.id,
      departmentIds: [department.id],
      permissionTypeIds: [permissionType.id],
      externalId: `${label}-external-1`,
    },
    { source: "manual", status: "active" },
  );
  const scim = await auth.tokens.issue(orgId, "scim", `${label} IdP`);
  const rule = await t.services.mapping.createRule(orgId, {
    target: "department",
    source: { kind: "attribute", path: "enterprise.department" },
    valueMap: { [`${label}-cardio`]: department.name },
  });
  const sso = await t.services.sso.connections.create(orgId, {
    ...ssoConnection(`${slug}.example`),
    kind: "saml",
    name: `${label} Entra`,
  });
  return {
    slug,
    api,
    org: await directory.organisations.getById(orgId),
    departmentId: department.id,
    departmentName: department.name,
    jobProfileId: jobProfile.id,
    jobProfileName: jobProfile.name,
    permissionTypeId: permissionType.id,
    permissionTypeName: permissionType.name,
    administratorTypeId: administrator?.id ?? "",
    userId: user.id,
    userEmail,
    scimTokenId: scim.token.id,
    scimSecret: scim.secret,
    mappingRuleId: rule.id,
    ssoConnectionId: sso.connection.id,
    // An Excel import of one user, so B has an import job (and its rows) that A must not see.
    importJobId: await importJobFor(t, orgId, label, {
      jobProfile: jobProfile.name,
      department: department.name,
      permissionType: permissionType.name,
    }),
    webhookId: webhook.endpoint.id,
    webhookDeliveryId: (
      await t.dataSource.manager.findOneByOrFail(WebhookDelivery, {
        endpointId: webhook.endpoint.id,
        eventType: "user.created",
      })
    ).id,
  };
}

/** Rows in a stable order, whatever the database returns first. */
const sorted = (rows: ObjectLiteral[]) =>
  [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

/**
 * Every row of a tenant in every table, read straight from the database: rows with its
 * organisationId, the organisation itself, and rows of other tables (assignments, members)
 * that point at any of those rows. New tables are covered without changing this test.
 */
async function readTenantRows(tenant: Tenant) {
  const em = t.dataSource.manager;
  const orgId = tenant.org.id;
  const owned = new Set<string>([orgId]);
  const tables: Record<string, ObjectLiteral[]> = {};
  const metadatas = [...t.dataSource.entityMetadatas].sort((x, y) => x.tableName.localeCompare(y.tableName));
  const scoped = metadatas.filter((m) => m.findColumnWithPropertyName("organisationId"));
  for (const meta of scoped) {
    const rows: ObjectLiteral[] = await em.find(meta.target, { where: { organisationId: orgId } });
    for (const row of rows)
      for (const column of meta.primaryColumns)
        // A generated sequence number (webhook_deliveries.seq) names no row of B's to anyone.
        if (!column.isGenerated) owned.add(String(row[column.propertyName]));
    tables[meta.tableName] = sorted(rows);
  }
  for (const meta of metadatas.filter((m) => !scoped.includes(m))) {
    const rows: ObjectLiteral[] = await em.find(meta.target);
    tables[meta.tableName] = sorted(
      rows.filter((row) =>
        meta.columns.some(
          (c) =>
            (c.propertyName === "id" || c.propertyName.endsWith("Id")) &&
            owned.has(String(row[c.propertyName])),
        ),
      ),
    );
  }
  // B's own API key is used by B in these tests (its last use moves); every other column counts.
  tables.access_tokens = (tables.access_tokens ?? []).map((token) =>
    token.kind === "api_key" ? { ...token, lastUsedAt: "(B's own use)" } : token,
  );
  return { tables, owned: [...owned] };
}

async function expectBUnchanged(): Promise<void> {
  expect((await readTenantRows(B)).tables).toEqual(bSnapshot);
}

/**
 * Asserts that a response shows nothing of B. What the caller sent itself (the path with its
 * query, every string in the body) is removed first: echoing the caller's own input is no leak.
 */
function expectNothingOfB(
  res: request.Response,
  sent: { path: string; body?: Record<string, unknown> },
): void {
  let text = `${JSON.stringify(res.body ?? null)}\n${res.text ?? ""}`;
  const strings = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : value && typeof value === "object"
        ? Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)])
        : [];
  const echoes = [sent.path, ...strings(sent.body)].filter((echo) => echo.length > 0);
  for (const echo of echoes.sort((x, y) => y.length - x.length)) text = text.split(echo).join("");
  for (const marker of bMarkers)
    expect({ marker, found: text.includes(marker) }).toEqual({ marker, found: false });
  // B's slug and every name of B contain "bravo".
  expect(text).not.toMatch(/bravo/i);
}

beforeAll(async () => {
  t = await createTestApp();
  A = await createTenant("alpha", "Alpha");
  B = await createTenant("bravo", "Bravo");
  const { directory } = t.services;
  const passwordHash = await hashPassword(PASSWORD);
  const common = { language: "en", jobProfileId: A.jobProfileId, departmentIds: [A.departmentId] };
  await directory.users.create(
    A.org.id,
    {
      ...common,
      firstName: "Ada",
      lastName: "Admin",
      email: "ada@alpha.example",
      permissionTypeIds: [A.administratorTypeId],
    },
    { source: "manual", status: "active", passwordHash },
  );
  await directory.users.create(
    A.org.id,
    {
      ...common,
      firstName: "Leo",
      lastName: "Learner",
      email: "leo@alpha.example",
      permissionTypeIds: [A.org.defaultPermissionTypeId as string],
    },
    { source: "manual", status: "active", passwordHash },
  );
  adminA = await signIn(t, "alpha", "ada@alpha.example", PASSWORD);
  learnerA = await signIn(t, "alpha", "leo@alpha.example", PASSWORD);

  // Something in B's provisioning log, as its SCIM client would leave there.
  await t.services.scim.log.record({
    organisationId: B.org.id,
    tokenId: B.scimTokenId,
    tokenName: "Bravo IdP",
    method: "POST",
    path: "/scim/v2/Users",
    status: 201,
    scimType: null,
    durationMs: 12,
    resourceId: B.userId,
    summary: `created ${B.userEmail}`,
  });

  const rows = await readTenantRows(B);
  bSnapshot = rows.tables;
  const prefixes = (rows.tables.access_tokens ?? []).map((token) => String(token.prefix));
  bMarkers = [...new Set([B.scimSecret, B.api.apiKey, ...rows.owned, ...prefixes])];
  expect(rows.owned.length).toBeGreaterThan(10);
});
afterAll(async () => t?.close());

describe("the route table", () => {
  test("the table lists every route the admin API registers, and nothing else", () => {
    interface Layer {
      rawPath?: string;
      route?: { path: string; methods: Record<string, boolean> };
      handle?: { stack?: Layer[] };
    }
    const registered: string[] = [];
    const walk = (stack: Layer[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on) registered.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
          }
        } else if (layer.handle?.stack) {
          // A mounted router must expose its mount path, or this walk cannot see its routes.
          expect(typeof layer.rawPath).toBe("string");
          walk(layer.handle.stack, `${prefix}${layer.rawPath === "/" ? "" : layer.rawPath}`);
        }
      }
    };
    // The app as it is served: every route below /api/v1/orgs/:org is an admin API route.
    walk((t.app as unknown as { router: { stack: Layer[] } }).router.stack, "");
    const normalize = (route: string) => route.replace(/:[A-Za-z]+/g, ":param").replace(/(.)\/$/, "$1");
    const admin = registered.map(normalize).filter((r) => / \/api\/v1\/orgs\/:param(\/|$)/.test(r));
    const table = ROUTES.map((r) => normalize(`${r.method} /api/v1/orgs/:org${r.path}`));
    expect(admin.length).toBeGreaterThan(20);
    expect([...new Set(admin)].sort()).toEqual([...table].sort());
    expect(new Set(table).size).toBe(table.length);
  });
});

describe("A's API key on B's slug", () => {
  let unknownOrgAnswer: Record<string, unknown>;
  beforeAll(async () => {
    const res = await send(t, "GET", "no-such-org", "/", { bearer: A.api.apiKey }).expect(404);
    const { instance: _i, requestId: _r, ...rest } = res.body as Record<string, unknown>;
    unknownOrgAnswer = rest;
  });

  test.each(ROUTES)(
    "$method $path → 404 like an unknown organisation, nothing of B in the body",
    async (route) => {
      const path = fill(route.path, B);
      const body = route.body?.(B);
      const res = await send(t, route.method, "bravo", path, { bearer: A.api.apiKey }, body).expect(404);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      const { instance: _i, requestId: _r, ...rest } = res.body as Record<string, unknown>;
      expect(rest).toEqual(unknownOrgAnswer);
      expect(rest.code).toBe("directory.organisation_not_found");
      expectNothingOfB(res, { path: `/api/v1/orgs/bravo${path === "/" ? "" : path}`, body });
      await expectBUnchanged();
    },
  );

  test("B's own key still works on B's slug (the 404s above are about A, not a broken B)", async () => {
    const res = await B.api.get(`/users/${B.userId}`).expect(200);
    expect(res.body.email).toBe(B.userEmail);
  });
});

describe("A's API key on A's slug, naming B's rows", () => {
  test.each(ROUTES)(
    "$method $path: B's ids → 404/422 (or only A's data), nothing of B shown or changed",
    async (route) => {
      const attempts = route.foreign(A, B);
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) {
        const res = await send(
          t,
          route.method,
          "alpha",
          attempt.path,
          { bearer: A.api.apiKey },
          attempt.body,
        );
        const allowed = ([] as number[]).concat(attempt.status);
        expect({ attempt, status: res.status, allowed: allowed.includes(res.status) }).toEqual({
          attempt,
          status: allowed.length === 1 ? allowed[0] : res.status,
          allowed: true,
        });
        expectNothingOfB(res, {
          path: `/api/v1/orgs/alpha${attempt.path === "/" ? "" : attempt.path}`,
          body: attempt.body,
        });
        // A row A made with one of B's names or emails is removed again, so A's later lists stay A's own.
        if (res.status === 201 && attempt.path !== "/scim-tokens")
          await A.api.del(`${attempt.path}/${res.body.id}`).expect(204);
        if (route.method === "GET" && res.status === 200) {
          const items = (res.body as { items?: unknown[] }).items;
          if (attempt.path.includes("?")) expect(items).toEqual([]);
        }
      }
      await expectBUnchanged();
    },
  );

  test("assigning B's department to A's user is refused and A's user keeps their department", async () => {
    const res = await A.api.patch(`/users/${A.userId}`, { departmentIds: [B.departmentId] }).expect(422);
    expect(res.body.code).toBe("directory.department_not_found");
    const after = await A.api.get(`/users/${A.userId}`).expect(200);
    expect(after.body.departments).toEqual([{ id: A.departmentId, name: A.departmentName }]);
    await expectBUnchanged();
  });

  test("B's SCIM token cannot be revoked through A and stays live", async () => {
    await A.api.del(`/scim-tokens/${B.scimTokenId}`).expect(404);
    const row = await t.dataSource.getRepository(AccessToken).findOneByOrFail({ id: B.scimTokenId });
    expect(row.revokedAt).toBeNull();
    await expectBUnchanged();
  });

  test("A's lists show only A's rows", async () => {
    const users = await A.api.get("/users?pageSize=200").expect(200);
    expect(users.body.items.length).toBeGreaterThan(0);
    for (const user of users.body.items as Array<{ organisationId: string }>)
      expect(user.organisationId).toBe(A.org.id);
    expectNothingOfB(users, { path: "/api/v1/orgs/alpha/users?pageSize=200" });
    for (const collection of ["departments", "job-profiles", "permission-types", "scim-tokens"]) {
      const res = await A.api.get(`/${collection}`).expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expectNothingOfB(res, { path: `/api/v1/orgs/alpha/${collection}` });
    }
    const tokens = await A.api.get("/scim-tokens").expect(200);
    const own = await t.services.auth.tokens.list(A.org.id, "scim");
    expect(tokens.body.items.map((i: { id: string }) => i.id).sort()).toEqual(own.map((o) => o.id).sort());
  });
  test("searching A's users (?q=) finds A's user by email prefix, treats % and _ literally, and never finds B's", async () => {
    const found = await A.api.get(`/users?q=${encodeURIComponent(A.userEmail.slice(0, 8))}`).expect(200);
    expect(found.body.items.map((u: { id: string }) => u.id)).toEqual([A.userId]);
    for (const q of ["%", "_lpha", "%bravo", B.userEmail]) {
      const res = await A.api.get(`/users?q=${encodeURIComponent(q)}`).expect(200);
      expect({ q, items: res.body.items }).toEqual({ q, items: [] });
    }
  });
});

describe("credentials", () => {
  beforeAll(async () => {
    // The attempts above replaced A's rules (PUT, preset): give A a live rule to address again.
    A.mappingRuleId = (await t.services.mapping.createRule(A.org.id, mappingRule())).id;
  });

  test.each(ROUTES)("no credentials: $method $path → 401", async (route) => {
    const res = await send(t, route.method, "alpha", fill(route.path, A), {}, route.body?.(A)).expect(401);
    expect(res.body.code).toBe("auth.unauthenticated");
  });

  test.each(ROUTES)("an API key sent with another scheme than Bearer: $method $path → 401", async (route) => {
    const authorization = `Basic ${Buffer.from(`x:${A.api.apiKey}`).toString("base64")}`;
    const res = await send(
      t,
      route.method,
      "alpha",
      fill(route.path, A),
      { authorization },
      route.body?.(A),
    ).expect(401);
    expect(res.body.code).toBe("auth.unauthenticated");
  });

  test("a revoked API key is refused at once (401)", async () => {
    const { secret, token } = await t.services.auth.tokens.issue(A.org.id, "api_key", "soon revoked");
    await send(t, "GET", "alpha", "/", { bearer: secret }).expect(200);
    await t.services.auth.tokens.revoke(A.org.id, "api_key", token.id);
    const res = await send(t, "GET", "alpha", "/", { bearer: secret }).expect(401);
    expect(res.body.code).toBe("auth.unauthenticated");
  });

  describe("a revoked API key", () => {
    let revoked: string;
    beforeAll(async () => {
      const issued = await t.services.auth.tokens.issue(A.org.id, "api_key", "revoked");
      await t.services.auth.tokens.revoke(A.org.id, "api_key", issued.token.id);
      revoked = issued.secret;
    });
    test.each(ROUTES)("$method $path → 401", async (route) => {
      const res = await send(
        t,
        route.method,
        "alpha",
        fill(route.path, A),
        { bearer: revoked },
        route.body?.(A),
      ).expect(401);
      expect(res.body.code).toBe("auth.unauthenticated");
    });
  });

  test.each(ROUTES)("an SCIM token is not an API key: $method $path → 401", async (route) => {
    const res = await send(
      t,
      route.method,
      "alpha",
      fill(route.path, A),
      { bearer: A.scimSecret },
      route.body?.(A),
    ).expect(401);
    expect(res.body.code).toBe("auth.unauthenticated");
  });

  test.each(ROUTES)("a Learner's session (with a valid CSRF token): $method $path → 403", async (route) => {
    const res = await send(t, route.method, "alpha", fill(route.path, A), learnerA, route.body?.(A)).expect(
      403,
    );
    expect(res.body.code).toBe("auth.forbidden");
  });

  test("the Learner's session itself is live (the 403s are about the permission type)", async () => {
    const res = await request(t.app).get("/o/alpha/account").set("Cookie", learnerA.cookie).expect(200);
    expect(res.text).toContain("leo@alpha.example");
  });

  test.each(WRITES)("an administrator's session without X-CSRF-Token: $method $path → 403", async (route) => {
    const res = await send(
      t,
      route.method,
      "alpha",
      fill(route.path, A),
      { cookie: adminA.cookie },
      route.body?.(A),
    ).expect(403);
    expect(res.body.code).toBe("auth.csrf");
  });

  test.each(WRITES)(
    "an administrator's session with a wrong X-CSRF-Token: $method $path → 403",
    async (route) => {
      const res = await send(
        t,
        route.method,
        "alpha",
        fill(route.path, A),
        { cookie: adminA.cookie, csrf: learnerA.csrf },
        route.body?.(A),
      ).expect(403);
      expect(res.body.code).toBe("auth.csrf");
    },
  );

  test.each(READS)(
    "an administrator's session reads without a CSRF token: $method $path → 200",
    async (route) => {
      await send(t, route.method, "alpha", fill(route.path, A), { cookie: adminA.cookie }).expect(200);
    },
  );

  test("an administrator's session with its X-CSRF-Token may write", async () => {
    const res = await send(t, "POST", "alpha", "/departments", adminA, {
      name: "Made in the console",
    }).expect(201);
    expect(res.body.name).toBe("Made in the console");
  });

  test.each(ROUTES)(
    "an administrator's session of A on B's slug: $method $path → 404, nothing of B",
    async (route) => {
      const path = fill(route.path, B);
      const body = route.body?.(B);
      const res = await send(t, route.method, "bravo", path, adminA, body).expect(404);
      expect(res.body.code).toBe("directory.organisation_not_found");
      expectNothingOfB(res, { path: `/api/v1/orgs/bravo${path === "/" ? "" : path}`, body });
      await expectBUnchanged();
    },
  );
});

test("after everything above, every row of B is exactly as it was", async () => {
  await expectBUnchanged();
  const user = await B.api.get(`/users/${B.userId}`).expect(200);
  expect(user.body).toMatchObject({
    status: "active",
    departments: [{ id: B.departmentId, name: B.departmentName }],
    jobProfile: { id: B.jobProfileId, name: B.jobProfileName },
    permissionTypes: [{ id: B.permissionTypeId, name: B.permissionTypeName }],
  });
});

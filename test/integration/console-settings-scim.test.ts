import request from "supertest";
import { MappingRule } from "../../src/mapping";
import { entraUser } from "../support/scim";
import { consoleWorld, textOf, type ConsoleWorld } from "./console-settings-support";

/**
 * The console's SCIM section: tokens (secret shown once, usable, revocable), the provisioning
 * log (filters, details, paging in the database), the mapping rules editor and its dry run.
 */
let w: ConsoleWorld;
beforeAll(async () => {
  w = await consoleWorld();
});
afterAll(async () => w?.t.close());

const scim = (token: string) => ({
  post: (path: string, body: unknown) =>
    request(w.t.app)
      .post(`/scim/v2${path}`)
      .set("Authorization", `Bearer ${token}`)
      .set("Content-Type", "application/scim+json")
      .send(JSON.stringify(body)),
  get: (path: string) => request(w.t.app).get(`/scim/v2${path}`).set("Authorization", `Bearer ${token}`),
});
const tokenIn = (html: string) => /value="(admit_scim_[A-Za-z0-9_-]+)"/.exec(html)?.[1] as string;
const rules = () => w.t.dataSource.manager.findBy(MappingRule, { organisationId: w.acme.org.id });

describe("tokens", () => {
  let secret: string;
  let tokenId: string;

  test("the base URL to paste into the IdP", async () => {
    const res = await w.admin.get("/o/acme/admin/scim");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /<input id="scim-base-url"[^>]*readonly[^>]*value="http:\/\/admit.test\/scim\/v2"/,
    );
  });

  test("a blank name: 422 next to the field, no token", async () => {
    const res = await w.admin.send("acme", "/scim/tokens", { name: "  " });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-name-error"');
    expect(await w.t.services.auth.tokens.list(w.acme.org.id, "scim")).toHaveLength(0);
  });

  test("create: the secret once, on the answer (not in a URL); the list shows only its prefix", async () => {
    const res = await w.admin.send("acme", "/scim/tokens", { name: "Entra production" });
    expect(res.status).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    secret = tokenIn(res.text);
    expect(secret).toMatch(/^admit_scim_/);
    const [token] = await w.t.services.auth.tokens.list(w.acme.org.id, "scim");
    tokenId = token?.id as string;
    expect(token).toMatchObject({ name: "Entra production", lastUsedAt: null });
    const list = await w.admin.get("/o/acme/admin/scim");
    expect(list.text).not.toContain(secret);
    expect(list.text).toContain(`${token?.prefix}…`);
    expect(textOf(list.text)).toContain("Never");
  });

  test("the token works for SCIM; the request shows in the provisioning log with its details; last use shown", async () => {
    const created = await scim(secret).post("/Users", entraUser("ann@acme.example")).expect(201);
    await scim(secret).post("/Users", { userName: "" }).expect(400);

    const log = await w.admin.get("/o/acme/admin/scim/log");
    expect(log.status).toBe(200);
    expect(textOf(log.text)).toContain("POST /scim/v2/Users");
    const failures = await w.admin.get("/o/acme/admin/scim/log?status=failure");
    expect(failures.text).toContain(">400<");
    expect(failures.text).not.toContain(">201<");
    const byResource = await w.admin.get(`/o/acme/admin/scim/log?resourceId=${created.body.id}`);
    const detailHref = /href="(\/o\/acme\/admin\/scim\/log\/[^"]+)"/.exec(byResource.text)?.[1] as string;
    expect(detailHref).toBeDefined();
    const detail = await w.admin.get(detailHref);
    expect(detail.status).toBe(200);
    expect(textOf(detail.text)).toContain(created.body.id);
    expect(textOf(detail.text)).toContain("Entra production");
    expect(detail.text).not.toContain(secret);

    const tokens = await w.admin.get("/o/acme/admin/scim");
    expect(textOf(tokens.text)).not.toContain("Never");
  });

  test("log filters: date range and resource type are applied in the database; a bad date is an inline error", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await w.admin.get(
      `/o/acme/admin/scim/log?from=${today}&to=${today}&resource=Users&method=POST`,
    );
    expect(textOf(inRange.text)).toContain("POST /scim/v2/Users");
    const past = await w.admin.get("/o/acme/admin/scim/log?from=2001-01-01&to=2001-01-02");
    expect(textOf(past.text)).not.toContain("POST /scim/v2/Users");
    const groups = await w.admin.get("/o/acme/admin/scim/log?resource=Groups");
    expect(textOf(groups.text)).not.toContain("POST /scim/v2/Users");
    // The same filters in the JSON admin API (one ProvisioningLog.list for both).
    const api = await w.acme.get("/scim/provisioning-log?resource=Users&method=POST").expect(200);
    expect(api.body.total).toBeGreaterThan(0);
    expect((await w.acme.get("/scim/provisioning-log?resource=Groups").expect(200)).body.total).toBe(0);
    expect((await w.acme.get("/scim/provisioning-log?until=2001-01-01").expect(200)).body.total).toBe(0);
    await w.acme.get("/scim/provisioning-log?resource=Nope").expect(400);
    const bad = await w.admin.get("/o/acme/admin/scim/log?from=yesterday-ish");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-from-error"');
  });

  test("the log is paged: 50 a page, the next page link keeps the filters", async () => {
    await Promise.all(Array.from({ length: 55 }, () => scim(secret).get("/Users?count=1").expect(200)));
    const first = await w.admin.get("/o/acme/admin/scim/log?method=GET");
    expect((first.text.match(/<tr>/g) ?? []).length).toBe(51); // header + 50
    expect(first.text).toContain('href="/o/acme/admin/scim/log?method=GET&amp;page=2"');
    const second = await w.admin.get("/o/acme/admin/scim/log?method=GET&page=2");
    expect((second.text.match(/<tr>/g) ?? []).length).toBe(6);
  });

  test("another organisation cannot see or revoke the token, nor read a log entry → 404", async () => {
    const [entry] = (await w.t.services.scim.log.list(w.acme.org.id, {})).items;
    expect((await w.globexAdmin.get(`/o/globex/admin/scim/log/${entry?.id}`)).status).toBe(404);
    expect((await w.globexAdmin.send("globex", `/scim/tokens/${tokenId}/revoke`, {})).status).toBe(404);
    const globexLog = await w.globexAdmin.get("/o/globex/admin/scim/log");
    expect(textOf(globexLog.text)).not.toContain("/scim/v2/Users");
    await scim(secret).get("/Users?count=1").expect(200);
  });

  test("revoke: the token stops working at once", async () => {
    const res = await w.admin.send("acme", `/scim/tokens/${tokenId}/revoke`, { confirm: "yes" });
    expect(res.status).toBe(303);
    await scim(secret).get("/Users").expect(401);
    const list = await w.admin.get("/o/acme/admin/scim");
    expect(textOf(list.text)).toContain("Revoked");
  });
});

describe("mapping rules and the dry run", () => {
  test("a rule with an unknown attribute path: 422 on the path field, nothing written", async () => {
    const res = await w.admin.send("acme", "/scim/mapping/rules", {
      target: "department",
      sourceKind: "attribute",
      "source.path": "enterprise.nonsense",
      unknownPolicy: "create",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-source-path-error"');
    expect(res.text).toContain('value="enterprise.nonsense"');
    expect(await rules()).toHaveLength(0);
  });

  test("a value-map line without '=': 422, nothing written", async () => {
    const res = await w.admin.send("acme", "/scim/mapping/rules", {
      target: "jobProfile",
      sourceKind: "attribute",
      "source.path": "title",
      valueMap: "RN = Nurse\nDoctor",
      unknownPolicy: "default",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-valueMap-error"');
    expect(await rules()).toHaveLength(0);
  });

  test("add a rule, then the dry run shows the assignment and which rule decided; nothing is written", async () => {
    const created = await w.admin.send("acme", "/scim/mapping/rules", {
      target: "department",
      sourceKind: "attribute",
      "source.path": "enterprise.department",
      valueMap: "Cardio = Cardiology",
      unknownPolicy: "create",
    });
    expect(created.status).toBe(303);
    expect(await rules()).toHaveLength(1);
    const departments = (await w.t.services.directory.departments.list(w.acme.org.id)).length;

    const payload = JSON.stringify(
      entraUser("bo@acme.example", {
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Cardio" },
      }),
    );
    const res = await w.admin.send("acme", "/scim/mapping/dry-run", { payload, groups: "" });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<dd data-target="department">\s*Cardiology\s*<\/dd>/);
    expect(textOf(res.text)).toContain("#0"); // the rule at position 0 decided
    expect(textOf(res.text)).toContain("Would be created");
    expect((await w.t.services.directory.departments.list(w.acme.org.id)).length).toBe(departments);
  });

  test("a dry-run payload that is not JSON: 422 on the payload, with what was pasted", async () => {
    const res = await w.admin.send("acme", "/scim/mapping/dry-run", { payload: "{ nope" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-payload-error"');
    expect(res.text).toContain("{ nope");
  });

  test("edit a rule; a bad edit is refused and the rule stays unchanged", async () => {
    const [rule] = await rules();
    const id = rule?.id as string;
    expect((await w.admin.get(`/o/acme/admin/scim/mapping/rules/${id}`)).status).toBe(200);
    const bad = await w.admin.send("acme", `/scim/mapping/rules/${id}`, {
      target: "language",
      sourceKind: "attribute",
      "source.path": "preferredLanguage",
      unknownPolicy: "create",
    });
    expect(bad.status).toBe(422);
    expect((await rules())[0]?.target).toBe("department");
    const ok = await w.admin.send("acme", `/scim/mapping/rules/${id}`, {
      target: "department",
      sourceKind: "attribute",
      "source.path": "enterprise.division",
      unknownPolicy: "default",
      position: "3",
    });
    expect(ok.status).toBe(303);
    expect((await rules())[0]).toMatchObject({
      sourcePath: "enterprise.division",
      unknownPolicy: "default",
      position: 3,
    });
  });

  test("another organisation's rule id → 404 for view, edit and delete; rule unchanged", async () => {
    const [rule] = await rules();
    const id = rule?.id as string;
    expect((await w.globexAdmin.get(`/o/globex/admin/scim/mapping/rules/${id}`)).status).toBe(404);
    const edit = await w.globexAdmin.send("globex", `/scim/mapping/rules/${id}`, {
      target: "department",
      sourceKind: "attribute",
      "source.path": "title",
    });
    expect(edit.status).toBe(404);
    expect((await w.globexAdmin.send("globex", `/scim/mapping/rules/${id}/delete`, {})).status).toBe(404);
    expect((await rules())[0]?.sourcePath).toBe("enterprise.division");
  });

  test("the Entra preset replaces the rules; an unknown preset is a 404", async () => {
    expect((await w.admin.send("acme", "/scim/mapping/presets/nonsense", {})).status).toBe(404);
    const res = await w.admin.send("acme", "/scim/mapping/presets/entra", {});
    expect(res.status).toBe(303);
    const now = await rules();
    expect(now.map((r) => r.sourcePath)).toContain("enterprise.department");
    expect(now.map((r) => r.sourcePath)).not.toContain("enterprise.division");
  });

  test("organisation defaults: another organisation's id is refused; a valid one is saved", async () => {
    const [foreign] = await w.t.services.directory.jobProfiles.list(w.globex.org.id);
    const nurse = await w.t.services.directory.jobProfiles.create(w.acme.org.id, { name: "Nurse" });
    const current = await w.t.services.directory.organisations.getById(w.acme.org.id);
    const form = {
      defaultDepartmentId: current.defaultDepartmentId as string,
      defaultPermissionTypeId: current.defaultPermissionTypeId as string,
    };
    const bad = await w.admin.send("acme", "/scim/mapping/defaults", {
      ...form,
      defaultJobProfileId: foreign?.id ?? "",
    });
    expect(bad.status).toBe(422);
    expect((await w.t.services.directory.organisations.getById(w.acme.org.id)).defaultJobProfileId).toBe(
      current.defaultJobProfileId,
    );
    const ok = await w.admin.send("acme", "/scim/mapping/defaults", {
      ...form,
      defaultJobProfileId: nurse.id,
    });
    expect(ok.status).toBe(303);
    expect((await w.t.services.directory.organisations.getById(w.acme.org.id)).defaultJobProfileId).toBe(
      nurse.id,
    );
  });
});

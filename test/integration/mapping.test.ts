/**
 * Mapping rules on a real database (SQLite, or MariaDB with TEST_MYSQL_URL): the admin API for
 * rules and presets, tenant isolation, and MappingService.resolve inside a caller's transaction.
 */
import request from "supertest";
import { Department } from "../../src/directory";
import { MappingRule, type MappingService } from "../../src/mapping";
import { createTestApp, type TestApp } from "../support/app";
import { deptRule, expectProblem, newOrg, put, scimInput } from "./mapping-support";

let t: TestApp;
let mapping: MappingService;

beforeAll(async () => {
  t = await createTestApp();
  mapping = t.services.mapping;
});
afterAll(async () => t.close());

describe("rules API", () => {
  test("create, list, read, patch, delete; PUT replaces the list in the order given", async () => {
    const acme = await newOrg(t);
    const created = await acme.post("/mapping/rules", deptRule("create")).expect(201);
    expect(created.body).toMatchObject({ ...deptRule("create"), position: 0, id: expect.any(String) });
    const second = await acme
      .post("/mapping/rules", { target: "jobProfile", source: { kind: "attribute", path: "title" } })
      .expect(201);
    expect(second.body).toMatchObject({ position: 1, unknownPolicy: "default", valueMap: {} });

    const patched = await acme
      .patch(`/mapping/rules/${created.body.id}`, {
        valueMap: { "Sales EMEA": "Sales" },
        unknownPolicy: "reject",
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      valueMap: { "Sales EMEA": "Sales" },
      unknownPolicy: "reject",
      position: 0,
    });
    expect((await acme.get(`/mapping/rules/${created.body.id}`).expect(200)).body).toEqual(patched.body);

    await acme.del(`/mapping/rules/${second.body.id}`).expect(204);
    await acme.get(`/mapping/rules/${second.body.id}`).expect(404);
    expect(
      (await acme.get("/mapping/rules").expect(200)).body.items.map((r: { id: string }) => r.id),
    ).toEqual([created.body.id]);

    const replaced = await put(t, acme, "/rules", {
      rules: [
        {
          target: "permissionType",
          source: { kind: "group", match: "externalId" },
          valueMap: { g1: "Administrator" },
        },
        deptRule("default"),
      ],
    }).expect(200);
    expect(
      replaced.body.items.map((r: { target: string; position: number }) => [r.target, r.position]),
    ).toEqual([
      ["permissionType", 0],
      ["department", 1],
    ]);
    expect((await acme.get("/mapping/rules").expect(200)).body.items).toEqual(replaced.body.items);
  });

  test.each([
    ["an unknown field", { ...deptRule("create"), extra: 1 }, "request.unknown_field", "extra"],
    ["an unknown target", { ...deptRule("create"), target: "manager" }, "request.invalid_field", "target"],
    [
      "an unknown attribute path",
      { ...deptRule("create"), source: { kind: "attribute", path: "enterprise.dept" } },
      "mapping.invalid_rule",
      "source.path",
    ],
    [
      "a language rule that would create languages",
      { target: "language", source: { kind: "attribute", path: "locale" }, unknownPolicy: "create" },
      "mapping.invalid_rule",
      "unknownPolicy",
    ],
    [
      "value map keys differing only in case",
      deptRule("create", { Sales: "A", SALES: "B" }),
      "mapping.invalid_rule",
      "valueMap",
    ],
    [
      "a value map with a non-string value",
      deptRule("create", { Sales: 1 }),
      "request.invalid_field",
      "valueMap.Sales",
    ],
  ])("POST /rules with %s → 400 problem+json, nothing stored", async (_what, body, code, field) => {
    const acme = await newOrg(t);
    expectProblem(await acme.post("/mapping/rules", body), 400, code, field);
    expect(await t.dataSource.getRepository(MappingRule).countBy({ organisationId: acme.org.id })).toBe(0);
  });

  test("a bad rule in PUT names its index and leaves the stored list alone", async () => {
    const acme = await newOrg(t);
    await acme.post("/mapping/rules", deptRule("create")).expect(201);
    const before = (await acme.get("/mapping/rules")).body;
    const res = await put(t, acme, "/rules", {
      rules: [deptRule("default"), { target: "department", source: { kind: "attribute", path: "nope" } }],
    });
    expectProblem(res, 400, "mapping.invalid_rule", "rules.1.source.path");
    expect((await acme.get("/mapping/rules")).body).toEqual(before);
  });

  test("PATCH re-validates the merged rule", async () => {
    const acme = await newOrg(t);
    const rule = await acme
      .post("/mapping/rules", {
        target: "department",
        source: { kind: "attribute", path: "locale" },
        unknownPolicy: "create",
      })
      .expect(201);
    expectProblem(
      await acme.patch(`/mapping/rules/${rule.body.id}`, { target: "language" }),
      400,
      "mapping.invalid_rule",
      "unknownPolicy",
    );
  });

  test("tenant isolation: org B's key can neither see nor change org A's rules", async () => {
    const [a, b] = [await newOrg(t), await newOrg(t)];
    const rule = (await a.post("/mapping/rules", deptRule("create")).expect(201)).body;
    expect((await b.get("/mapping/rules").expect(200)).body.items).toEqual([]);
    expectProblem(await b.get(`/mapping/rules/${rule.id}`), 404, "mapping.rule_not_found");
    expectProblem(
      await b.patch(`/mapping/rules/${rule.id}`, { unknownPolicy: "reject" }),
      404,
      "mapping.rule_not_found",
    );
    expectProblem(await b.del(`/mapping/rules/${rule.id}`), 404, "mapping.rule_not_found");
    // B's key on A's URL: the organisation itself is "not found".
    const crossed = await request(t.app)
      .get(`/api/v1/orgs/${a.org.slug}/mapping/rules`)
      .set("Authorization", `Bearer ${b.apiKey}`);
    expectProblem(crossed, 404, "directory.organisation_not_found");
    expect((await a.get(`/mapping/rules/${rule.id}`).expect(200)).body).toMatchObject({
      unknownPolicy: "create",
    });
  });
});

describe("presets", () => {
  test("POST /presets/entra replaces the rules with the Entra preset; unknown preset → 404", async () => {
    const acme = await newOrg(t);
    await acme.post("/mapping/rules", deptRule("reject")).expect(201);
    const applied = await acme.post("/mapping/presets/entra").expect(200);
    expect(
      applied.body.items.map((r: { target: string; unknownPolicy: string }) => [r.target, r.unknownPolicy]),
    ).toEqual([
      ["department", "create"],
      ["jobProfile", "default"],
      ["language", "default"],
      ["permissionType", "default"],
    ]);
    expect((await acme.get("/mapping/rules")).body.items).toHaveLength(4);
    expect(
      (await acme.get("/mapping/presets").expect(200)).body.items.map((p: { name: string }) => p.name),
    ).toEqual(["entra", "okta"]);
    expectProblem(await acme.post("/mapping/presets/onelogin"), 404, "mapping.preset_not_found");
  });
});

describe("MappingService.resolve in the caller's transaction", () => {
  test("entries a 'create' rule makes are committed with the caller's transaction", async () => {
    const acme = await newOrg(t);
    await mapping.replaceRules(acme.org.id, [deptRule("create")]);
    const result = await t.services.withTransaction((tx) =>
      mapping.resolve(acme.org.id, scimInput({ "enterprise.department": "Logistics" }), tx),
    );
    const stored = await t.dataSource
      .getRepository(Department)
      .findOneByOrFail({ organisationId: acme.org.id, name: "Logistics" });
    expect(result.departmentIds).toEqual([stored.id]);
    expect(result.trace[0]).toMatchObject({ outcome: "created" });
  });

  test("a rejection after a creation rolls the creation back: never a half-made result", async () => {
    const acme = await newOrg(t);
    await mapping.replaceRules(acme.org.id, [
      deptRule("create"),
      { target: "jobProfile", source: { kind: "attribute", path: "title" }, unknownPolicy: "reject" },
    ]);
    const before = await t.dataSource.getRepository(Department).countBy({ organisationId: acme.org.id });
    await expect(
      t.services.withTransaction((tx) =>
        mapping.resolve(acme.org.id, scimInput({ "enterprise.department": "Ghost", title: "Wizard" }), tx),
      ),
    ).rejects.toMatchObject({ code: "mapping.unknown_value", status: 400 });
    expect(await t.dataSource.getRepository(Department).countBy({ organisationId: acme.org.id })).toBe(
      before,
    );
  });

  test("rules and created entries stay in their organisation", async () => {
    const [a, b] = [await newOrg(t), await newOrg(t)];
    await mapping.replaceRules(b.org.id, [deptRule("reject")]);
    await b.post("/departments", { name: "Secret" }).expect(201);
    await mapping.replaceRules(a.org.id, [deptRule("create")]);
    const result = await mapping.resolve(a.org.id, scimInput({ "enterprise.department": "Secret" }));
    const created = await t.dataSource
      .getRepository(Department)
      .findOneByOrFail({ id: result.departmentIds[0]! });
    expect(created.organisationId).toBe(a.org.id);
    expect(result.trace[0]).toMatchObject({ outcome: "created" });
  });

  test("concurrent creations of the same new department converge on one row", async () => {
    const acme = await newOrg(t);
    await mapping.replaceRules(acme.org.id, [deptRule("create")]);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.services.withTransaction((tx) =>
          mapping.resolve(acme.org.id, scimInput({ "enterprise.department": "New Team" }), tx),
        ),
      ),
    );
    const rows = await t.dataSource
      .getRepository(Department)
      .findBy({ organisationId: acme.org.id, name: "New Team" });
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.departmentIds[0]))).toEqual(new Set([rows[0]!.id]));
  });
});

/**
 * The admin dry run (`POST /orgs/:org/mapping/dry-run`): what the rules would assign to a sample
 * SCIM user and why, on a real database, with nothing written.
 */
import { Organisation } from "../../src/directory";
import { createTestApp, type TestApp } from "../support/app";
import { catalogCounts, deptRule, ENTERPRISE, expectProblem, LMS, newOrg, put } from "./mapping-support";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe("dry run", () => {
  const entraUser = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
    userName: "alice@example.com",
    Title: "Nurse",
    preferredLanguage: "da-DK",
    [ENTERPRISE]: { department: "Sales EMEA" },
  };

  test("shows what the Entra preset would assign and why, and writes nothing", async () => {
    const acme = await newOrg(t);
    await acme.post("/mapping/presets/entra").expect(200);
    const before = await catalogCounts(t, acme.org.id);
    const res = await acme
      .post("/mapping/dry-run", {
        user: entraUser,
        groups: [{ displayName: "lms administrators" }, { displayName: "Everyone" }],
      })
      .expect(200);
    expect(res.body).toMatchObject({
      departments: [{ id: expect.any(String), name: "Sales EMEA" }],
      jobProfile: { id: acme.org.defaultJobProfileId, name: "Default Job Profile" },
      permissionTypes: [{ name: "Administrator" }],
      language: "da",
    });
    const rules = (await acme.get("/mapping/rules")).body.items as Array<{ id: string; target: string }>;
    const ruleFor = (target: string) => rules.find((r) => r.target === target)?.id;
    expect(res.body.trace).toEqual([
      expect.objectContaining({
        target: "department",
        ruleId: ruleFor("department"),
        outcome: "created",
        value: "Sales EMEA",
      }),
      expect.objectContaining({
        target: "jobProfile",
        ruleId: ruleFor("jobProfile"),
        outcome: "default",
        value: "Nurse",
      }),
      expect.objectContaining({
        target: "permissionType",
        ruleId: ruleFor("permissionType"),
        outcome: "mapped",
      }),
      expect.objectContaining({
        target: "language",
        ruleId: ruleFor("language"),
        outcome: "matched",
        value: "da-DK",
      }),
    ]);
    // The "created" department existed only inside the rolled-back transaction.
    const after = await catalogCounts(t, acme.org.id);
    expect(after).toEqual(before);
    const names = (await acme.get("/departments")).body.items.map((d: { name: string }) => d.name);
    expect(names).not.toContain("Sales EMEA");
  });

  test("Okta preset: locale da_DK → da; value maps match case-insensitively; userName is optional", async () => {
    const acme = await newOrg(t);
    await acme.post("/departments", { name: "Sales" }).expect(201);
    await acme.post("/mapping/presets/okta").expect(200);
    const rules = (await acme.get("/mapping/rules")).body.items as Array<{ id: string; target: string }>;
    await acme.patch(`/mapping/rules/${rules[0]!.id}`, { valueMap: { "Sales EMEA": "Sales" } }).expect(200);
    const res = await acme
      .post("/mapping/dry-run", {
        user: { locale: "da_DK", [ENTERPRISE]: { department: "SALES emea" } },
      })
      .expect(200);
    expect(res.body.departments).toEqual([{ id: expect.any(String), name: "Sales" }]);
    expect(res.body.language).toBe("da");
    expect(res.body.trace[0]).toMatchObject({ outcome: "mapped", value: "SALES emea" });
  });

  test("the LMS extension wins over rules", async () => {
    const acme = await newOrg(t);
    await acme.post("/departments", { name: "Ward 7" }).expect(201);
    await acme.post("/job-profiles", { name: "Nurse" }).expect(201);
    await acme.post("/mapping/presets/entra").expect(200);
    const res = await acme
      .post("/mapping/dry-run", {
        user: {
          ...entraUser,
          [LMS]: {
            departments: ["ward 7"],
            jobProfile: "nurse",
            permissionTypes: ["Administrator"],
            language: "en",
          },
        },
      })
      .expect(200);
    expect(res.body).toMatchObject({
      departments: [{ name: "Ward 7" }],
      jobProfile: { name: "Nurse" },
      permissionTypes: [{ name: "Administrator" }],
      language: "en",
    });
    expect(res.body.trace.map((e: { outcome: string }) => e.outcome)).toEqual([
      "explicit",
      "explicit",
      "explicit",
      "explicit",
    ]);
  });

  test("groups map to departments and permission types by displayName and by externalId", async () => {
    const acme = await newOrg(t);
    await acme.post("/departments", { name: "Oncology" }).expect(201);
    await put(t, acme, "/rules", {
      rules: [
        {
          target: "department",
          source: { kind: "group", match: "displayName" },
          valueMap: { "SG Oncology": "Oncology" },
        },
        {
          target: "department",
          source: { kind: "group", match: "externalId" },
          valueMap: { "ext-42": "Radiology" },
          unknownPolicy: "create",
        },
        {
          target: "permissionType",
          source: { kind: "group", match: "externalId" },
          valueMap: { "ext-admins": "administrator" },
        },
      ],
    }).expect(200);
    const groups = [
      { displayName: "sg oncology" },
      { displayName: "Radiology staff", externalId: "EXT-42" },
      { displayName: "Admins", externalId: "ext-admins" },
      { displayName: "All Staff", externalId: null },
    ];
    const res = await acme.post("/mapping/dry-run", { user: { userName: "c" }, groups }).expect(200);
    expect(res.body.departments.map((d: { name: string }) => d.name)).toEqual(["Oncology", "Radiology"]);
    expect(res.body.permissionTypes.map((p: { name: string }) => p.name)).toEqual(["Administrator"]);
    expect(res.body.trace.filter((e: { target: string }) => e.target === "department")).toEqual([
      expect.objectContaining({ source: "group.displayName", outcome: "mapped" }),
      expect.objectContaining({ source: "group.externalId", outcome: "created", value: "EXT-42" }),
    ]);
  });

  test("a rejected value is a 400 problem naming the value and the target", async () => {
    const acme = await newOrg(t);
    await acme.post("/mapping/rules", deptRule("reject")).expect(201);
    const res = await acme.post("/mapping/dry-run", { user: { userName: "d", department: "Narnia" } });
    expectProblem(res, 400, "mapping.unknown_value", "department");
    expect(res.body.detail).toContain('"Narnia"');
    expect(res.body).toMatchObject({ target: "department", value: "Narnia" });
  });

  test("no rules: the organisation defaults; no default → 400 mapping.no_default naming the target", async () => {
    const acme = await newOrg(t);
    const res = await acme.post("/mapping/dry-run", { user: { userName: "e" } }).expect(200);
    expect(res.body).toMatchObject({
      departments: [{ id: acme.org.defaultDepartmentId }],
      jobProfile: { id: acme.org.defaultJobProfileId },
      permissionTypes: [{ id: acme.org.defaultPermissionTypeId }],
      language: "en",
    });
    await t.dataSource.getRepository(Organisation).update(acme.org.id, { defaultJobProfileId: null });
    const failed = await acme.post("/mapping/dry-run", { user: { userName: "e" } });
    expectProblem(failed, 400, "mapping.no_default", "jobProfile");
    expect(failed.body.detail).toMatch(/no default job profile/);
  });

  test("bad dry-run bodies → 400", async () => {
    const acme = await newOrg(t);
    expectProblem(await acme.post("/mapping/dry-run", { user: "x" }), 400, "request.invalid_field", "user");
    expectProblem(
      await acme.post("/mapping/dry-run", { user: {}, groups: [{}] }),
      400,
      "request.invalid_field",
      "groups.0.displayName",
    );
    expectProblem(
      await acme.post("/mapping/dry-run", { user: {}, extra: true }),
      400,
      "request.unknown_field",
      "extra",
    );
    // The sample is normalized like a real SCIM request: a wrongly typed attribute is refused.
    const typed = await acme.post("/mapping/dry-run", { user: { title: 5 } });
    expectProblem(typed, 400, "scim.invalidValue");
    expect(typed.body.detail).toContain("title");
  });
});

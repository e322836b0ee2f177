/**
 * readMappingState: the organisation, its rules and its defaults in one statement, on a real
 * database (SQLite, or MariaDB with TEST_MYSQL_URL): what each mapping run starts from.
 */
import { Department, Organisation } from "../../src/directory";
import { newId } from "../../src/lib";
import { inRuleOrder } from "../../src/mapping/rules";
import { readMappingState } from "../../src/mapping/state";
import { createTestApp, type TestApp } from "../support/app";
import { deptRule, newOrg } from "./mapping-support";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const read = (organisationId: string) => readMappingState(t.dataSource.manager, organisationId);

/** The defaults `admit org create` and the admin API give a new organisation, by id and name. */
const createdDefaults = (org: Organisation) => ({
  department: { id: org.defaultDepartmentId, name: "Default Department" },
  jobProfile: { id: org.defaultJobProfileId, name: "Default Job Profile" },
  permissionType: { id: org.defaultPermissionTypeId, name: "Learner" },
});

describe("the mapping's one read", () => {
  test("an organisation without rules: the organisation and its three defaults by name, no rules", async () => {
    const acme = await newOrg(t);
    const state = await read(acme.org.id);
    expect(state?.organisation).toEqual(
      await t.dataSource.getRepository(Organisation).findOneBy({ id: acme.org.id }),
    );
    expect(state?.rules).toEqual([]);
    expect(Object.fromEntries(state?.defaults ?? [])).toEqual(createdDefaults(acme.org));
  });

  test("every rule once, in the store's order, with its value map; only this organisation's", async () => {
    const acme = await newOrg(t);
    const other = await newOrg(t);
    await other.post("/mapping/rules", deptRule("create", { Elsewhere: "Other" })).expect(201);
    for (const [policy, map] of [
      ["create", { "Sales EMEA": "Sales" }],
      ["default", {}],
      ["reject", { A: "B", C: "D" }],
    ] as const)
      await acme.post("/mapping/rules", deptRule(policy, map)).expect(201);
    const state = await read(acme.org.id);
    expect(inRuleOrder(state?.rules ?? [])).toEqual(
      (await acme.get("/mapping/rules").expect(200)).body.items.map((rule: Record<string, unknown>) => ({
        ...rule,
        createdAt: new Date(rule.createdAt as string),
        updatedAt: new Date(rule.updatedAt as string),
      })),
    );
    expect(state?.rules.map((r) => r.unknownPolicy).sort()).toEqual(["create", "default", "reject"]);
    // The organisation's row repeats on each rule's row; it is still the one organisation.
    expect(state?.organisation.id).toBe(acme.org.id);
    expect(Object.fromEntries(state?.defaults ?? [])).toEqual(createdDefaults(acme.org));
  });

  test("a default unset, or naming another organisation's department, is no default", async () => {
    const acme = await newOrg(t);
    const other = await newOrg(t);
    const foreign = await t.dataSource
      .getRepository(Department)
      .findOneByOrFail({ organisationId: other.org.id });
    await t.dataSource
      .getRepository(Organisation)
      .update(acme.org.id, { defaultDepartmentId: foreign.id, defaultJobProfileId: null });
    const state = await read(acme.org.id);
    expect([...(state?.defaults.keys() ?? [])]).toEqual(["permissionType"]);
  });

  test("an organisation that does not exist: null", async () => {
    expect(await read(newId())).toBeNull();
  });
});

import { runMapping, type MappingInput } from "../../../src/mapping";
import { fakeCatalog, rules } from "./fake-catalog";

const input = (
  attributes: MappingInput["attributes"] = {},
  groups: MappingInput["groups"] = [],
): MappingInput => ({
  attributes,
  groups,
});
const names = (entries: Array<{ name: string }>) => entries.map((e) => e.name);

describe("runMapping", () => {
  test("when no rule exists, every target gets the organisation default and the trace says so", async () => {
    const { port } = fakeCatalog({});
    const out = await runMapping([], input(), port);
    expect(names(out.departments)).toEqual(["Default Department"]);
    expect(out.jobProfile.name).toBe("Default Job Profile");
    expect(names(out.permissionTypes)).toEqual(["Learner"]);
    expect(out.language).toBe("en");
    expect(out.trace.map((t) => [t.target, t.outcome])).toEqual([
      ["department", "default"],
      ["jobProfile", "default"],
      ["permissionType", "default"],
      ["language", "default"],
    ]);
    expect(out.trace[0]?.detail).toMatch(/No rule targets the department/);
  });

  test("an attribute value names an existing entry in any case: matched", async () => {
    const { port } = fakeCatalog({ department: ["Sales"] });
    const [rule] = rules({
      target: "department",
      source: { kind: "attribute", path: "enterprise.department" },
    });
    const out = await runMapping([rule!], input({ "enterprise.department": "SALES" }), port);
    expect(out.departments).toEqual([{ id: "department:Sales", name: "Sales" }]);
    expect(out.trace[0]).toMatchObject({
      target: "department",
      ruleId: rule!.id,
      outcome: "matched",
      value: "SALES",
    });
  });

  test("value map keys match case- and spacing-insensitively: mapped", async () => {
    const { port } = fakeCatalog({ department: ["Sales"] });
    const list = rules({
      target: "department",
      source: { kind: "attribute", path: "enterprise.department" },
      valueMap: { "Sales EMEA": "Sales" },
    });
    const out = await runMapping(list, input({ "enterprise.department": "  sales   emea " }), port);
    expect(names(out.departments)).toEqual(["Sales"]);
    expect(out.trace[0]).toMatchObject({ outcome: "mapped", value: "sales   emea" });
    expect(out.trace[0]?.detail).toContain('→ "Sales" by the value map');
  });

  test.each([
    ["create", { departments: ["Marketing"], outcome: "created" }],
    ["default", { departments: ["Default Department"], outcome: "default" }],
  ] as const)("unknown value with policy %s", async (policy, expected) => {
    const { port, created } = fakeCatalog({});
    const list = rules({
      target: "department",
      source: { kind: "attribute", path: "enterprise.department" },
      unknownPolicy: policy,
    });
    const out = await runMapping(list, input({ "enterprise.department": "Marketing" }), port);
    expect(names(out.departments)).toEqual(expected.departments);
    expect(out.trace[0]).toMatchObject({ outcome: expected.outcome, ruleId: list[0]!.id });
    expect(created).toEqual(policy === "create" ? [{ target: "department", name: "Marketing" }] : []);
  });

  test("unknown value with policy reject: 400 mapping.unknown_value naming value and target", async () => {
    const { port } = fakeCatalog({});
    const list = rules({
      target: "jobProfile",
      source: { kind: "attribute", path: "title" },
      unknownPolicy: "reject",
    });
    await expect(runMapping(list, input({ title: "Astronaut" }), port)).rejects.toMatchObject({
      code: "mapping.unknown_value",
      status: 400,
      detail: expect.stringMatching(/job profile "Astronaut"/),
    });
  });

  test("a value too long to be a name cannot be created: mapping.invalid_value", async () => {
    const { port } = fakeCatalog({});
    const list = rules({
      target: "department",
      source: { kind: "attribute", path: "title" },
      unknownPolicy: "create",
    });
    await expect(runMapping(list, input({ title: "x".repeat(201) }), port)).rejects.toMatchObject({
      code: "mapping.invalid_value",
    });
  });

  test("group rules add every mapped group (by displayName), ignore unmapped groups and dedupe", async () => {
    const { port } = fakeCatalog({ department: ["Sales", "Support"], permissionType: ["Manager"] });
    const list = rules(
      {
        target: "department",
        source: { kind: "group", match: "displayName" },
        valueMap: { "DL Sales": "Sales", "DL Sales Nordic": "sales", "DL Support": "Support" },
      },
      {
        target: "permissionType",
        source: { kind: "group", match: "displayName" },
        valueMap: { Managers: "Manager" },
      },
    );
    const groups = [
      { displayName: "DL Sales" },
      { displayName: "All Staff" },
      { displayName: "dl sales nordic" },
      { displayName: "DL Support" },
      { displayName: "managers" },
    ];
    const out = await runMapping(list, input({}, groups), port);
    expect(names(out.departments)).toEqual(["Sales", "Support"]);
    expect(names(out.permissionTypes)).toEqual(["Manager"]);
    expect(out.trace.filter((t) => t.target === "department").map((t) => t.value)).toEqual([
      "DL Sales",
      "dl sales nordic",
      "DL Support",
    ]);
  });

  test("group rules by externalId skip groups without one", async () => {
    const { port } = fakeCatalog({ permissionType: ["Administrator"] });
    const list = rules({
      target: "permissionType",
      source: { kind: "group", match: "externalId" },
      valueMap: { "9f1c-admins": "Administrator" },
    });
    const groups = [
      { displayName: "9f1c-admins", externalId: null },
      { displayName: "Admins", externalId: "9F1C-ADMINS" },
    ];
    const out = await runMapping(list, input({}, groups), port);
    expect(names(out.permissionTypes)).toEqual(["Administrator"]);
    expect(out.trace.find((t) => t.target === "permissionType")).toMatchObject({
      source: "group.externalId",
      value: "9F1C-ADMINS",
      outcome: "mapped",
    });
  });

  test("explicit LMS extension fields win over rules for their target", async () => {
    const { port } = fakeCatalog({ department: ["Sales", "Finance"], jobProfile: ["Nurse"] });
    const list = rules(
      {
        target: "department",
        source: { kind: "attribute", path: "enterprise.department" },
        unknownPolicy: "create",
      },
      { target: "jobProfile", source: { kind: "attribute", path: "title" } },
    );
    const out = await runMapping(
      list,
      input({
        "enterprise.department": "Sales",
        "lms.departments": ["finance"],
        "lms.jobProfile": "NURSE",
        title: "x",
      }),
      port,
    );
    expect(names(out.departments)).toEqual(["Finance"]);
    expect(out.jobProfile.name).toBe("Nurse");
    const explicit = out.trace.filter((t) => t.outcome === "explicit");
    expect(explicit.map((t) => [t.target, t.source, t.ruleId])).toEqual([
      ["department", "lms.departments", undefined],
      ["jobProfile", "lms.jobProfile", undefined],
    ]);
  });

  test("an unknown explicit name follows the target rule's policy, else rejects", async () => {
    const { port, created } = fakeCatalog({});
    const createRule = rules({
      target: "department",
      source: { kind: "attribute", path: "title" },
      unknownPolicy: "create",
    });
    const out = await runMapping(createRule, input({ "lms.departments": ["Lab"] }), port);
    expect(names(out.departments)).toEqual(["Lab"]);
    expect(created).toEqual([{ target: "department", name: "Lab" }]);
    expect(out.trace[0]).toMatchObject({
      outcome: "created",
      ruleId: createRule[0]!.id,
      source: "lms.departments",
    });

    await expect(runMapping([], input({ "lms.permissionTypes": ["Wizard"] }), port)).rejects.toMatchObject({
      code: "mapping.unknown_value",
      detail: expect.stringContaining('"Wizard"'),
    });
    await expect(runMapping([], input({ "lms.language": "tlh" }), port)).rejects.toMatchObject({
      code: "mapping.unknown_value",
    });
  });

  test("single-valued targets take the first match; a later matching rule beats an earlier unknown", async () => {
    const { port, created } = fakeCatalog({ jobProfile: ["Nurse", "Doctor"] });
    const list = rules(
      { target: "jobProfile", source: { kind: "attribute", path: "title" }, unknownPolicy: "create" },
      { target: "jobProfile", source: { kind: "attribute", path: "userType" } },
      { target: "jobProfile", source: { kind: "attribute", path: "enterprise.division" } },
    );
    const out = await runMapping(
      list,
      input({ title: "Chief", userType: "nurse", "enterprise.division": "Doctor" }),
      port,
    );
    expect(out.jobProfile.name).toBe("Nurse");
    expect(created).toEqual([]);
    expect(out.trace.filter((t) => t.target === "jobProfile")).toEqual([
      expect.objectContaining({ ruleId: list[1]!.id, outcome: "matched", value: "nurse" }),
    ]);
    // Nothing matches: the first proposal's rule decides (create).
    const none = await runMapping(list, input({ title: "Chief", userType: "Pilot" }), port);
    expect(none.jobProfile.name).toBe("Chief");
    expect(created).toEqual([{ target: "jobProfile", name: "Chief" }]);
  });

  test("rules apply in position order, not in the order stored", async () => {
    const { port } = fakeCatalog({ jobProfile: ["A", "B"] });
    const [first, second] = rules(
      { target: "jobProfile", source: { kind: "attribute", path: "title" } },
      { target: "jobProfile", source: { kind: "attribute", path: "userType" } },
    );
    const reordered = [
      { ...first!, position: 5 },
      { ...second!, position: 1 },
    ];
    const out = await runMapping(reordered, input({ title: "A", userType: "B" }), port);
    expect(out.jobProfile.name).toBe("B");
  });

  test.each([
    ["da-DK", "da"],
    ["da_DK", "da"],
    ["EN-gb", "en-GB"],
    ["en-US", "en"],
    ["fr-FR", "en"],
  ])("language %s → %s through the built-in preferredLanguage", async (tag, expected) => {
    const { port } = fakeCatalog({});
    const out = await runMapping([], input({ preferredLanguage: tag }), port);
    expect(out.language).toBe(expected);
  });

  test("without a language rule, locale is read when preferredLanguage is absent", async () => {
    const { port } = fakeCatalog({});
    const out = await runMapping([], input({ locale: "da_DK.UTF-8" }), port);
    expect(out.language).toBe("da");
    expect(out.trace.at(-1)).toMatchObject({ target: "language", source: "locale", outcome: "matched" });
  });

  test("a language rule with a value map; unknown tags fall back unless the rule rejects", async () => {
    const { port } = fakeCatalog({});
    const mapped = rules({
      target: "language",
      source: { kind: "attribute", path: "claims.lang" },
      valueMap: { Danish: "da" },
    });
    expect((await runMapping(mapped, input({ "claims.lang": "danish" }), port)).language).toBe("da");
    expect((await runMapping(mapped, input({ "claims.lang": "Klingon" }), port)).language).toBe("en");
    const strict = rules({
      target: "language",
      source: { kind: "attribute", path: "locale" },
      unknownPolicy: "reject",
    });
    await expect(runMapping(strict, input({ locale: "fr_FR" }), port)).rejects.toMatchObject({
      code: "mapping.unknown_value",
    });
  });

  test("a missing default surfaces the port's error", async () => {
    const { port } = fakeCatalog({}, { defaults: { jobProfile: null } });
    await expect(runMapping([], input(), port)).rejects.toMatchObject({ code: "mapping.no_default" });
  });
});

import { MAX_VALUE_MAP_ENTRIES, validateRuleSpec, type RuleSpecInput } from "../../../src/mapping";

const attribute = (path: string): RuleSpecInput["source"] => ({ kind: "attribute", path });

describe("validateRuleSpec", () => {
  test("fills in an empty value map and the default policy", () => {
    expect(validateRuleSpec({ target: "department", source: attribute("enterprise.department") })).toEqual({
      target: "department",
      source: attribute("enterprise.department"),
      valueMap: {},
      unknownPolicy: "default",
    });
  });

  test.each([
    "title",
    "lms.departments",
    "claims.groups",
    "claims.http://schemas.microsoft.com/claims/groups",
  ])("accepts the attribute path %s", (path) => {
    expect(validateRuleSpec({ target: "department", source: attribute(path) }).source).toEqual(
      attribute(path),
    );
  });

  test.each([
    [{ target: "department", source: attribute("enterprise.dept") }, "source.path"],
    [{ target: "department", source: attribute("claims.") }, "source.path"],
    [{ target: "department", source: attribute("name.givenName") }, "source.path"],
    [{ target: "department", source: { kind: "group", match: "id" } }, "source.match"],
    [{ target: "department", source: { kind: "role" } }, "source.kind"],
    [{ target: "manager", source: attribute("title") }, "target"],
    [{ target: "language", source: attribute("locale"), unknownPolicy: "create" }, "unknownPolicy"],
    [{ target: "department", source: attribute("title"), unknownPolicy: "ignore" }, "unknownPolicy"],
    [{ target: "department", source: attribute("title"), valueMap: { " ": "Sales" } }, "valueMap"],
    [{ target: "department", source: attribute("title"), valueMap: { a: " " } }, "valueMap"],
    [{ target: "department", source: attribute("title"), valueMap: { a: "x".repeat(201) } }, "valueMap"],
  ])("refuses %j with 400 mapping.invalid_rule on %s", (input, field) => {
    expect(() => validateRuleSpec(input as RuleSpecInput)).toThrow(
      expect.objectContaining({ code: "mapping.invalid_rule", status: 400, field }),
    );
  });

  test("refuses value map keys that differ only in case or spacing (which would win?)", () => {
    expect(() =>
      validateRuleSpec({
        target: "department",
        source: attribute("title"),
        valueMap: { "Sales EMEA": "Sales", "sales  emea": "Other" },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "mapping.invalid_rule",
        detail: expect.stringContaining("differ only"),
      }),
    );
  });

  test("caps the size of a value map", () => {
    const valueMap = Object.fromEntries(
      Array.from({ length: MAX_VALUE_MAP_ENTRIES + 1 }, (_, i) => [`k${i}`, "v"]),
    );
    expect(() => validateRuleSpec({ target: "department", source: attribute("title"), valueMap })).toThrow(
      expect.objectContaining({ field: "valueMap" }),
    );
  });

  test("prefixes fields so a bulk replace names the rule", () => {
    expect(() => validateRuleSpec({ target: "department", source: attribute("nope") }, "rules.3.")).toThrow(
      expect.objectContaining({ field: "rules.3.source.path" }),
    );
  });

  test('a "__proto__" key stays an ordinary entry', () => {
    const valueMap = JSON.parse('{"__proto__": "Sales"}') as Record<string, string>;
    const spec = validateRuleSpec({ target: "department", source: attribute("title"), valueMap });
    expect(Object.entries(spec.valueMap)).toEqual([["__proto__", "Sales"]]);
  });
});

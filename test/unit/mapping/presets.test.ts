import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PRESET_NAMES, PRESETS, validateRuleSpec } from "../../../src/mapping";

const dir = join(__dirname, "../../../config/mapping-presets");

describe.each(PRESET_NAMES)("preset %s", (name) => {
  test("config/mapping-presets JSON is exactly the preset the service applies", () => {
    const json: unknown = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
    expect(json).toEqual(PRESETS[name]);
  });

  test("every rule is valid", () => {
    for (const rule of PRESETS[name].rules) expect(validateRuleSpec(rule)).toEqual(rule);
  });
});

test("Entra reads preferredLanguage and Okta reads locale", () => {
  const languagePath = (name: "entra" | "okta") =>
    PRESETS[name].rules.find((rule) => rule.target === "language")?.source;
  expect(languagePath("entra")).toEqual({ kind: "attribute", path: "preferredLanguage" });
  expect(languagePath("okta")).toEqual({ kind: "attribute", path: "locale" });
});

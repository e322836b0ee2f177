import { nameKey } from "../directory";
import { isKnownAttributePath, KNOWN_ATTRIBUTES } from "./attributes";
import { invalidRule } from "./errors";
import {
  GROUP_MATCHES,
  MAPPING_TARGETS,
  UNKNOWN_POLICIES,
  type MappingTarget,
  type RuleSource,
  type RuleSpec,
  type UnknownPolicy,
} from "./types";

/** A rule as callers send it: the value map and policy may be left out. */
export interface RuleSpecInput {
  target: MappingTarget;
  source: RuleSource;
  valueMap?: Record<string, string>;
  unknownPolicy?: UnknownPolicy;
}

export const MAX_VALUE_MAP_ENTRIES = 1000;
export const MAX_RULES = 100;

const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === "string" && (list as readonly string[]).includes(value);

/**
 * Checks what a schema cannot: known paths, policies that make sense for the target, and value
 * maps without keys that collide once case and spacing are ignored (which one would win?).
 * `at` prefixes field names ("rules.2.") so a bulk replace names the offending rule.
 */
export function validateRuleSpec(input: RuleSpecInput, at = ""): RuleSpec {
  if (!includes(MAPPING_TARGETS, input.target)) {
    throw invalidRule(`target must be one of ${MAPPING_TARGETS.join(", ")}`, `${at}target`);
  }
  const source = validateSource(input.source, at);
  const unknownPolicy = input.unknownPolicy ?? "default";
  if (!includes(UNKNOWN_POLICIES, unknownPolicy)) {
    throw invalidRule(`unknownPolicy must be one of ${UNKNOWN_POLICIES.join(", ")}`, `${at}unknownPolicy`);
  }
  // Languages are the organisation's enabled set, changed in its settings, never made up by an IdP.
  if (input.target === "language" && unknownPolicy === "create") {
    throw invalidRule(
      'A language rule cannot create languages; use "default" or "reject"',
      `${at}unknownPolicy`,
    );
  }
  return {
    target: input.target,
    source,
    valueMap: validateValueMap(input.valueMap ?? {}, at),
    unknownPolicy,
  };
}

function validateSource(source: RuleSource | undefined, at: string): RuleSource {
  if (source?.kind === "attribute") {
    const path = typeof source.path === "string" ? source.path.trim() : "";
    if (!isKnownAttributePath(path)) {
      throw invalidRule(
        `Unknown attribute path "${path.slice(0, 80)}"; use one of ${KNOWN_ATTRIBUTES.join(", ")} or claims.<name>`,
        `${at}source.path`,
      );
    }
    return { kind: "attribute", path };
  }
  if (source?.kind === "group") {
    if (!includes(GROUP_MATCHES, source.match)) {
      throw invalidRule(`source.match must be one of ${GROUP_MATCHES.join(", ")}`, `${at}source.match`);
    }
    return { kind: "group", match: source.match };
  }
  throw invalidRule('source.kind must be "attribute" or "group"', `${at}source.kind`);
}

function validateValueMap(valueMap: Record<string, string>, at: string): Record<string, string> {
  const entries = Object.entries(valueMap);
  if (entries.length > MAX_VALUE_MAP_ENTRIES) {
    throw invalidRule(`A value map holds at most ${MAX_VALUE_MAP_ENTRIES} entries`, `${at}valueMap`);
  }
  const seen = new Map<string, string>();
  const out: Array<[string, string]> = [];
  for (const [key, value] of entries) {
    const folded = nameKey(key);
    const target = typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "";
    if (folded === "" || folded.length > 255) {
      throw invalidRule("Value map keys are 1–255 characters", `${at}valueMap`);
    }
    if (target === "" || target.length > 200) {
      throw invalidRule(`The value for "${key.slice(0, 80)}" must be 1–200 characters`, `${at}valueMap`);
    }
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw invalidRule(
        `Value map keys "${earlier}" and "${key}" differ only in case or spacing`,
        `${at}valueMap`,
      );
    }
    seen.set(folded, key);
    out.push([key.trim(), target]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary entry.
  return Object.fromEntries(out);
}

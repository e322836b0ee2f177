import { nameKey } from "../directory";
import { readAttribute } from "./attributes";
import type { MappingInput, MappingTarget, Rule, UnknownPolicy } from "./types";

/** One value a rule (or the LMS extension) proposes for a target, before it is looked up. */
export interface Candidate {
  /** What the user's data said (attribute value, group name or id). */
  value: string;
  /** The directory name to look for: the value-map translation, else the value itself. */
  name: string;
  mapped: boolean;
  source: string;
}

/** A rule applied to one user: its proposals and what to do if they name nothing. */
export interface Step {
  ruleId?: string;
  policy: UnknownPolicy;
  explicit: boolean;
  candidates: Candidate[];
}

/** The LMS extension attribute that, when sent, decides its target on its own. */
export const EXPLICIT_PATHS: Record<MappingTarget, string> = {
  department: "lms.departments",
  jobProfile: "lms.jobProfile",
  permissionType: "lms.permissionTypes",
  language: "lms.language",
};

/**
 * When an organisation has no language rule, the SCIM core attributes still decide the language
 * (RFC 7643 §4.1.1: preferredLanguage, then locale); an unknown tag falls back, never rejects.
 */
const BUILT_IN_LANGUAGE_PATHS = ["preferredLanguage", "locale"];

export function stepsFor(target: MappingTarget, rules: readonly Rule[], input: MappingInput): Step[] {
  const own = rules.filter((rule) => rule.target === target);
  const explicitValues = readAttribute(input, EXPLICIT_PATHS[target]);
  if (explicitValues.length > 0) {
    // The IdP named the entries itself; a rule for the target only lends its unknown-value policy.
    const [governing] = own;
    const source = EXPLICIT_PATHS[target];
    return [
      {
        ruleId: governing?.id,
        policy: governing?.unknownPolicy ?? "reject",
        explicit: true,
        candidates: explicitValues.map((value) => ({ value, name: value, mapped: false, source })),
      },
    ];
  }
  if (own.length === 0 && target === "language") {
    return BUILT_IN_LANGUAGE_PATHS.map((path) => ({
      policy: "default",
      explicit: false,
      candidates: readAttribute(input, path).map((value) => ({
        value,
        name: value,
        mapped: false,
        source: path,
      })),
    }));
  }
  return own.map((rule) => ({
    ruleId: rule.id,
    policy: rule.unknownPolicy,
    explicit: false,
    candidates: candidatesOf(rule, input),
  }));
}

function candidatesOf(rule: Rule, input: MappingInput): Candidate[] {
  const map = foldValueMap(rule.valueMap);
  if (rule.source.kind === "attribute") {
    const source = rule.source.path;
    return readAttribute(input, source).map((value) => {
      const mapped = map.get(nameKey(value));
      return { value, name: mapped ?? value, mapped: mapped !== undefined, source };
    });
  }
  // Group rules act only on the groups their value map names: membership of "All Staff" must
  // not turn into a department just because the IdP pushed that group.
  const match = rule.source.match;
  const source = `group.${match}`;
  const out: Candidate[] = [];
  for (const group of input.groups) {
    const value = (match === "displayName" ? group.displayName : group.externalId)?.trim();
    const mapped = value ? map.get(nameKey(value)) : undefined;
    if (value && mapped !== undefined) out.push({ value, name: mapped, mapped: true, source });
  }
  return out;
}

/** Keys compare as directory names do: trimmed, inner spaces folded, case-insensitive. */
export function foldValueMap(valueMap: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(valueMap).map(([key, value]) => [nameKey(key), value]));
}

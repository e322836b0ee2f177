import type { RuleSpec } from "./types";

export const PRESET_NAMES = ["entra", "okta"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  description: string;
  rules: RuleSpec[];
}

/**
 * Starting points for the two IdPs customers use most. The data lives here so the compiled
 * service carries it; `config/mapping-presets/*.json` are the operator-readable copies, kept equal
 * by test/unit/mapping/presets.test.ts.
 */
const groupsToPermissionTypes: RuleSpec = {
  target: "permissionType",
  source: { kind: "group", match: "displayName" },
  valueMap: { "LMS Administrators": "Administrator", "LMS Learners": "Learner" },
  unknownPolicy: "default",
};

export const PRESETS: Record<PresetName, Preset> = {
  entra: {
    name: "entra",
    description:
      "Microsoft Entra ID: enterprise department → Department (created when new), jobTitle (SCIM title) → Job Profile, preferredLanguage → Language, group names → Permission Types.",
    rules: [
      {
        target: "department",
        source: { kind: "attribute", path: "enterprise.department" },
        valueMap: {},
        unknownPolicy: "create",
      },
      {
        target: "jobProfile",
        source: { kind: "attribute", path: "title" },
        valueMap: {},
        unknownPolicy: "default",
      },
      {
        target: "language",
        source: { kind: "attribute", path: "preferredLanguage" },
        valueMap: {},
        unknownPolicy: "default",
      },
      groupsToPermissionTypes,
    ],
  },
  okta: {
    name: "okta",
    description:
      "Okta: enterprise department → Department (created when new), title → Job Profile, locale → Language, group names → Permission Types.",
    rules: [
      {
        target: "department",
        source: { kind: "attribute", path: "enterprise.department" },
        valueMap: {},
        unknownPolicy: "create",
      },
      {
        target: "jobProfile",
        source: { kind: "attribute", path: "title" },
        valueMap: {},
        unknownPolicy: "default",
      },
      {
        target: "language",
        source: { kind: "attribute", path: "locale" },
        valueMap: {},
        unknownPolicy: "default",
      },
      groupsToPermissionTypes,
    ],
  },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

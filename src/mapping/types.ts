import type { Organisation } from "../directory";
/** What a rule can assign. Departments and permission types are multi-valued; the others single. */
export const MAPPING_TARGETS = ["department", "jobProfile", "permissionType", "language"] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

/** What to do when a value names nothing in the organisation. */
export const UNKNOWN_POLICIES = ["create", "default", "reject"] as const;
export type UnknownPolicy = (typeof UNKNOWN_POLICIES)[number];

export const GROUP_MATCHES = ["displayName", "externalId"] as const;
export type GroupMatch = (typeof GROUP_MATCHES)[number];

export type RuleSource = { kind: "attribute"; path: string } | { kind: "group"; match: GroupMatch };

/** A rule as data: what the admin API, presets and the engine exchange. */
export interface RuleSpec {
  target: MappingTarget;
  source: RuleSource;
  /** Source value → directory name; keys compare case- and spacing-insensitively. */
  valueMap: Record<string, string>;
  unknownPolicy: UnknownPolicy;
}

/** A stored rule, in the order the engine applies it. */
export interface Rule extends RuleSpec {
  id: string;
  position: number;
}

export interface MappingGroup {
  id?: string;
  displayName: string;
  externalId?: string | null;
}

/**
 * What a channel (SCIM, SSO, sign-up, import) knows about a person. Attribute keys are canonical
 * lower-camel paths (`title`, `enterprise.department`, `lms.departments`, `claims.groups`, …).
 */
export interface MappingInput {
  attributes: Record<string, string | string[] | undefined>;
  groups: MappingGroup[];
}

export type TraceOutcome = "matched" | "mapped" | "created" | "default" | "explicit";

/** One decision of the engine, so an admin can see which rule produced which assignment and why. */
export interface TraceEntry {
  target: MappingTarget;
  ruleId?: string;
  source: string;
  value?: string;
  outcome: TraceOutcome;
  detail: string;
}

export interface MappingResult {
  departmentIds: string[];
  jobProfileId: string;
  permissionTypeIds: string[];
  language: string;
  trace: TraceEntry[];
  /** The organisation as the mapping read it in the caller's transaction (for `users.create`). */
  organisation: Organisation;
}

/** A resolved directory entry; names are kept so a preview can show them without new queries. */
export interface NamedEntry {
  id: string;
  name: string;
}

export type CatalogTarget = Exclude<MappingTarget, "language">;

export const TARGET_LABELS: Record<MappingTarget, string> = {
  department: "department",
  jobProfile: "job profile",
  permissionType: "permission type",
  language: "language",
};

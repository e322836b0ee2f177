import type { MappingContext } from "./context";
import { MappingService } from "./service";

export { MappingRule } from "./rule.entity";
export { MappingService } from "./service";
export type { MappingPreview } from "./service";
export type { MappingContext } from "./context";
export type { StoredRule, RuleCreateInput, RuleUpdateInput } from "./rules";
export type { RuleSpecInput } from "./validate";
export type { CatalogPort, MappingOutcome } from "./engine";
export type { ScimUserLike } from "./scim-input";
export type { Preset, PresetName } from "./presets";
export * from "./types";
export { runMapping } from "./engine";
export { matchLanguage } from "./language";
export { KNOWN_ATTRIBUTES, isKnownAttributePath } from "./attributes";
export { validateRuleSpec, MAX_RULES, MAX_VALUE_MAP_ENTRIES } from "./validate";
export { scimUserToMappingInput } from "./scim-input";
export { PRESETS, PRESET_NAMES, isPresetName } from "./presets";

/** The composition root builds one of these next to the directory (see app.ts). */
export function createMapping(ctx: MappingContext): MappingService {
  return new MappingService(ctx);
}

import { AppError } from "../lib";
import { TARGET_LABELS, type MappingTarget } from "./types";

/**
 * Mapping failures are the client's: the IdP sent a value the organisation does not accept, or
 * the organisation lacks a default. All are 400 so the SCIM layer answers `invalidValue` and the
 * channel's transaction rolls back before any user exists (never a half-made user).
 */
export function unknownValue(target: MappingTarget, value: string, source: string): AppError {
  return new AppError(
    "mapping.unknown_value",
    `Unknown ${TARGET_LABELS[target]} "${value}" (from ${source}): the mapping rejects values that name no ${TARGET_LABELS[target]} of this organisation`,
    { status: 400, field: target, extra: { target, value, source } },
  );
}

export function invalidValue(target: MappingTarget, value: string, source: string, why: string): AppError {
  return new AppError(
    "mapping.invalid_value",
    `The value "${value.slice(0, 80)}" (from ${source}) cannot be a ${TARGET_LABELS[target]}: ${why}`,
    { status: 400, field: target, extra: { target, source } },
  );
}

export function noDefault(target: MappingTarget): AppError {
  return new AppError(
    "mapping.no_default",
    `No ${TARGET_LABELS[target]} could be derived for this user and the organisation has no default ${TARGET_LABELS[target]}`,
    { status: 400, field: target, extra: { target } },
  );
}

export function invalidRule(detail: string, field: string): AppError {
  return new AppError("mapping.invalid_rule", detail, { status: 400, field });
}

export const ruleNotFound = (): AppError =>
  new AppError("mapping.rule_not_found", "Mapping rule was not found", { status: 404 });

export const presetNotFound = (name: string): AppError =>
  new AppError("mapping.preset_not_found", `No mapping preset named "${name}"; use "entra" or "okta"`, {
    status: 404,
  });

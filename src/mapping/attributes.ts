import type { MappingInput } from "./types";

/**
 * The attribute paths a rule may read. Core and enterprise names follow RFC 7643 (§4.1, §4.3);
 * `lms.*` is Admit's own extension; `claims.*` are free keys for SSO claims (SAML attribute
 * names are often URIs, so anything printable may follow the prefix).
 */
export const KNOWN_ATTRIBUTES = [
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "enterprise.department",
  "enterprise.division",
  "enterprise.costCenter",
  "enterprise.organization",
  "enterprise.employeeNumber",
  "lms.jobProfile",
  "lms.departments",
  "lms.permissionTypes",
  "lms.language",
] as const;

const CLAIM = /^claims\.\S{1,240}$/;
const KNOWN = new Set<string>(KNOWN_ATTRIBUTES);

export function isKnownAttributePath(path: string): boolean {
  return KNOWN.has(path) || CLAIM.test(path);
}

/** The non-blank values of an attribute, trimmed; a single value is a list of one. */
export function readAttribute(input: MappingInput, path: string): string[] {
  const raw = input.attributes[path];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((value) => value.trim()).filter((value) => value !== "");
}

import { invalidValue } from "./errors";
import {
  canonicalizeResource,
  ENTERPRISE_SCHEMA_ID,
  GROUP_RESOURCE,
  isPlainObject,
  LMS_SCHEMA_ID,
  USER_RESOURCE,
  type ScimGroupInput,
  type ScimMember,
  type ScimUserInput,
} from "./schemas";

export type {
  ScimAddress,
  ScimEnterpriseInput,
  ScimGroupInput,
  ScimLmsInput,
  ScimMember,
  ScimMultiValue,
  ScimName,
  ScimUserInput,
} from "./schemas";

export interface Normalized<T> {
  resource: T;
  /** Dropped input worth a log line: unknown attributes/URNs and readOnly ones such as `groups`. */
  ignored: string[];
}

/**
 * POST/PUT body → canonical User (INTEROP.md "Create", "Okta PUT"). Names and URNs match in any
 * case, string booleans become booleans, `null` is absent, client `id`/`meta`/`schemas` are
 * ignored, top-level enterprise attributes move into the extension. Throws ScimError 400.
 */
export function normalizeUserInput(body: unknown): Normalized<ScimUserInput> {
  const ignored: string[] = [];
  const document = canonicalizeResource(body, USER_RESOURCE, { ignored });
  requireText(document, "userName");
  return { resource: toUserInput(document), ignored: [...new Set(ignored)] };
}

/** POST/PUT body → canonical Group; members keep only `value` (+ `type`), never Okta's `display`. */
export function normalizeGroupInput(body: unknown): Normalized<ScimGroupInput> {
  const ignored: string[] = [];
  const document = canonicalizeResource(body, GROUP_RESOURCE, { ignored });
  requireText(document, "displayName");
  const group: ScimGroupInput = { displayName: document.displayName as string };
  if (typeof document.externalId === "string") group.externalId = document.externalId;
  if (Array.isArray(document.members)) {
    group.members = (document.members as ScimMember[]).map(({ value, type }) =>
      type === undefined ? { value } : { value, type },
    );
  }
  return { resource: group, ignored: [...new Set(ignored)] };
}

/** RFC 7643 §2.2 "required": absent or blank is a 400 invalidValue (Okta PUT without userName). */
function requireText(document: Record<string, unknown>, name: string): void {
  const value = document[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw invalidValue(`Attribute "${name}" is required`);
  }
}

/** Canonical document (extension objects under their URN) → typed User. */
export function toUserInput(document: Record<string, unknown>): ScimUserInput {
  const { [ENTERPRISE_SCHEMA_ID]: enterprise, [LMS_SCHEMA_ID]: lms, ...core } = document;
  // Safe: canonicalizeResource produced only schema-checked, canonically named values.
  const user = core as unknown as ScimUserInput;
  if (isPlainObject(enterprise)) user.enterprise = enterprise;
  if (isPlainObject(lms)) user.lms = lms;
  return user;
}

/** Typed User → canonical document, the shape PATCH paths address. */
export function toUserDocument(user: ScimUserInput): Record<string, unknown> {
  const { enterprise, lms, ...core } = structuredClone(user);
  const document: Record<string, unknown> = { ...core };
  if (enterprise) document[ENTERPRISE_SCHEMA_ID] = enterprise;
  if (lms) document[LMS_SCHEMA_ID] = lms;
  return document;
}

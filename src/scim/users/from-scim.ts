import type { Organisation, UserFields } from "../../directory";
import { normalizeEmail, normalizePhone } from "../../directory";
import type { ScimMultiValue, ScimUserInput } from "../protocol";

/** What the mapping rules decided for a SCIM user (departments, job profile, permission types, language). */
export interface LmsAssignments {
  departmentIds: string[];
  jobProfileId: string;
  permissionTypeIds: string[];
  language: string;
  /** The organisation the resolver read in the same transaction, when it read one. */
  organisation?: Organisation;
}

/** The one element a single-valued directory field takes from a SCIM list: primary, then a preferred type, then the first. */
export function pick(
  values: ScimMultiValue[] | undefined,
  preferredType: string,
): ScimMultiValue | undefined {
  if (!values?.length) return undefined;
  return (
    values.find((v) => v.primary === true) ??
    values.find((v) => v.type?.toLowerCase() === preferredType) ??
    values[0]
  );
}

function tryEmail(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return normalizeEmail(value).email;
  } catch {
    return undefined;
  }
}

function tryPhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return normalizePhone(value);
  } catch {
    return undefined;
  }
}

/**
 * A SCIM user → the directory's fields. The directory keeps one email and one phone: the
 * primary (else work / mobile, else first) element. Names fall back to displayName when an IdP
 * sends no `name` (service accounts). An email-shaped userName (Okta's default) stands in for a
 * missing email. A phone the numbering plan cannot read is kept in the SCIM profile only, unless
 * the user has no email and needs it (then the directory's own error explains).
 */
export function directoryFieldsOf(user: ScimUserInput, assignments: LmsAssignments): UserFields {
  const [displayFirst, ...displayRest] = (user.displayName ?? "").trim().split(/\s+/);
  const emailValue = pick(user.emails, "work")?.value;
  const email = tryEmail(emailValue) ?? tryEmail(user.userName) ?? emailValue ?? null;
  const phoneValue = pick(user.phoneNumbers, "mobile")?.value;
  const phone = tryPhone(phoneValue) ?? (email ? null : (phoneValue ?? null));
  return {
    firstName: user.name?.givenName ?? displayFirst ?? "",
    lastName: user.name?.familyName ?? displayRest.join(" "),
    email,
    userName: user.userName,
    phone,
    externalId: user.externalId ?? null,
    language: assignments.language,
    jobProfileId: assignments.jobProfileId,
    departmentIds: assignments.departmentIds,
    permissionTypeIds: assignments.permissionTypeIds,
  };
}

/** The profile kept beside the directory user: everything SCIM sent, except the password. */
export function profileOf(user: ScimUserInput): Record<string, unknown> {
  const { password: _password, ...rest } = user;
  return rest as Record<string, unknown>;
}

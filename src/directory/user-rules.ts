import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { AppError, invalid } from "../lib";
import { Department, JobProfile, Organisation, PermissionType } from "./entities";
import { cleanText, normalizeEmail, normalizeLanguage, normalizePhone, normalizeUserName } from "./normalize";

/** What a caller may set on a user. `undefined` = not given; `null` = clear it. */
export interface UserFields {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  userName?: string | null;
  phone?: string | null;
  language?: string;
  jobProfileId?: string;
  departmentIds?: string[];
  permissionTypeIds?: string[];
  externalId?: string | null;
}

/** A user's fields after every rule in PRODUCT.md "The domain" has been checked. */
export interface ValidUser {
  firstName: string;
  lastName: string;
  email: string | null;
  emailKey: string | null;
  userName: string | null;
  userNameKey: string | null;
  phone: string | null;
  language: string;
  jobProfileId: string;
  departmentIds: string[];
  permissionTypeIds: string[];
  externalId: string | null;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Validates a complete user (creation, or an update merged onto the stored user). Every
 * problem is collected, so a form or an import row can show all of them at once; the first
 * becomes the error's code and field, the rest travel in `extra.errors`. `verifiedIds` are
 * catalogue ids the caller already found in this organisation within the same transaction (the
 * mapping engine's result): their existence is not queried again.
 */
export async function validateUser(
  tx: EntityManager,
  org: Organisation,
  fields: UserFields,
  verifiedIds: ReadonlySet<string> = NONE,
): Promise<ValidUser> {
  const problems: AppError[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(error);
      return fallback;
    }
  };
  const required = (value: string | undefined, field: string, label: string): string => {
    const text = cleanText(value);
    if (!text) problems.push(invalid(`directory.${snake(field)}_required`, `${label} is required`, field));
    else if (text.length > 100)
      problems.push(invalid(`directory.${snake(field)}_too_long`, `${label} is too long`, field));
    return text ?? "";
  };

  const firstName = required(fields.firstName, "firstName", "First name");
  const lastName = required(fields.lastName, "lastName", "Last name");
  const emailText = cleanText(fields.email);
  const userNameText = cleanText(fields.userName);
  const phoneText = cleanText(fields.phone);
  const email = emailText ? attempt(() => normalizeEmail(emailText), null) : null;
  const userName = userNameText ? attempt(() => normalizeUserName(userNameText), null) : null;
  const phone = phoneText ? attempt(() => normalizePhone(phoneText), null) : null;

  // Either an email, or a username together with a phone number (help center, "Required Information").
  if (!emailText && !userNameText) {
    problems.push(
      invalid(
        "directory.identifier_required",
        "An email, or a username and a phone number, is required",
        "email",
      ),
    );
  } else if (!emailText && !phoneText) {
    problems.push(
      invalid("directory.phone_required", "A user without an email needs a phone number", "phone"),
    );
  }

  let language = "";
  if (!cleanText(fields.language)) {
    problems.push(invalid("directory.language_required", "Language is required", "language"));
  } else {
    language = attempt(() => normalizeLanguage(fields.language as string), "");
    if (language && !org.languages.includes(language)) {
      problems.push(
        invalid(
          "directory.language_not_enabled",
          `Language "${language}" is not enabled for this organisation`,
          "language",
        ),
      );
    }
  }

  const jobProfileId = fields.jobProfileId ?? "";
  if (!jobProfileId) {
    problems.push(invalid("directory.job_profile_required", "A job profile is required", "jobProfileId"));
  } else if (
    !verifiedIds.has(jobProfileId) &&
    !(await tx.existsBy(JobProfile, { id: jobProfileId, organisationId: org.id }))
  ) {
    problems.push(
      invalid("directory.job_profile_not_found", "No such job profile in this organisation", "jobProfileId"),
    );
  }
  const departmentIds = await checkMembership(
    tx,
    org.id,
    Department,
    fields.departmentIds,
    "departmentIds",
    "department",
    problems,
    verifiedIds,
  );
  const permissionTypeIds = await checkMembership(
    tx,
    org.id,
    PermissionType,
    fields.permissionTypeIds,
    "permissionTypeIds",
    "permission_type",
    problems,
    verifiedIds,
  );
  const externalId = cleanText(fields.externalId);
  if (externalId && externalId.length > 255) {
    problems.push(invalid("directory.external_id_too_long", "External id is too long", "externalId"));
  }

  const [first, ...rest] = problems;
  if (first) {
    throw new AppError(first.code, first.detail, {
      status: 422,
      field: first.field,
      extra: rest.length
        ? { errors: problems.map((p) => ({ code: p.code, field: p.field, detail: p.detail })) }
        : undefined,
    });
  }
  return {
    firstName,
    lastName,
    email: email?.email ?? null,
    emailKey: email?.key ?? null,
    userName: userName?.userName ?? null,
    userNameKey: userName?.key ?? null,
    phone,
    language,
    jobProfileId,
    departmentIds,
    permissionTypeIds,
    externalId,
  };
}

async function checkMembership(
  tx: EntityManager,
  organisationId: string,
  entity: typeof Department | typeof PermissionType,
  ids: string[] | undefined,
  field: string,
  code: string,
  problems: AppError[],
  verifiedIds: ReadonlySet<string>,
): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  const label = code.replace("_", " ");
  if (unique.length === 0) {
    problems.push(invalid(`directory.${code}_required`, `At least one ${label} is required`, field));
    return unique;
  }
  if (unique.every((id) => verifiedIds.has(id))) return unique;
  const found = await tx.countBy(entity, { id: In(unique), organisationId });
  if (found !== unique.length) {
    problems.push(invalid(`directory.${code}_not_found`, `No such ${label} in this organisation`, field));
  }
  return unique;
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

import type { UserView } from "../../directory";
import { ENTERPRISE_SCHEMA_ID, LMS_SCHEMA_ID, USER_SCHEMA_ID, type ScimUserInput } from "../protocol";

export interface UserGroupRef {
  id: string;
  displayName: string;
}

export const etagOf = (version: number): string => `W/"${version}"`;

/**
 * A directory user (plus its SCIM profile, when an IdP provisioned it) as a SCIM User. Fields the
 * directory owns — names, userName, email, phone, active — always come from the directory, so a
 * change made in the console shows here too.
 */
export function renderUser(
  view: UserView,
  profile: Partial<ScimUserInput> | null,
  groups: UserGroupRef[],
  baseUrl: string,
): Record<string, unknown> {
  const p = profile ?? {};
  const emails = p.emails?.length
    ? p.emails.map((e) => (e.primary || p.emails?.length === 1 ? { ...e, value: view.email ?? e.value } : e))
    : view.email
      ? [{ value: view.email, type: "work", primary: true }]
      : undefined;
  const phoneNumbers = p.phoneNumbers?.length
    ? p.phoneNumbers
    : view.phone
      ? [{ value: view.phone, type: "mobile", primary: true }]
      : undefined;
  const enterprise = p.enterprise && Object.keys(p.enterprise).length ? p.enterprise : undefined;
  const resource: Record<string, unknown> = {
    schemas: [USER_SCHEMA_ID, ...(enterprise ? [ENTERPRISE_SCHEMA_ID] : []), LMS_SCHEMA_ID],
    id: view.id,
    ...(view.externalId ? { externalId: view.externalId } : {}),
    userName: view.userName ?? view.email,
    name: { ...p.name, givenName: view.firstName, familyName: view.lastName },
    ...pickDefined(p, [
      "displayName",
      "nickName",
      "profileUrl",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
    ]),
    active: view.status !== "deactivated",
    ...(emails ? { emails } : {}),
    ...(phoneNumbers ? { phoneNumbers } : {}),
    ...pickDefined(p, ["addresses", "ims", "photos", "entitlements", "roles", "x509Certificates"]),
    groups: groups.map((g) => ({
      value: g.id,
      display: g.displayName,
      $ref: `${baseUrl}/Groups/${g.id}`,
      type: "direct",
    })),
    ...(enterprise ? { [ENTERPRISE_SCHEMA_ID]: enterprise } : {}),
    [LMS_SCHEMA_ID]: {
      jobProfile: view.jobProfile.name,
      departments: view.departments.map((d) => d.name),
      permissionTypes: view.permissionTypes.map((t) => t.name),
      language: view.language,
    },
    meta: {
      resourceType: "User",
      created: view.createdAt.toISOString(),
      lastModified: view.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${view.id}`,
      version: etagOf(view.version),
    },
  };
  return resource;
}

function pickDefined(source: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

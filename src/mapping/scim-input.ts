import type { MappingGroup, MappingInput } from "./types";

/**
 * The parts of a canonical SCIM User (scim/protocol `ScimUserInput`) the mapping reads. Declared
 * structurally because modules may import the SCIM module only through its index.
 */
export interface ScimUserLike {
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  enterprise?: {
    department?: string;
    division?: string;
    costCenter?: string;
    organization?: string;
    employeeNumber?: string;
  };
  lms?: { jobProfile?: string; departments?: string[]; permissionTypes?: string[]; language?: string };
}

/** A normalized SCIM User and its group memberships → the engine's input. */
export function scimUserToMappingInput(
  resource: ScimUserLike,
  groups: readonly MappingGroup[],
): MappingInput {
  const e = resource.enterprise ?? {};
  const lms = resource.lms ?? {};
  return {
    attributes: {
      title: resource.title,
      userType: resource.userType,
      preferredLanguage: resource.preferredLanguage,
      locale: resource.locale,
      "enterprise.department": e.department,
      "enterprise.division": e.division,
      "enterprise.costCenter": e.costCenter,
      "enterprise.organization": e.organization,
      "enterprise.employeeNumber": e.employeeNumber,
      "lms.jobProfile": lms.jobProfile,
      "lms.departments": lms.departments,
      "lms.permissionTypes": lms.permissionTypes,
      "lms.language": lms.language,
    },
    groups: groups.map((group) => ({ ...group })),
  };
}

import type { UserView } from "../directory";

/** The group facts an event carries (the SCIM group row, without the member list). */
export interface GroupFacts {
  id: string;
  organisationId: string;
  displayName: string;
  externalId: string | null;
  version: number;
}

/**
 * The user as the learning platform needs it, at the time of the event. No password state, no
 * phone number: a receiver gets what it needs to provision, not everything Admit knows.
 */
export function userSnapshot(view: UserView) {
  return {
    id: view.id,
    organisationId: view.organisationId,
    userName: view.userName,
    email: view.email,
    firstName: view.firstName,
    lastName: view.lastName,
    status: view.status,
    source: view.source,
    language: view.language,
    externalId: view.externalId,
    jobProfile: view.jobProfile,
    departments: view.departments,
    permissionTypes: view.permissionTypes,
    version: view.version,
    updatedAt: view.updatedAt.toISOString(),
  };
}

export function groupSnapshot(group: GroupFacts) {
  return {
    id: group.id,
    organisationId: group.organisationId,
    displayName: group.displayName,
    externalId: group.externalId,
    version: group.version,
  };
}

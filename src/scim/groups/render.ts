import { GROUP_SCHEMA_ID } from "../protocol";
import type { ScimGroup } from "../entities";

export interface MemberRef {
  userId: string;
  display: string;
}

export function renderGroup(
  group: ScimGroup,
  members: MemberRef[] | undefined,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA_ID],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.userId,
            display: m.display,
            $ref: `${baseUrl}/Users/${m.userId}`,
            type: "User",
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: `W/"${group.version}"`,
    },
  };
}

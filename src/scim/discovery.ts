import { ENTERPRISE_SCHEMA_ID, GROUP_SCHEMA_ID, LMS_SCHEMA_ID, USER_SCHEMA_ID } from "./protocol";
import { MAX_RESULTS } from "./http/list-params";

export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD = 1_048_576;

/** RFC 7643 §5: states exactly what works here — nothing advertised that is not. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://github.com/admit/admit/tree/main/docs/guides",
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A SCIM token of the organisation, sent as 'Authorization: Bearer <token>'",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "An employee, mapped onto Departments, a Job Profile and Permission Types",
      schema: USER_SCHEMA_ID,
      schemaExtensions: [
        { schema: ENTERPRISE_SCHEMA_ID, required: false },
        { schema: LMS_SCHEMA_ID, required: false },
      ],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A group; mapping rules can turn membership into departments or permission types",
      schema: GROUP_SCHEMA_ID,
      schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

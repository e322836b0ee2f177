import { attr, complex, type AttributeDefinition, type SchemaDefinition } from "./types";
import { ENTERPRISE_SCHEMA_ID } from "./urns";

/**
 * Exported so coercion can accept Entra's bare-string manager and `[{"$ref","value"}]` shapes
 * (INTEROP.md "PATCH", Manager) and always render `{"value": id}`.
 */
export const MANAGER: AttributeDefinition = complex("manager", "The User's manager.", [
  attr("value", "string", "The id of the SCIM resource representing the User's manager."),
  attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", {
    referenceTypes: ["User"],
  }),
  attr("displayName", "string", "The displayName of the User's manager.", { mutability: "readOnly" }),
]);

/** RFC 7643 §4.3, enterprise User extension. */
export const ENTERPRISE_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_SCHEMA_ID,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attr("employeeNumber", "string", "Numeric or alphanumeric identifier assigned to a person."),
    attr("costCenter", "string", "Identifies the name of a cost center."),
    attr("organization", "string", "Identifies the name of an organization."),
    attr("division", "string", "Identifies the name of a division."),
    attr("department", "string", "Identifies the name of a department."),
    MANAGER,
  ],
};

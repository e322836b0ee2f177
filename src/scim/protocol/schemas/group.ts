import { attr, complex, type SchemaDefinition } from "./types";
import { GROUP_SCHEMA_ID } from "./urns";

/**
 * RFC 7643 §8.7.1, core Group schema. Deviation: displayName is required and unique because Entra
 * requires it (INTEROP.md "Create"); RFC 7643 leaves it optional.
 */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: "Group",
  description: "Group",
  attributes: [
    attr("displayName", "string", "A human-readable name for the Group.", {
      required: true,
      uniqueness: "server",
    }),
    complex(
      "members",
      "A list of members of the Group.",
      [
        attr("value", "string", "Identifier of the member of this Group.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI of the member resource.", {
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        // Okta sends `display` on members (INTEROP.md "Groups"); we never store it.
        attr("display", "string", "A human-readable name of the member.", { mutability: "readOnly" }),
        attr("type", "string", "The type of the member.", {
          mutability: "immutable",
          canonicalValues: ["User", "Group"],
        }),
      ],
      { multiValued: true },
    ),
  ],
};

import { attr, complex, type AttributeDefinition } from "./types";

/**
 * RFC 7643 §3.1 common attributes: part of every resource but of no schema, so they are not listed
 * by /Schemas. `id` and `meta` are readOnly: a PATCH path to them is a `mutability` error, while
 * client-sent values in POST/PUT bodies are ignored.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attr("id", "string", "Unique identifier for the resource, assigned by the service provider.", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  }),
  attr("externalId", "string", "Identifier of the resource as defined by the provisioning client.", {
    caseExact: true,
  }),
  complex(
    "meta",
    "Resource metadata.",
    [
      attr("resourceType", "string", "Name of the resource type.", {
        caseExact: true,
        mutability: "readOnly",
      }),
      attr("created", "dateTime", "When the resource was added.", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", "When the resource was last updated.", { mutability: "readOnly" }),
      attr("location", "reference", "URI of the resource.", { caseExact: true, mutability: "readOnly" }),
      attr("version", "string", "Version (ETag) of the resource.", {
        caseExact: true,
        mutability: "readOnly",
      }),
    ],
    { mutability: "readOnly" },
  ),
];

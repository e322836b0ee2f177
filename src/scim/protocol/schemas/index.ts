import { ALL_SCHEMAS, findSchema } from "./lookup";
import type { AttributeDefinition } from "./types";
import { SCHEMA_SCHEMA_ID } from "./urns";

export * from "./types";
export * from "./urns";
export { COMMON_ATTRIBUTES } from "./common";
export { USER_SCHEMA, ROLES } from "./user";
export { GROUP_SCHEMA } from "./group";
export { ENTERPRISE_SCHEMA, MANAGER } from "./enterprise";
export { LMS_SCHEMA } from "./lms";
export {
  ALL_SCHEMAS,
  GROUP_RESOURCE,
  USER_RESOURCE,
  attributesOf,
  findAttribute,
  findExtension,
  findIn,
  findSchema,
  resolveAttribute,
  sameName,
  type ResolvedAttribute,
} from "./lookup";
export { coerceElement, coerceValue, keepOnePrimary, isPlainObject, type CoerceContext } from "./coerce";
export { decodeRole, keyOf } from "./quirks";
export { canonicalizeResource } from "./document";
export * from "./inputs";

/** One entry of the /Schemas ListResponse (RFC 7643 §7, §8.7.1). */
export interface SchemaDocument {
  schemas: string[];
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
  meta: { resourceType: "Schema"; location: string };
}

/** `baseUrl` is the SCIM base (e.g. `https://admit.example/scim/v2/acme`); a trailing '/' is ignored. */
export function schemaDocuments(baseUrl: string): SchemaDocument[] {
  const base = baseUrl.replace(/\/+$/, "");
  // Deep copies: callers may filter attributes (attributes=/excludedAttributes=) in place.
  return ALL_SCHEMAS.map((schema) => ({
    schemas: [SCHEMA_SCHEMA_ID],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: structuredClone(schema.attributes) as AttributeDefinition[],
    meta: { resourceType: "Schema", location: `${base}/Schemas/${schema.id}` },
  }));
}

/** The document of GET /Schemas/{id}; the id matches case-insensitively. */
export function schemaDocument(baseUrl: string, id: string): SchemaDocument | undefined {
  const schema = findSchema(id);
  return schema && schemaDocuments(baseUrl).find((document) => document.id === schema.id);
}

import { COMMON_ATTRIBUTES } from "./common";
import { ENTERPRISE_SCHEMA } from "./enterprise";
import { GROUP_SCHEMA } from "./group";
import { LMS_SCHEMA } from "./lms";
import type { AttributeDefinition, ResourceDefinition, SchemaDefinition } from "./types";
import { USER_SCHEMA } from "./user";

export const USER_RESOURCE: ResourceDefinition = {
  name: "User",
  core: USER_SCHEMA,
  extensions: [ENTERPRISE_SCHEMA, LMS_SCHEMA],
  liftedExtension: ENTERPRISE_SCHEMA,
};

export const GROUP_RESOURCE: ResourceDefinition = { name: "Group", core: GROUP_SCHEMA, extensions: [] };

/** Every schema /Schemas lists, in that order. */
export const ALL_SCHEMAS: readonly SchemaDefinition[] = [
  USER_SCHEMA,
  GROUP_SCHEMA,
  ENTERPRISE_SCHEMA,
  LMS_SCHEMA,
];

/** RFC 7643 §2.1: attribute names and schema URIs are case-insensitive. */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Other names accepted for a schema. Entra's attribute editor documents custom attributes as
 * `urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attr>`, so Admit's LMS extension is also
 * accepted under that form; responses always use the canonical URN.
 */
const SCHEMA_ALIASES: Record<string, string> = {
  "urn:ietf:params:scim:schemas:extension:lms:2.0:user": LMS_SCHEMA.id,
  "urn:ietf:params:scim:schemas:extension:admit:2.0:user": LMS_SCHEMA.id,
};

export function findSchema(urn: string, among: readonly SchemaDefinition[] = ALL_SCHEMAS) {
  const canonical = SCHEMA_ALIASES[urn.toLowerCase()] ?? urn;
  return among.find((schema) => sameName(schema.id, canonical));
}

/** The extension of `resource` whose URN is exactly `urn` (any case), if any. */
export function findExtension(resource: ResourceDefinition, urn: string): SchemaDefinition | undefined {
  return findSchema(urn, resource.extensions);
}

/** A core schema's attributes also include the common ones (id, externalId, meta; RFC 7643 §3.1). */
export function attributesOf(schema: SchemaDefinition): readonly AttributeDefinition[] {
  return schema === USER_SCHEMA || schema === GROUP_SCHEMA
    ? [...COMMON_ATTRIBUTES, ...schema.attributes]
    : schema.attributes;
}

export function findIn(list: readonly AttributeDefinition[] | undefined, name: string) {
  return list?.find((definition) => sameName(definition.name, name));
}

export interface ResolvedAttribute {
  schema: SchemaDefinition;
  attribute: AttributeDefinition;
  sub?: AttributeDefinition;
}

/**
 * Resolves `userName`, `name.givenName`, or a URN-qualified name such as
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. The URN is split on
 * the last ':' (never on the '.' in "2.0"; INTEROP.md "PATCH"). Unqualified names fall back to the
 * resource's lifted extension (Entra's top-level `department`).
 */
export function resolveAttribute(resource: ResourceDefinition, name: string): ResolvedAttribute | undefined {
  let candidates: SchemaDefinition[] = [resource.core];
  let rest = name;
  const colon = name.lastIndexOf(":");
  if (colon >= 0) {
    const schema = findSchema(name.slice(0, colon), [resource.core, ...resource.extensions]);
    if (!schema) return undefined;
    candidates = [schema];
    rest = name.slice(colon + 1);
  } else if (resource.liftedExtension) {
    candidates.push(resource.liftedExtension);
  }
  const parts = rest.split(".");
  if (parts.length > 2 || parts.some((part) => part === "")) return undefined;
  const [attributeName = "", subName] = parts;
  for (const schema of candidates) {
    const attribute = findIn(attributesOf(schema), attributeName);
    if (!attribute) continue;
    if (subName === undefined) return { schema, attribute };
    const sub = findIn(attribute.subAttributes, subName);
    return sub ? { schema, attribute, sub } : undefined;
  }
  return undefined;
}

/**
 * The canonical definition of an attribute, matched case-insensitively. With a schema URN, `name`
 * is looked up in that schema; without one, `name` may itself be URN-qualified, and plain names are
 * looked up in the User resource (core + common attributes, then the enterprise extension).
 * Dotted names (`name.givenName`) return the sub-attribute.
 */
export function findAttribute(
  schemaUrn: string | undefined,
  name: string,
  resource: ResourceDefinition = USER_RESOURCE,
): AttributeDefinition | undefined {
  let host = resource;
  let qualified = name;
  if (schemaUrn !== undefined) {
    const owner = findSchema(schemaUrn);
    if (!owner || name.includes(":")) return undefined;
    const owners = [USER_RESOURCE, GROUP_RESOURCE];
    host = owners.find((r) => r.core === owner || r.extensions.includes(owner)) ?? resource;
    qualified = `${owner.id}:${name}`;
  }
  const resolved = resolveAttribute(host, qualified);
  return resolved?.sub ?? resolved?.attribute;
}

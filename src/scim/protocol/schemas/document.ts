import { invalidSyntax, invalidValue } from "../errors";
import { coerceValue, type CoerceContext } from "./coerce";
import { findExtension, findIn, resolveAttribute } from "./lookup";
import { isPlainObject } from "./quirks";
import type { ResourceDefinition, SchemaDefinition } from "./types";

type Document = Record<string, unknown>;

/** Client-sent `schemas`, `id` and `meta` are the server's business (INTEROP.md "Create"). */
const SERVER_OWNED = new Set(["schemas", "id", "meta"]);

/**
 * Canonical document of a POST/PUT body: core attributes at the top, extension attributes under
 * their canonical URN key. Names match case-insensitively; `null` means absent; unknown names and
 * URNs (Entra's mistyped `…enterprise:2.0User`) and readOnly attributes (Okta's `groups: []`) are
 * dropped and reported in `context.ignored`.
 */
export function canonicalizeResource(body: unknown, resource: ResourceDefinition, context: CoerceContext) {
  if (!isPlainObject(body)) throw invalidSyntax("The request body must be a JSON object");
  const out: Document = {};
  const lifted: Document = {};
  for (const [key, raw] of Object.entries(body)) {
    if (SERVER_OWNED.has(key.toLowerCase()) || raw === null) continue;
    const extension = findExtension(resource, key);
    if (extension) {
      if (!isPlainObject(raw)) throw invalidValue(`"${extension.id}" must be an object`);
      Object.assign(section(out, extension.id), canonicalizeSection(extension, raw, context));
      continue;
    }
    const resolved = resolveAttribute(resource, key);
    if (!resolved || resolved.sub || resolved.attribute.mutability === "readOnly") {
      context.ignored.push(resolved ? resolved.attribute.name : key);
      continue;
    }
    const { schema, attribute } = resolved;
    const isCore = schema === resource.core;
    const path = key.includes(":") ? `${schema.id}:${attribute.name}` : attribute.name;
    const value = coerceValue(attribute, raw, path, context);
    if (value === undefined) continue;
    if (isCore) out[attribute.name] = value;
    else if (key.includes(":")) section(out, schema.id)[attribute.name] = value;
    // Entra's top-level enterprise attributes (`"department": "Sales"`): the extension object wins.
    else lifted[attribute.name] = value;
  }
  if (resource.liftedExtension && Object.keys(lifted).length > 0) {
    const id = resource.liftedExtension.id;
    out[id] = { ...lifted, ...section(out, id) };
  }
  for (const extension of resource.extensions) {
    const value = out[extension.id];
    if (isPlainObject(value) && Object.keys(value).length === 0) delete out[extension.id];
  }
  return out;
}

function section(document: Document, id: string): Document {
  const existing = document[id];
  if (isPlainObject(existing)) return existing;
  const created: Document = {};
  document[id] = created;
  return created;
}

function canonicalizeSection(schema: SchemaDefinition, raw: Document, context: CoerceContext): Document {
  const out: Document = {};
  for (const [key, value] of Object.entries(raw)) {
    const attribute = findIn(schema.attributes, key);
    if (!attribute || attribute.mutability === "readOnly") {
      context.ignored.push(`${schema.id}:${attribute?.name ?? key}`);
      continue;
    }
    const coerced = coerceValue(attribute, value, `${schema.id}:${attribute.name}`, context);
    if (coerced !== undefined) out[attribute.name] = coerced;
  }
  return out;
}

import { invalidValue, mutability, noTarget } from "../errors";
import {
  coerceValue,
  findExtension,
  isPlainObject,
  MANAGER,
  USER_RESOURCE,
  type CoerceContext,
  type SchemaDefinition,
} from "../schemas";
import { appendValues, removeValues, writeList } from "./multi-valued";
import type { PatchOperation } from "./operations";
import { parsePatchPath, type PatchTarget } from "./path";
import { applyFiltered, applySub, type Element, type Operation } from "./elements";

/** Keys of a no-path value object that belong to the server (Okta sends `id`; INTEROP.md "Groups"). */
const SERVER_OWNED = new Set(["schemas", "id", "meta"]);

/** Applies one operation to a canonical User document (extension objects under their URN). */
export function applyUserOperation(
  document: Element,
  operation: PatchOperation,
  context: CoerceContext,
): void {
  if (operation.path === undefined) return applyObject(document, USER_RESOURCE.core, operation, context);
  const target = parsePatchPath(operation.path, USER_RESOURCE);
  if (!target.attribute) return applyObject(document, target.schema, operation, context);
  if (target.attribute.mutability === "readOnly" || target.sub?.mutability === "readOnly") {
    throw mutability(`Attribute "${target.text}" is readOnly`);
  }
  applyAt(document, target, operation, context);
}

/**
 * No path (or an extension URN path): the value is an object whose keys may be plain, dotted
 * (`name.givenName`), value-filtered or URN-prefixed paths (Entra's multi-attribute replace, Okta's
 * `{"active": false}`). Unknown and readOnly keys are ignored, never stored as literal keys. Each
 * key is applied like its own operation, so `replace` merges into the extension object rather
 * than wiping attributes the value does not mention.
 */
function applyObject(
  document: Element,
  schema: SchemaDefinition,
  operation: Operation,
  context: CoerceContext,
) {
  const isCore = schema === USER_RESOURCE.core;
  if (operation.op === "remove") {
    if (isCore) throw noTarget("A remove operation needs a path (RFC 7644 §3.5.2.2)");
    delete document[schema.id];
    return;
  }
  if (!isPlainObject(operation.value)) {
    throw invalidValue(`An "${operation.op}" without an attribute path needs an object value`);
  }
  for (const [key, value] of Object.entries(operation.value)) {
    if (isCore && SERVER_OWNED.has(key.toLowerCase())) continue;
    const extension = isCore ? findExtension(USER_RESOURCE, key) : undefined;
    if (extension) {
      applyObject(document, extension, { ...operation, value }, context);
      continue;
    }
    const path = isCore ? key : `${schema.id}:${key}`;
    const target = parsePatchPath(path, USER_RESOURCE, true);
    if (!target?.attribute || target.attribute.mutability === "readOnly") {
      context.ignored.push(key);
      continue;
    }
    applyAt(document, target, { ...operation, value, hasValue: value !== undefined }, context);
  }
}

function containerOf(document: Element, target: PatchTarget): Element {
  if (target.schema === USER_RESOURCE.core) return document;
  const existing = document[target.schema.id];
  if (isPlainObject(existing)) return existing;
  const created: Element = {};
  document[target.schema.id] = created;
  return created;
}

function applyAt(document: Element, target: PatchTarget, operation: Operation, context: CoerceContext): void {
  const container = containerOf(document, target);
  const attribute = target.attribute;
  if (!attribute) return;
  if (target.filter) return applyFiltered(container, target, operation, context);
  // `manager.value` is the manager itself: same coercion as the whole attribute.
  if (target.sub && !(attribute === MANAGER && target.sub.name === "value")) {
    return applySub(container, target, operation, context);
  }
  const name = attribute.name;
  if (operation.op === "remove") {
    // Entra: remove with a value list on a multi-valued attribute removes only those values. A
    // bare string names an element by its `value`: on a remove that is unambiguous.
    const raw = operation.value;
    const named = attribute.type === "complex" && typeof raw === "string" ? { value: raw } : raw;
    const values = attribute.multiValued ? coerceValue(attribute, named, target.text, context) : undefined;
    if (Array.isArray(values)) writeList(container, name, removeValues(attribute, container[name], values));
    else delete container[name];
    return;
  }
  const value = coerceValue(attribute, operation.value, target.text, context);
  // `null` (or `""` for manager) means unassigned (RFC 7643 §2.5; INTEROP.md Manager).
  if (value === undefined) delete container[name];
  else if (attribute.multiValued) {
    const list = value as unknown[];
    container[name] = operation.op === "add" ? appendValues(attribute, container[name], list) : list;
  } else if (attribute.type === "complex" && isPlainObject(container[name]) && attribute !== MANAGER) {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not in the value are left unchanged.
    container[name] = { ...(container[name] as Element), ...(value as Element) };
  } else container[name] = value;
}

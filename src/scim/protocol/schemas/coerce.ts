import { invalidValue } from "../errors";
import { MANAGER } from "./enterprise";
import { findIn } from "./lookup";
import { coerceManager, decodeRole, isPlainObject } from "./quirks";
import type { AttributeDefinition } from "./types";
import { ROLES } from "./user";

export { isPlainObject } from "./quirks";

export interface CoerceContext {
  /** Dotted names of dropped input: unknown (sub-)attributes and top-level readOnly ones. */
  ignored: string[];
}

/**
 * The canonical form of `raw` for `definition`, or `undefined` for "absent" (explicit `null` means
 * unassigned, RFC 7643 §2.5). Wrong types throw `400 invalidValue` naming the attribute (`path`).
 */
export function coerceValue(
  definition: AttributeDefinition,
  raw: unknown,
  path: string,
  context: CoerceContext,
): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (definition === MANAGER) return coerceManager(raw, path);
  if (definition.multiValued) return coerceMulti(definition, raw, path, context);
  return coerceSingle(definition, raw, path, context);
}

function coerceSingle(
  definition: AttributeDefinition,
  raw: unknown,
  path: string,
  context: CoerceContext,
): unknown {
  switch (definition.type) {
    case "boolean":
      return coerceBoolean(raw, path);
    case "integer":
    case "decimal": {
      const number = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      const ok = typeof number === "number" && Number.isFinite(number);
      if (!ok || (definition.type === "integer" && !Number.isInteger(number))) {
        throw invalidValue(`Attribute "${path}" must be a number`);
      }
      return number;
    }
    case "complex":
      return coerceComplex(definition, raw, path, context);
    default:
      if (typeof raw !== "string") throw invalidValue(`Attribute "${path}" must be a string`);
      return raw;
  }
}

/** Entra sends `"True"`/`"False"` for active and primary (INTEROP.md "Create"); answers use booleans. */
function coerceBoolean(raw: unknown, path: string): boolean {
  if (typeof raw === "boolean") return raw;
  const text = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
  if (text === "true") return true;
  if (text === "false") return false;
  throw invalidValue(`Attribute "${path}" must be a boolean`);
}

function coerceComplex(
  definition: AttributeDefinition,
  raw: unknown,
  path: string,
  context: CoerceContext,
): Record<string, unknown> | undefined {
  if (!isPlainObject(raw)) throw invalidValue(`Attribute "${path}" must be an object`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const sub = findIn(definition.subAttributes, key);
    if (!sub) {
      context.ignored.push(`${path}.${key}`);
      continue;
    }
    // RFC 7643 §2.2: readOnly values sent by a client are ignored (e.g. Okta's members[].display).
    if (sub.mutability === "readOnly") continue;
    const coerced = coerceValue(sub, value, `${path}.${sub.name}`, context);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function coerceMulti(
  definition: AttributeDefinition,
  raw: unknown,
  path: string,
  context: CoerceContext,
): unknown[] {
  const isComplex = definition.type === "complex";
  // A lone value where a list is expected is unambiguous: accept it as a one-element list.
  if (!Array.isArray(raw) && isComplex && !isPlainObject(raw) && definition !== ROLES) {
    throw invalidValue(`Attribute "${path}" must be an array`);
  }
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const hasValue = isComplex && findIn(definition.subAttributes, "value") !== undefined;
  const out: unknown[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    const prepared = definition === ROLES ? decodeRole(item) : item;
    const coerced = coerceSingle(definition, prepared, path, context);
    // An element without its `value` (e.g. `{"type":"work"}` alone) carries nothing to store.
    if (coerced === undefined || (hasValue && (coerced as Record<string, unknown>).value === undefined))
      continue;
    out.push(coerced);
  }
  return isComplex ? keepOnePrimary(out as Record<string, unknown>[]) : out;
}

/**
 * RFC 7643 §2.4: `primary: true` appears at most once. `winner` is the index that keeps it (PATCH
 * passes the value just written); otherwise the first primary wins.
 */
export function keepOnePrimary<T extends Record<string, unknown>>(list: T[], winner?: number): T[] {
  const first = winner ?? list.findIndex((item) => item.primary === true);
  return list.map((item, index) =>
    index !== first && item.primary === true ? { ...item, primary: false } : item,
  );
}

/** One element of a multi-valued complex attribute, as PATCH writes them (Entra roles decoded). */
export function coerceElement(
  definition: AttributeDefinition,
  raw: unknown,
  path: string,
  context: CoerceContext,
): Record<string, unknown> | undefined {
  if (raw === null || raw === undefined) return undefined;
  return coerceComplex(definition, definition === ROLES ? decodeRole(raw) : raw, path, context);
}

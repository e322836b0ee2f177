import { findIn, isPlainObject, keepOnePrimary, type AttributeDefinition } from "../schemas";

type Element = Record<string, unknown>;

/** Sub-attributes that qualify a value but carry none on their own (RFC 7643 §2.4). */
const QUALIFIERS = new Set(["type", "primary", "display"]);

function fold(definition: AttributeDefinition | undefined, value: unknown): unknown {
  return typeof value === "string" && !definition?.caseExact ? value.toLowerCase() : value;
}

const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    isPlainObject(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

export const deepEqual = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Two values of a multi-valued attribute are "the same" when their `value` matches (in the
 * attribute's case rule); complex values without `value` (addresses) must be equal.
 */
export function sameValue(attribute: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (attribute.type !== "complex") return fold(attribute, a) === fold(attribute, b);
  const valueDefinition = findIn(attribute.subAttributes, "value");
  if (!valueDefinition || !isPlainObject(a) || !isPlainObject(b)) return deepEqual(a, b);
  return a.value !== undefined && fold(valueDefinition, a.value) === fold(valueDefinition, b.value);
}

/** RFC 7644 §3.5.2.1: add appends; an existing equal value is updated in place (no duplicates). */
export function appendValues(attribute: AttributeDefinition, current: unknown, added: unknown[]): unknown[] {
  const list: unknown[] = Array.isArray(current) ? [...current] : [];
  let winner: number | undefined;
  for (const item of added) {
    let index = list.findIndex((existing) => sameValue(attribute, existing, item));
    if (index < 0) index = list.push(item) - 1;
    // Already there: other sub-attributes update, the stored spelling of the value stays.
    else if (isPlainObject(item)) {
      const existing = list[index] as Element;
      list[index] = {
        ...existing,
        ...item,
        ...(existing.value === undefined ? {} : { value: existing.value }),
      };
    }
    if (isPlainObject(item) && item.primary === true) winner = index;
  }
  return attribute.type === "complex" ? keepOnePrimary(list as Element[], winner) : list;
}

/** Remove with a value list (Entra's `remove` on `roles`/`emails` with values): only those go. */
export function removeValues(
  attribute: AttributeDefinition,
  current: unknown,
  removed: unknown[],
): unknown[] {
  const list: unknown[] = Array.isArray(current) ? current : [];
  return list.filter((existing) => !removed.some((item) => sameValue(attribute, existing, item)));
}

/** Drops elements left with nothing but qualifiers after a sub-attribute was removed. */
export function prune(list: unknown[]): unknown[] {
  return list.filter((item) => !isPlainObject(item) || Object.keys(item).some((key) => !QUALIFIERS.has(key)));
}

/** Stores `list`, or removes the attribute when it became empty (absent and `[]` mean the same). */
export function writeList(container: Element, name: string, list: unknown[]): void {
  if (list.length === 0) delete container[name];
  else container[name] = list;
}

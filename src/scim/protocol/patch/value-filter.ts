import { invalidPath } from "../errors";
import { FilterError, parseFilter, type AttrPath, type CompareOperator, type FilterNode } from "../filter";
import { coerceValue, findIn, keyOf, type AttributeDefinition } from "../schemas";

/**
 * The value-selection filter inside a PATCH path (RFC 7644 §3.5.2 `valuePath`), e.g.
 * `emails[type eq "work"]` or `members[value eq "a" or value eq "b"]`: comparisons, `pr`,
 * and/or/not and parentheses, evaluated against one element of a multi-valued attribute.
 */
export type Operator = CompareOperator;
export type Literal = string | number | boolean | null;
export type ValueFilter =
  | { kind: "compare"; attribute: string; operator: Operator; value: Literal }
  | { kind: "present"; attribute: string }
  | { kind: "and" | "or"; left: ValueFilter; right: ValueFilter }
  | { kind: "not"; filter: ValueFilter };

/**
 * Parses the text between `[` and `]` with the shared SCIM filter parser (../filter), so PATCH
 * paths and list filters accept one grammar. A syntax error is `400 invalidPath`: the filter is
 * part of the path (RFC 7644 §3.5.2). Inside a value filter, names are sub-attributes of one
 * element: URN-qualified, dotted or nested `[...]` names are rejected.
 */
export function parseValueFilter(text: string, path = text): ValueFilter {
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (error) {
    if (error instanceof FilterError) throw invalidPath(`Invalid filter in path "${path}": ${error.message}`);
    throw error;
  }
  return fromAst(node, path);
}

function fromAst(node: FilterNode, text: string): ValueFilter {
  const name = (path: AttrPath): string => {
    if (path.schema !== undefined || path.subAttribute !== undefined) {
      throw invalidPath(`Invalid filter in path "${text}": use sub-attribute names only`);
    }
    return path.attribute;
  };
  switch (node.kind) {
    case "and":
    case "or":
      return { kind: node.kind, left: fromAst(node.left, text), right: fromAst(node.right, text) };
    case "not":
      return { kind: "not", filter: fromAst(node.filter, text) };
    case "present":
      return { kind: "present", attribute: name(node.path) };
    case "compare":
      return { kind: "compare", attribute: name(node.path), operator: node.op, value: node.value };
    default:
      throw invalidPath(`Invalid filter in path "${text}": nested value filters are not supported`);
  }
}

/** The attribute names a filter mentions, to reject unknown ones up front. */
export function filterAttributes(filter: ValueFilter): string[] {
  if (filter.kind === "compare" || filter.kind === "present") return [filter.attribute];
  if (filter.kind === "not") return filterAttributes(filter.filter);
  return [...filterAttributes(filter.left), ...filterAttributes(filter.right)];
}

/** Literal coerced to the sub-attribute's type: Entra filters booleans as strings, `primary eq "True"`. */
function typed(definition: AttributeDefinition | undefined, value: Literal): Literal {
  if (definition?.type !== "boolean" || typeof value !== "string") return value;
  const lower = value.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : value;
}

export function matchValueFilter(
  filter: ValueFilter,
  element: Record<string, unknown>,
  subAttributes: readonly AttributeDefinition[] | undefined,
): boolean {
  switch (filter.kind) {
    case "and":
      return (
        matchValueFilter(filter.left, element, subAttributes) &&
        matchValueFilter(filter.right, element, subAttributes)
      );
    case "or":
      return (
        matchValueFilter(filter.left, element, subAttributes) ||
        matchValueFilter(filter.right, element, subAttributes)
      );
    case "not":
      return !matchValueFilter(filter.filter, element, subAttributes);
    case "present": {
      const key = keyOf(element, filter.attribute);
      const actual = key === undefined ? undefined : element[key];
      return actual !== undefined && actual !== null && actual !== "";
    }
    case "compare": {
      const definition = findIn(subAttributes, filter.attribute);
      const key = keyOf(element, filter.attribute);
      const actual = key === undefined ? undefined : element[key];
      return compare(
        actual,
        filter.operator,
        typed(definition, filter.value),
        definition?.caseExact ?? false,
      );
    }
  }
}

function compare(actual: unknown, operator: Operator, expected: Literal, caseExact: boolean): boolean {
  if (actual === undefined || actual === null)
    return operator === "ne" ? expected !== null : expected === null && operator === "eq";
  const fold = (value: unknown): unknown =>
    typeof value === "string" && !caseExact ? value.toLowerCase() : value;
  const a = fold(actual);
  const b = fold(expected);
  switch (operator) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "co":
      return typeof a === "string" && typeof b === "string" && a.includes(b);
    case "sw":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "ew":
      return typeof a === "string" && typeof b === "string" && a.endsWith(b);
    default: {
      if (typeof a !== typeof b || (typeof a !== "string" && typeof a !== "number")) return false;
      const [x, y] = [a as string | number, b as string | number];
      return operator === "gt" ? x > y : operator === "ge" ? x >= y : operator === "lt" ? x < y : x <= y;
    }
  }
}

/**
 * For `emails[type eq "work"]`: the element a write creates when nothing matches (Entra relies on
 * this; INTEROP.md "PATCH"). Only `eq` comparisons joined by `and` describe one element.
 */
export function equalityTerms(
  filter: ValueFilter,
  subAttributes: readonly AttributeDefinition[] | undefined,
): Record<string, unknown> | undefined {
  if (filter.kind === "and") {
    const left = equalityTerms(filter.left, subAttributes);
    const right = equalityTerms(filter.right, subAttributes);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== "compare" || filter.operator !== "eq" || filter.value === null) return undefined;
  const definition = findIn(subAttributes, filter.attribute);
  if (!definition) return undefined;
  const value = coerceValue(definition, typed(definition, filter.value), definition.name, { ignored: [] });
  return value === undefined ? undefined : { [definition.name]: value };
}

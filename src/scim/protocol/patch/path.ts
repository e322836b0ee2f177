import { invalidPath } from "../errors";
import {
  attributesOf,
  findExtension,
  findIn,
  findSchema,
  type AttributeDefinition,
  type ResourceDefinition,
  type SchemaDefinition,
} from "../schemas";
import { filterAttributes, parseValueFilter, type ValueFilter } from "./value-filter";

/** A resolved PATCH path (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`). */
export interface PatchTarget {
  schema: SchemaDefinition;
  /** Absent when the path is an extension URN alone: the whole extension object. */
  attribute?: AttributeDefinition;
  filter?: ValueFilter;
  sub?: AttributeDefinition;
  /** Canonical spelling, for error details. */
  text: string;
}

const NAME = /^[A-Za-z$][\w$-]*/;

/** Index of the `]` closing the filter that opens at `open`, skipping quoted strings. */
function closingBracket(text: string, open: number): number {
  let quoted = false;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index];
    if (quoted && char === "\\") index += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === "]") return index;
  }
  throw invalidPath(`Unclosed "[" in path "${text}"`);
}

/**
 * Resolves a PATCH path against a resource type, matching names and URNs in any case. An extension
 * URN prefix is split on the last ':' before any '[' (`…:enterprise:2.0:User:department`). Unknown
 * attributes are `400 invalidPath`, or `undefined` when `lenient` (keys of a no-path value object).
 */
export function parsePatchPath(path: string, resource: ResourceDefinition): PatchTarget;
export function parsePatchPath(
  path: string,
  resource: ResourceDefinition,
  lenient: true,
): PatchTarget | undefined;
export function parsePatchPath(path: string, resource: ResourceDefinition, lenient = false) {
  const text = path.trim();
  const whole = findExtension(resource, text);
  if (whole) return { schema: whole, text: whole.id };
  const bracket = text.indexOf("[");
  const colon = (bracket < 0 ? text : text.slice(0, bracket)).lastIndexOf(":");
  let candidates = [resource.core, ...(resource.liftedExtension ? [resource.liftedExtension] : [])];
  let rest = text;
  if (colon >= 0) {
    const urn = text.slice(0, colon);
    const schema = findSchema(urn, [resource.core, ...resource.extensions]);
    if (!schema) {
      if (lenient) return undefined;
      throw invalidPath(`Unknown schema "${urn}" in path "${text}"`);
    }
    candidates = [schema];
    rest = text.slice(colon + 1);
  }

  const name = NAME.exec(rest)?.[0];
  if (name === undefined) throw invalidPath(`Invalid path "${text}"`);
  let index = name.length;
  let filterText: string | undefined;
  if (rest[index] === "[") {
    const close = closingBracket(rest, index);
    filterText = rest.slice(index + 1, close);
    index = close + 1;
  }
  let subName: string | undefined;
  if (rest[index] === ".") {
    subName = NAME.exec(rest.slice(index + 1))?.[0];
    if (subName === undefined) throw invalidPath(`Invalid path "${text}"`);
    index += 1 + subName.length;
  }
  if (index !== rest.length) throw invalidPath(`Invalid path "${text}"`);

  let schema: SchemaDefinition | undefined;
  let attribute: AttributeDefinition | undefined;
  for (const candidate of candidates) {
    attribute = findIn(attributesOf(candidate), name);
    schema = candidate;
    if (attribute) break;
  }
  const sub = subName === undefined ? undefined : findIn(attribute?.subAttributes, subName);
  if (!schema || !attribute || (subName !== undefined && !sub)) {
    if (lenient) return undefined;
    throw invalidPath(`Unknown attribute "${rest}" in path "${text}"`);
  }

  const target: PatchTarget = { schema, attribute, text: "" };
  if (filterText !== undefined) {
    if (attribute.type !== "complex") throw invalidPath(`"${attribute.name}" cannot take a value filter`);
    target.filter = parseValueFilter(filterText, text);
    const unknown = filterAttributes(target.filter).find((n) => !findIn(attribute.subAttributes, n));
    if (unknown !== undefined) throw invalidPath(`Unknown attribute "${unknown}" in filter "${filterText}"`);
  }
  if (sub) target.sub = sub;
  const prefix = schema === resource.core || colon < 0 ? "" : `${schema.id}:`;
  const filterPart = filterText === undefined ? "" : `[${filterText}]`;
  target.text = `${prefix}${attribute.name}${filterPart}${sub ? `.${sub.name}` : ""}`;
  return target;
}

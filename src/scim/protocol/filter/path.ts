import type { AttrPath } from "./ast";
import { FilterError } from "./errors";

// RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar); `$` and `_` admitted for `$ref` and vendor names.
const ATTRNAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Splits `urn:…:User:manager.value` into schema, attribute and sub-attribute. The URN is cut at the
 * LAST ':' because schema URNs contain "2.0" (a dot) but an attribute name never holds a colon.
 */
export function parseAttrPath(text: string, pos: number): AttrPath {
  const colon = text.lastIndexOf(":");
  const path: Partial<AttrPath> = {};
  let rest = text;
  if (colon >= 0) {
    const schema = text.slice(0, colon);
    if (!/^urn:[^:]/i.test(schema)) {
      throw new FilterError(`Invalid attribute path '${text}': a schema prefix must be a 'urn:' URN`, pos);
    }
    path.schema = schema;
    rest = text.slice(colon + 1);
  }
  const restPos = pos + colon + 1;
  if (rest === "") throw new FilterError(`Missing attribute name after schema URN in '${text}'`, restPos);
  const parts = rest.split(".");
  if (parts.length > 2) {
    throw new FilterError(
      `Invalid attribute path '${text}': only one '.' (attribute.subAttribute) is allowed`,
      pos,
    );
  }
  const [attribute, subAttribute] = parts as [string, string | undefined];
  checkName(attribute, text, restPos);
  path.attribute = attribute;
  if (subAttribute !== undefined) {
    checkName(subAttribute, text, restPos + attribute.length + 1);
    path.subAttribute = subAttribute;
  }
  return path as AttrPath;
}

/** A bare ATTRNAME: the `value` in `emails[…].value`. */
export function checkName(name: string, whole: string, pos: number): void {
  if (!ATTRNAME.test(name)) {
    const what = name === "" ? "an empty name" : `'${name}'`;
    throw new FilterError(`Invalid attribute path '${whole}': ${what} is not an attribute name`, pos);
  }
}

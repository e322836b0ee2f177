import type {
  AttrExpNode,
  AttrPath,
  ColumnTarget,
  CompareOperator,
  CompValue,
  FilterNode,
  MultiValuedTarget,
  Resolver,
} from "../../../src/scim/protocol/filter";

/** AST builders: `at("name.givenName")` splits on '.' only; URN paths are written out in full. */
export const at = (dotted: string): AttrPath => {
  const [attribute, subAttribute] = dotted.split(".") as [string, string | undefined];
  return subAttribute === undefined ? { attribute } : { attribute, subAttribute };
};
const toPath = (path: string | AttrPath): AttrPath => (typeof path === "string" ? at(path) : path);
export const cmp = (path: string | AttrPath, op: CompareOperator, value: CompValue): AttrExpNode => ({
  kind: "compare",
  path: toPath(path),
  op,
  value,
});
export const pr = (path: string | AttrPath): AttrExpNode => ({ kind: "present", path: toPath(path) });
export const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: "and", left, right });
export const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: "or", left, right });
export const not = (filter: FilterNode): FilterNode => ({ kind: "not", filter });
export const vp = (path: string | AttrPath, filter: FilterNode, subExp?: AttrExpNode): FilterNode =>
  subExp
    ? { kind: "valuePath", path: toPath(path), filter, subExp }
    : { kind: "valuePath", path: toPath(path), filter };

export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * A resolver over the tiny schema of filter-sqlite.test.ts: `users u` and `emails e`.
 * `*Key` columns hold lowercased values; `displayName`, `title`, `e.type` hold values as sent.
 */
const str = (sql: string, caseExact = false, needsLower = false): ColumnTarget => ({
  kind: "column",
  sql,
  type: "string",
  caseExact,
  ...(needsLower ? { needsLower } : {}),
});
const USER_COLUMNS: Record<string, ColumnTarget> = {
  username: str("u.userNameKey"),
  externalid: str("u.externalId", true),
  displayname: str("u.displayName", false, true),
  title: str("u.title", false, true),
  "name.givenname": str("u.givenName", false, true),
  active: { kind: "column", sql: "u.active", type: "boolean", caseExact: false },
  logincount: { kind: "column", sql: "u.loginCount", type: "number", caseExact: false },
  "meta.lastmodified": { kind: "column", sql: "u.updatedAt", type: "datetime", caseExact: false },
  department: str("u.departmentKey"),
};
const EMAIL_COLUMNS: Record<string, ColumnTarget> = {
  type: str("e.type", false, true),
  value: str("e.valueKey"),
  primary: { kind: "column", sql: "e.isPrimary", type: "boolean", caseExact: false },
};
export const EMAILS: MultiValuedTarget = {
  kind: "multi",
  exists: (inner) => `EXISTS (SELECT 1 FROM emails e WHERE e.userId = u.id AND ${inner})`,
  sub: (subAttr) => EMAIL_COLUMNS[subAttr],
  defaultSub: "value",
};

export const resolver: Resolver = (path) => {
  const schemas = [CORE_USER.toLowerCase(), ENTERPRISE_USER.toLowerCase()];
  if (path.schema !== undefined && !schemas.includes(path.schema)) return undefined;
  if (path.attribute === "emails") return EMAILS;
  const key = path.subAttribute ? `${path.attribute}.${path.subAttribute}` : path.attribute;
  return USER_COLUMNS[key];
};

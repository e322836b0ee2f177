/**
 * Typed AST for SCIM filters (RFC 7644 §3.4.2.2). Names keep the client's spelling; matching is
 * case-insensitive and happens in the compiler, which lowercases before asking the resolver.
 */

/** `userName`, `name.givenName`, `urn:…:enterprise:2.0:User:manager.value`. */
export interface AttrPath {
  /** Schema URN, split off at the LAST ':' (the "2.0" in URNs has a dot, never a colon). */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export const COMPARE_OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** RFC 7644 compValue: false / null / true / number / string (JSON). */
export type CompValue = string | number | boolean | null;

export interface CompareNode {
  kind: "compare";
  path: AttrPath;
  op: CompareOperator;
  value: CompValue;
}

export interface PresentNode {
  kind: "present";
  path: AttrPath;
}

/** attrExp: one attribute tested against one value (or for presence). */
export type AttrExpNode = CompareNode | PresentNode;

export interface LogicalNode {
  kind: "and" | "or";
  left: FilterNode;
  right: FilterNode;
}

export interface NotNode {
  kind: "not";
  filter: FilterNode;
}

/**
 * `emails[type eq "work" and primary eq true]`. Paths inside `filter` are relative to one element
 * (`{ attribute: "type" }`). `subExp` holds the trailing `.value eq "x"` of Entra's
 * `emails[type eq "work"].value eq "x"`: it must hold for the SAME element as `filter`.
 */
export interface ValuePathNode {
  kind: "valuePath";
  path: AttrPath;
  filter: FilterNode;
  subExp?: AttrExpNode;
}

export type FilterNode = AttrExpNode | LogicalNode | NotNode | ValuePathNode;

/**
 * What the caller's resolver maps a filter attribute to. The compiler never sees table names:
 * every SQL fragment here is trusted, caller-written SQL and must not contain `?` placeholders
 * (the compiler numbers parameters by position).
 */

export interface ColumnTarget {
  kind: "column";
  /** A column expression, e.g. `u.userNameKey`. */
  sql: string;
  type: "string" | "boolean" | "datetime" | "number";
  /**
   * false (RFC 7643 caseExact=false): the parameter is lowercased with String#toLowerCase, so the
   * column must hold values lowercased the same way (a "key" column such as `userNameKey`)...
   */
  caseExact: boolean;
  /**
   * ...or, if it holds the value as sent, set this to compare `LOWER(col)` instead. Slower (no index)
   * and, on SQLite without ICU, LOWER folds ASCII only; prefer key columns.
   */
  needsLower?: boolean;
}

/** A multi-valued attribute stored one row per element (emails, phoneNumbers, members, …). */
export interface MultiValuedTarget {
  kind: "multi";
  /** Wraps a condition on one element: `EXISTS (SELECT 1 FROM user_emails e WHERE e.userId = u.id AND ${inner})`. */
  exists: (innerSql: string) => string;
  /** Resolves a sub-attribute of one element (`type`, `value`, `primary`, `display`); receives it lowercased. */
  sub: (subAttr: string) => ColumnTarget | undefined;
  /** Lowercased sub-attribute meant by `emails eq "x"` or `emails pr`: usually "value". */
  defaultSub: string;
}

/** Names arrive LOWERCASED (`username`, `name`/`givenname`, `urn:…:enterprise:2.0:user`). */
export interface ResolverPath {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

/**
 * Returns undefined for an unknown (or unfilterable) attribute, which becomes FilterError → 400
 * invalidFilter. For a multi-valued attribute, return the MultiValuedTarget whatever the
 * subAttribute: the compiler asks `sub(subAttribute ?? defaultSub)` itself.
 */
export type Resolver = (path: ResolverPath) => ColumnTarget | MultiValuedTarget | undefined;

export type Dialect = "sqlite" | "mysql";

export interface CompileOptions {
  dialect: Dialect;
}

export interface CompiledFilter {
  /** A WHERE fragment using only `?` placeholders. */
  sql: string;
  /** Bound values in placeholder order: strings, numbers, 1/0 for booleans, dates (see compare.ts). */
  params: unknown[];
}

import type { AttrExpNode, CompareOperator } from "./ast";
import { FilterError } from "./errors";
import type { ColumnTarget, Dialect } from "./targets";
import { booleanParam, datetimeParam, globPattern, likePattern, numberParam, stringParam } from "./values";

/** SQL for one attrExp (`pr` or `<op> <value>`) against one column; pushes its parameters. */

const SQL_OPERATORS: Record<"eq" | "gt" | "ge" | "lt" | "le", string> = {
  eq: "=",
  gt: ">",
  ge: ">=",
  lt: "<",
  le: "<=",
};

const isSubstringOp = (op: CompareOperator): op is "co" | "sw" | "ew" =>
  op === "co" || op === "sw" || op === "ew";

/** `pr` (RFC 7644 §3.4.2.2): "has a non-empty value"; an empty string counts as absent. */
export const presentSql = (t: ColumnTarget): string =>
  t.type === "string" ? `(${t.sql} IS NOT NULL AND ${t.sql} <> '')` : `${t.sql} IS NOT NULL`;

const absentSql = (t: ColumnTarget): string =>
  t.type === "string" ? `(${t.sql} IS NULL OR ${t.sql} = '')` : `${t.sql} IS NULL`;

export function compileAttrExp(
  t: ColumnTarget,
  node: AttrExpNode,
  name: string,
  dialect: Dialect,
  params: unknown[],
): string {
  if (node.kind === "present") return presentSql(t);
  const { op, value } = node;
  // `eq null` is how clients ask for "not present"; `ne null` is therefore `pr`.
  if (value === null) {
    if (op === "eq") return absentSql(t);
    if (op === "ne") return presentSql(t);
    throw new FilterError(`'${op} null' is meaningless for '${name}': use 'pr' or 'eq null'`);
  }
  if (t.type !== "string" && isSubstringOp(op)) {
    throw new FilterError(`'${op}' applies to strings only, and '${name}' is a ${t.type}`);
  }
  if (t.type === "boolean" && op !== "eq" && op !== "ne") {
    // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean "SHALL" be rejected with invalidFilter.
    throw new FilterError(`'${op}' cannot compare the boolean '${name}': only eq, ne and pr apply`);
  }
  const folded = t.type === "string" && !t.caseExact && t.needsLower === true;
  const col = folded ? `LOWER(${t.sql})` : t.sql;
  if (t.type === "string" && isSubstringOp(op)) {
    const text = stringParam(value, t.caseExact, name);
    // SQLite's LIKE ignores ASCII case: case-exact substring tests use GLOB. MySQL's LIKE follows
    // the column collation, so case-exact columns must be binary (utf8mb4_bin, see migrations/kit).
    if (t.caseExact && dialect === "sqlite") {
      params.push(globPattern(text, op));
      return `${col} GLOB ?`;
    }
    params.push(likePattern(text, op));
    return `${col} LIKE ? ESCAPE '!'`;
  }
  params.push(paramFor(t, value, name, dialect));
  // RFC 7644 says only "not equal". Chosen: a missing value is not equal to anything, so
  // `title ne "x"` also matches users without a title (without this, SQL's NULL <> 'x' is NULL).
  if (op === "ne") return `(${t.sql} IS NULL OR ${col} <> ?)`;
  return `${col} ${SQL_OPERATORS[op as keyof typeof SQL_OPERATORS]} ?`;
}

function paramFor(
  t: ColumnTarget,
  value: string | number | boolean,
  name: string,
  dialect: Dialect,
): unknown {
  switch (t.type) {
    case "string":
      return stringParam(value, t.caseExact, name);
    case "boolean":
      return booleanParam(value, name);
    case "number":
      return numberParam(value, name);
    case "datetime":
      return datetimeParam(value, name, dialect);
  }
}

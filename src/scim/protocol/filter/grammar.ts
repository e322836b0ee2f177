import { COMPARE_OPERATORS, type CompareOperator, type CompValue } from "./ast";
import { FilterError } from "./errors";
import type { Token } from "./lexer";

/** Token-level rules of RFC 7644 §3.4.2.2 that the parser applies by position. */

/** Operators are case-insensitive (`EQ`, `Eq`): callers pass the lowercased word. */
export const isOperator = (word: string): word is CompareOperator | "pr" =>
  word === "pr" || (COMPARE_OPERATORS as readonly string[]).includes(word);

/** How a token is named in error messages. */
export function describe(token: Token): string {
  switch (token.kind) {
    case "word":
      return `'${token.text}'`;
    case "string":
      return `string ${JSON.stringify(token.value)}`;
    case "number":
      return `number ${token.value}`;
    case "eof":
      return "end of filter";
    default:
      return `'${token.kind}'`;
  }
}

/**
 * compValue = false / null / true / number / string. Lenient on case only (`True`, `NULL`, which
 * clients send); any other bare word is an unquoted string, which would be ambiguous: rejected.
 */
export function compValue(token: Token, op: string): CompValue {
  if (token.kind === "string" || token.kind === "number") return token.value;
  if (token.kind !== "word") {
    throw new FilterError(`Missing value after '${op}', found ${describe(token)}`, token.pos);
  }
  const word = token.text.toLowerCase();
  if (word === "true" || word === "false") return word === "true";
  if (word === "null") return null;
  throw new FilterError(
    `Unquoted value '${token.text}' after '${op}': strings must be in double quotes`,
    token.pos,
  );
}

import { FilterError } from "./errors";
import { readNumber, readString } from "./literals";

/**
 * Tokens of a SCIM filter. Keywords (and, or, not, operators, true/false/null) stay plain words:
 * the parser decides by position, so an attribute may share a keyword's name.
 */
export type Token =
  | { kind: "word"; text: string; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "(" | ")" | "[" | "]" | "." | "eof"; pos: number };

/** Abuse guard: a filter is a short query-string parameter, not a document. */
export const MAX_FILTER_LENGTH = 4096;

// ATTRNAME (RFC 7643 §2.1) plus `$` for `$ref`; ':' and '.' join URN, attribute and sub-attribute.
const WORD_START = /[A-Za-z_$]/;
const WORD_CHAR = /[A-Za-z0-9_$.:-]/;
const WHITESPACE = /\s/;

export function tokenize(src: string): Token[] {
  if (src.length > MAX_FILTER_LENGTH) {
    throw new FilterError(`Filter is too long (${src.length} characters, max ${MAX_FILTER_LENGTH})`, 0);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (WHITESPACE.test(ch)) {
      i += 1;
    } else if (ch === "(" || ch === ")" || ch === "[" || ch === "]" || ch === ".") {
      tokens.push({ kind: ch, pos: i });
      i += 1;
    } else if (ch === '"') {
      const { value, end } = readString(src, i);
      tokens.push({ kind: "string", value, pos: i });
      i = end;
    } else if (ch === "-" || (ch >= "0" && ch <= "9")) {
      const { value, end } = readNumber(src, i);
      tokens.push({ kind: "number", value, pos: i });
      i = end;
    } else if (WORD_START.test(ch)) {
      const start = i;
      while (i < src.length && WORD_CHAR.test(src[i] as string)) i += 1;
      tokens.push({ kind: "word", text: src.slice(start, i), pos: start });
    } else if (ch === "'") {
      throw new FilterError("Strings must be in double quotes, not single quotes", i);
    } else {
      throw new FilterError(`Unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: "eof", pos: src.length });
  return tokens;
}

import { FilterError } from "./errors";

/** Readers for the JSON literals of RFC 7644 compValue (RFC 8259 §6 numbers, §7 strings). */

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Reads a JSON string starting at the opening quote. scimmy does not understand `\"` and cuts the
 * string short there; this reader decodes every JSON escape, including `\uXXXX` surrogate pairs.
 */
export function readString(src: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== "\\") {
      value += ch;
      i += 1;
      continue;
    }
    const esc = src[i + 1];
    if (esc === undefined) break;
    if (esc === "u") {
      const hex = src.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new FilterError("Invalid unicode escape in string: '\\u' needs 4 hex digits", i);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const decoded = SIMPLE_ESCAPES[esc];
    if (decoded === undefined) throw new FilterError(`Invalid escape '\\${esc}' in string`, i);
    value += decoded;
    i += 2;
  }
  throw new FilterError("Unterminated string: missing closing '\"'", start);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_TAIL = /[A-Za-z0-9_$.:+-]/;

/** Reads a JSON number (int, decimal, exponent, negative); rejects `01`, `1.`, `.5`, `1e`, `12ab`. */
export function readNumber(src: string, start: number): { value: number; end: number } {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(src);
  let end = match ? start + match[0].length : start;
  const next = src[end];
  if (!match || (next !== undefined && NUMBER_TAIL.test(next))) {
    while (end < src.length && NUMBER_TAIL.test(src[end] as string)) end += 1;
    throw new FilterError(`Invalid number '${src.slice(start, Math.max(end, start + 1))}'`, start);
  }
  const value = Number(match[0]);
  if (!Number.isFinite(value)) throw new FilterError(`Number out of range '${match[0]}'`, start);
  return { value, end };
}

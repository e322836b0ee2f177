import type { CompValue } from "./ast";
import { FilterError } from "./errors";
import type { Dialect } from "./targets";

/** Converts a filter value into the bound parameter for one column type, or explains the mismatch. */

const show = (value: CompValue): string =>
  typeof value === "string" ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;

export function stringParam(value: CompValue, caseExact: boolean, name: string): string {
  if (typeof value !== "string")
    throw new FilterError(`'${name}' expects a string value, got ${show(value)}`);
  return caseExact ? value : value.toLowerCase();
}

/** Booleans bind as 1/0 (SQLite has no boolean type; MySQL's BOOLEAN is TINYINT(1)). */
export function booleanParam(value: CompValue, name: string): 0 | 1 {
  // Lenient like the rest of Admit: Entra and Okta send "True"/"False" strings for booleans.
  const v = typeof value === "string" ? value.toLowerCase() : value;
  if (v === true || v === "true") return 1;
  if (v === false || v === "false") return 0;
  throw new FilterError(`'${name}' expects true or false, got ${show(value)}`);
}

export function numberParam(value: CompValue, name: string): number {
  if (typeof value !== "number") throw new FilterError(`'${name}' expects a number, got ${show(value)}`);
  return value;
}

// xsd:dateTime (RFC 7643 §2.3.5); a missing zone means UTC, a date alone means midnight UTC.
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Datetime parameters match how the columns are stored: a Date for MySQL (mysql2 binds it in the
 * pool's "Z" timezone) and TypeORM's UTC text `YYYY-MM-DD HH:MM:SS.SSS` for SQLite, whose driver
 * cannot bind Date objects.
 */
export function datetimeParam(value: CompValue, name: string, dialect: Dialect): Date | string {
  const m = typeof value === "string" ? DATETIME.exec(value.trim()) : null;
  if (!m) throw new FilterError(`'${name}' expects an ISO 8601 date-time string, got ${show(value)}`);
  type Parts = [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0)) as Parts;
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (
    utc.getUTCMonth() !== mo - 1 ||
    utc.getUTCDate() !== d ||
    utc.getUTCHours() !== h ||
    mi > 59 ||
    s > 59
  ) {
    throw new FilterError(`'${name}' got an impossible date-time ${JSON.stringify(value)}`);
  }
  const zone = m[8];
  if (zone && zone.toUpperCase() !== "Z") {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    utc.setTime(utc.getTime() - (zone[0] === "-" ? -1 : 1) * (zh * 60 + zm) * 60_000);
  }
  return dialect === "mysql" ? utc : utc.toISOString().slice(0, 23).replace("T", " ");
}

/**
 * LIKE pattern for co/sw/ew. The escape character is '!', not '\': in MySQL's default sql_mode '\'
 * is itself an escape inside string literals, so `ESCAPE '\'` does not even parse there.
 */
export function likePattern(value: string, op: "co" | "sw" | "ew"): string {
  const escaped = value.replace(/[!%_]/g, "!$&");
  return `${op === "sw" ? "" : "%"}${escaped}${op === "ew" ? "" : "%"}`;
}

/** GLOB pattern (SQLite's case-sensitive LIKE): metacharacters are escaped by a one-char class. */
export function globPattern(value: string, op: "co" | "sw" | "ew"): string {
  const escaped = value.replace(/[*?[]/g, "[$&]");
  return `${op === "sw" ? "" : "*"}${escaped}${op === "ew" ? "" : "*"}`;
}

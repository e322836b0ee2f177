/**
 * Spreadsheet cells ⇄ text. Admit writes only text cells, and every text that a spreadsheet
 * program could take for a formula (CSV/DDE injection: = + - @ tab CR first) gets a leading
 * apostrophe (OWASP "CSV Injection"). Reading strips that apostrophe again, so a value taken from
 * the template's drop-downs round-trips. Values a person typed never start with a stored `'`
 * followed by one of those characters: Excel keeps a typed leading apostrophe as a format flag.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED = /^'[=+\-@\t\r]/;

export function safeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unescapeText(value: string): string {
  return ESCAPED.test(value) ? value.slice(1) : value;
}

export type CellProblem = "formula" | "date" | "boolean" | "error" | "unsupported";

/** What a cell means for the import: its text, or why it cannot be used. */
export type CellText =
  | { kind: "empty" }
  | { kind: "text"; text: string; fromNumber: boolean }
  | { kind: "problem"; problem: CellProblem; shown: string };

export const EMPTY: CellText = { kind: "empty" };

/** A number as the digits a person typed: never an exponent, never a grouping separator. */
function numberText(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 15 });
}

/** Interprets a cell value as row-reader.ts gives it (the shapes of exceljs's cell values). */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (typeof value === "string") return { kind: "text", text: unescapeText(value), fromNumber: false };
  if (typeof value === "number") return { kind: "text", text: numberText(value), fromNumber: true };
  if (typeof value === "boolean")
    return { kind: "problem", problem: "boolean", shown: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) return { kind: "problem", problem: "date", shown: isoDate(value) };
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("formula" in v || "sharedFormula" in v) {
      return { kind: "problem", problem: "formula", shown: `=${String(v.formula ?? v.sharedFormula ?? "")}` };
    }
    if ("error" in v) return { kind: "problem", problem: "error", shown: String(v.error) };
    if (Array.isArray(v.richText)) {
      const text = (v.richText as Array<{ text?: unknown }>).map((part) => String(part.text ?? "")).join("");
      return text === "" ? EMPTY : { kind: "text", text: unescapeText(text), fromNumber: false };
    }
    if (typeof v.text === "string") return cellText(v.text);
  }
  return { kind: "problem", problem: "unsupported", shown: "" };
}

function isoDate(date: Date): string {
  const iso = Number.isNaN(date.getTime()) ? "" : date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

/** The value as the report shows it again (the original cell, as text). */
export function shownValue(cell: CellText): string {
  if (cell.kind === "empty") return "";
  return cell.kind === "text" ? cell.text : cell.shown;
}

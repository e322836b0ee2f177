import { cellText, shownValue } from "./cell-text";
import { COLUMNS, columnForHeader, columnLetter, type ColumnKey, type ColumnSpec } from "./columns";
import { headerProblem } from "./errors";

export interface HeaderMap {
  /** Sheet column index of each known column present in the file. */
  index: Partial<Record<ColumnKey, number>>;
  /** The header row as uploaded (for the report). */
  headers: string[];
}

const names = (columns: readonly ColumnSpec[]) => columns.map((c) => `"${c.header}"`).join(", ");

/**
 * Reads the header row. Unknown, duplicate and missing required columns are file-level errors
 * that name the columns: guessing would put data into the wrong field of thousands of users.
 * Blank header cells are ignored (spreadsheets often carry formatted empty columns).
 */
export function matchHeaders(values: unknown[] | undefined): HeaderMap {
  const headers = (values ?? []).map((v) => shownValue(cellText(v)).trim());
  if (!headers.some((h) => h !== "")) {
    throw headerProblem("no_header", "The first row must hold the column headings of the template", {
      expected: COLUMNS.map((c) => c.header),
    });
  }
  const index: HeaderMap["index"] = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  headers.forEach((text, i) => {
    if (text === "") return;
    const column = columnForHeader(text);
    if (!column) unknown.push(`"${text}" (column ${columnLetter(i)})`);
    else if (index[column.key] !== undefined)
      duplicate.push(`"${column.header}" (column ${columnLetter(i)})`);
    else index[column.key] = i;
  });
  const missing = COLUMNS.filter((c) => c.required && index[c.key] === undefined);
  const noIdentifier = index.email === undefined && index.userName === undefined;
  if (unknown.length || duplicate.length || missing.length || noIdentifier) {
    const problems = [
      unknown.length ? `unknown column(s) ${unknown.join(", ")}` : "",
      duplicate.length ? `column(s) given twice ${duplicate.join(", ")}` : "",
      missing.length ? `missing required column(s) ${names(missing)}` : "",
      noIdentifier ? `missing column "Email" (or "Username" with "Phone")` : "",
    ].filter(Boolean);
    throw headerProblem(
      missing.length || noIdentifier ? "missing_columns" : "unknown_columns",
      `The header row does not match the template: ${problems.join("; ")}. Expected columns: ${names(COLUMNS)}`,
      {
        missing: [...missing.map((c) => c.header), ...(noIdentifier ? ["Email"] : [])],
        unknown: unknown,
        duplicate: duplicate,
      },
    );
  }
  return { index, headers };
}

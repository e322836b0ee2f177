import type { SaxesTagPlain } from "saxes";

/**
 * Which cell styles show a number as a date. A spreadsheet stores a date as a serial number and
 * only its style says "date"; the import must see those as dates (and refuse them) rather than
 * import 45321 as someone's employee number.
 */

// Built-in number formats that are dates or times (ECMA-376 §18.8.30, plus the East Asian ids).
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

// Literal text in a format code: "quoted", \escaped, _x (space as wide as x) and *x (fill with x).
const LITERALS = /"[^"]*"|\\.|_.|\*./g;
// [Red], [$€-407], [>=100] are colours, currencies and conditions; [h], [mm], [ss] are elapsed time.
const BRACKETS = /\[([^\]]*)\]/g;
const ELAPSED = /^(h+|m+|s+)$/i;

/** True when a custom format code formats a date or a time (d, m, y, h, s outside literals). */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(LITERALS, "")
    .replace(BRACKETS, (_all, inner: string) => (ELAPSED.test(inner) ? inner : ""));
  // "General" and number formats (0.00, #,##0, 0%, 0.00E+00) have none of these letters.
  return /[dmyhs]/i.test(bare);
}

/** Date-ness of each cellXfs index, built from styles.xml's opening tags in document order. */
export class StyleTable {
  private readonly customCodes = new Map<number, string>();
  private readonly cellFormats: number[] = [];
  private inCellXfs = false;
  private inNumFmts = false;
  private dates: boolean[] | undefined;

  /** Feeds one opening tag (local name) of styles.xml. */
  open(name: string, tag: SaxesTagPlain): void {
    if (name === "numFmts") {
      this.inNumFmts = true;
    } else if (name === "numFmt" && this.inNumFmts) {
      // Conditional formats (<dxfs><dxf><numFmt>) reuse ids; only <numFmts> defines the cells' codes.
      this.customCodes.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ""));
    } else if (name === "cellXfs") {
      this.inCellXfs = true;
    } else if (name === "xf" && this.inCellXfs) {
      // cellStyleXfs also holds <xf> elements; only cellXfs is what a cell's s="n" points into.
      this.cellFormats.push(Number(tag.attributes.numFmtId ?? 0));
    }
  }

  close(name: string): void {
    if (name === "cellXfs") this.inCellXfs = false;
    else if (name === "numFmts") this.inNumFmts = false;
  }

  /** Whether the number in a cell with style index `s` is shown as a date. */
  isDate(s: number): boolean {
    this.dates ??= this.cellFormats.map((id) => {
      // A workbook may redefine a built-in id with its own code; that code wins.
      const code = this.customCodes.get(id);
      return code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code);
    });
    return this.dates[s] ?? false;
  }
}

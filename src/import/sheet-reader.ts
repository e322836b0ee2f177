import type { SaxesTagPlain } from "saxes";
import { damaged } from "./errors";
import type { RowSink } from "./row-store";
import type { StringTable } from "./string-table";
import type { StyleTable } from "./styles";
import type { PartHandler } from "./xml-check";

/**
 * The users sheet's XML → rows of cell values, in the shapes exceljs's streaming reader gave
 * (cell-text.ts reads them): string, number, boolean, Date, { formula, result }, { error }.
 * It only sees parser events (local element names), so it can be fed chunk by chunk; the cells go
 * to a RowSink (row-store.ts) as they complete.
 */

export interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  /** Cell values by column index (0 = column A); holes are empty cells. */
  values: unknown[];
}

// Excel's last column, XFD. Beyond it a reference is damage, and a huge index would make every
// row a sparse array billions long.
const MAX_COLUMN = 16_384;
const MS_PER_DAY = 86_400_000;
// Serial of 1970-01-01 in the 1900 system; the 1904 system counts 1462 days less.
const UNIX_EPOCH = 25_569;
const DAYS_1904 = 1_462;

/** The cell being read: its attributes and the texts of its children. */
interface Cell {
  column: number;
  type: string | undefined;
  style: number;
  value: string | undefined;
  formula: string | undefined;
}

type Capture = "value" | "formula" | "inline" | undefined;

/** Sheet XML → the cells of each row, handed to `sink`. */
export class SheetParser implements PartHandler {
  private inRow = false;
  /** The row had no `r`: its first cell reference with one (`D7`) tells its number. */
  private rowNumberFromCell = false;
  private rowNumber = 0;
  private column = -1;
  private cell: Cell | undefined;
  private capture: Capture;
  private inInline = false;
  private inPhonetic = false;

  constructor(
    private readonly sharedStrings: StringTable,
    private readonly styles: StyleTable,
    private readonly date1904: boolean,
    private readonly sink: RowSink,
  ) {}

  open(name: string, tag: SaxesTagPlain): void {
    const { attributes } = tag;
    switch (name) {
      case "row":
        // A row without r follows the previous one; its cells start again at column A.
        this.rowNumberFromCell = attributes.r === undefined;
        this.rowNumber = attributes.r === undefined ? this.rowNumber + 1 : parseInt(String(attributes.r), 10);
        this.inRow = true;
        this.column = -1;
        break;
      case "c":
        if (!this.inRow) break;
        this.column = attributes.r === undefined ? this.column + 1 : columnOf(String(attributes.r));
        if (this.rowNumberFromCell && attributes.r !== undefined) {
          const digits = /\d+$/.exec(String(attributes.r));
          if (digits) this.rowNumber = parseInt(digits[0], 10);
          this.rowNumberFromCell = false;
        }
        if (this.column >= MAX_COLUMN)
          throw damaged(`a cell of row ${this.rowNumber} lies beyond column XFD`);
        this.cell = {
          column: this.column,
          type: attributes.t === undefined ? undefined : String(attributes.t),
          style: attributes.s === undefined ? 0 : parseInt(String(attributes.s), 10),
          value: undefined,
          formula: undefined,
        };
        break;
      case "v":
      case "f":
        if (!this.cell) break;
        this.capture = name === "v" ? "value" : "formula";
        // An empty <f/> still marks a formula (a shared formula's other cells carry no text).
        this.cell[this.capture] = "";
        break;
      case "is":
        if (this.cell) this.inInline = true;
        break;
      case "rPh":
        this.inPhonetic = true;
        break;
      case "t":
        if (this.cell && this.inInline && !this.inPhonetic) {
          this.capture = "inline";
          // Rich-text runs of an inline string add up to one text.
          this.cell.value ??= "";
        }
        break;
    }
  }

  text(text: string): void {
    const cell = this.cell;
    if (!cell || this.capture === undefined) return;
    if (this.capture === "formula") cell.formula += text;
    else cell.value += text;
  }

  close(name: string): void {
    switch (name) {
      case "v":
      case "f":
      case "t":
        this.capture = undefined;
        break;
      case "rPh":
        this.inPhonetic = false;
        break;
      case "is":
        this.inInline = false;
        break;
      case "c":
        if (this.cell) this.emit(this.cell);
        this.cell = undefined;
        break;
      case "row":
        if (this.inRow) this.sink.endRow(this.rowNumber);
        this.inRow = false;
        break;
    }
  }

  private emit(cell: Cell): void {
    // The common cell, a shared string, goes by index: the string is looked up when the row is read.
    if (cell.type === "s" && cell.formula === undefined && cell.value !== undefined) {
      this.sink.shared(cell.column, this.sharedIndex(cell.value));
      return;
    }
    const value = this.scalar(cell);
    if (cell.formula !== undefined) this.sink.value(cell.column, { formula: cell.formula, result: value });
    else if (value !== undefined) this.sink.value(cell.column, value);
  }

  private sharedIndex(value: string): number {
    const index = parseInt(value, 10);
    // By length, not at(): at() would cut the string out just to see it is there.
    if (!(index >= 0 && index < this.sharedStrings.length))
      throw damaged(`a cell refers to shared string ${value}, which does not exist`);
    return index;
  }

  private scalar({ type, value, style }: Cell): unknown {
    if (value === undefined) return undefined;
    switch (type) {
      case "s":
        return this.sharedStrings.at(this.sharedIndex(value));
      case "str":
      case "inlineStr":
        return decodeEscapes(value);
      case "b":
        return /^\s*(1|true)\s*$/i.test(value);
      case "e":
        return { error: value };
      case "d":
        // ISO 8601 date cells (strict Open XML); without a zone they mean UTC like serials do.
        return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
      default: {
        if (value === "") return undefined;
        const number = Number(value);
        // Text where a number belongs (an <is> without t="inlineStr", a writer's slip) stays text.
        if (Number.isNaN(number)) return decodeEscapes(value);
        if (!this.styles.isDate(style)) return number;
        // Days since 1899-12-30 (1900 system), linear like exceljs's excelToDate: the serials
        // before 1900-03-01 stay one day off, as they were (Excel's fictional 1900-02-29).
        const days = number - UNIX_EPOCH + (this.date1904 ? DAYS_1904 : 0);
        return new Date(Math.round(days * MS_PER_DAY));
      }
    }
  }
}

/**
 * Excel writes characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`) and a
 * literal `_x` as `_x005F_x` (ECMA-376 §22.9.2.19 ST_Xstring).
 */
export function decodeEscapes(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Column index of a cell reference: "A1" → 0, "AB12" → 27. */
export function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const code = ref.charCodeAt(i) | 0x20; // lower-case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMN) break;
  }
  if (column === 0) throw damaged(`a cell has the reference "${ref}", which names no column`);
  return column - 1;
}

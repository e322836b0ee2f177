import { damaged, tooMuchInSheet } from "./errors";
import type { SheetRow } from "./sheet-reader";
import { JoinedStrings, type StringTable } from "./string-table";

/** Where the sheet reader puts each cell it read (sheet-reader.ts), row by row. */
export interface RowSink {
  /** A cell holding shared string `index` (already checked to exist). */
  shared(column: number, index: number): void;
  /** Any other cell value: string, number, boolean, Date, { formula, result }, { error }. */
  value(column: number, value: unknown): void;
  /** The row whose cells came since the last one ends; `number` is the row number Excel shows. */
  endRow(number: number): void;
}

const enum Kind {
  Shared,
  Text,
  Number,
  True,
  False,
  Date,
  /** `{ error }`: data is the error's text. */
  Error,
  /** `{ formula, result }`: data is the formula's text; the result is the next cell kept. */
  Formula,
  /** The result of a formula that has none. */
  Nothing,
}

/** What the store may hold: it refuses a sheet that would take more (a user list never does). */
export interface RowStoreLimits {
  /** Rows kept; the ones after are only counted (inspection refuses such a file by the count). */
  maxRows: number;
  /** Cells with a value, all rows together. */
  maxCells: number;
  /** Characters of the sheet's own texts: inline strings, formulas, errors (shared strings aside). */
  maxText: number;
}

// The last row of a sheet (Excel's limit).
const MAX_ROW_NUMBER = 1_048_576;

// Cells per block. Blocks of typed arrays grow without copying and hold ~11 bytes per cell.
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

interface CellBlock {
  column: Uint16Array;
  kind: Uint8Array;
  /** The number, the date's milliseconds, or the index into the shared strings or the texts. */
  data: Float64Array;
}

/**
 * The users sheet's rows as inspection read them (inspect.ts), kept compact until the import
 * reads them: the sheet is inflated and parsed once, and every cell has been read — a reference
 * to a missing shared string, a row number out of order found — before the first row is written.
 * 100,000 rows of 11 cells take ~12 MB here; shared strings stay in their own table and are looked
 * up when a row is read. Memory is bounded by the limits, not by what the file claims.
 */
export class RowStore implements RowSink {
  private readonly blocks: Array<CellBlock | undefined> = [];
  private read = false;
  private cells = 0;
  /** Per kept row: its number and the index after its last cell. */
  private numbers = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private kept = 0;
  private counted = 0;
  private readonly texts = new JoinedStrings();
  private textLength = 0;
  private lastNumber = 0;

  constructor(
    private readonly sharedStrings: StringTable,
    private readonly limits: RowStoreLimits,
  ) {}

  /** Every row the sheet has, kept or not. */
  get rowCount(): number {
    return this.counted;
  }

  shared(column: number, index: number): void {
    this.push(column, Kind.Shared, index);
  }

  value(column: number, value: unknown): void {
    if (this.kept === this.limits.maxRows) return;
    if (typeof value === "string") this.push(column, Kind.Text, this.text(value));
    else if (typeof value === "number") this.push(column, Kind.Number, value);
    else if (typeof value === "boolean") this.push(column, value ? Kind.True : Kind.False, 0);
    else if (value instanceof Date) this.push(column, Kind.Date, value.getTime());
    else if (isFormula(value)) {
      this.push(column, Kind.Formula, this.text(value.formula));
      if (value.result === undefined) this.push(column, Kind.Nothing, 0);
      else this.value(column, value.result);
    } else if (isError(value)) this.push(column, Kind.Error, this.text(value.error));
    else throw new TypeError(`a cell value the sheet reader never makes: ${String(value)}`);
  }

  endRow(number: number): void {
    // Rows are keyed by number from here on (the report, the import's row results).
    if (!Number.isSafeInteger(number) || number < 1 || number > MAX_ROW_NUMBER) {
      throw damaged(
        Number.isNaN(number)
          ? "a row's number is not a number"
          : `a row is numbered ${number}, which no row of a sheet has`,
      );
    }
    if (number <= this.lastNumber) {
      throw damaged(`row ${number} comes after row ${this.lastNumber}; rows must be in order, each once`);
    }
    this.lastNumber = number;
    this.counted += 1;
    // Past the limit no cell was kept either (push).
    if (this.kept === this.limits.maxRows) return;
    if (this.kept === this.numbers.length) {
      this.numbers = grow(this.numbers);
      this.ends = grow(this.ends);
    }
    this.numbers[this.kept] = number;
    this.ends[this.kept] = this.cells;
    this.kept += 1;
  }

  /**
   * The kept rows in sheet order, each built when it is asked for — once: each block of cells is
   * let go as soon as its rows were read, so the import's memory falls as it goes.
   */
  *rows(): Generator<SheetRow> {
    if (this.read) throw new Error("the sheet's rows are read once");
    this.read = true;
    let cell = 0;
    let released = 0;
    for (let row = 0; row < this.kept; row += 1) {
      // Every row before this one has been read: the blocks wholly behind it can go.
      for (; released < cell >>> BLOCK_BITS; released += 1) this.blocks[released] = undefined;
      const end = this.ends[row] as number;
      const values: unknown[] = [];
      while (cell < end) {
        const block = this.blocks[cell >>> BLOCK_BITS] as CellBlock;
        const i = cell & (BLOCK - 1);
        const kind = block.kind[i] as Kind;
        const data = block.data[i] as number;
        const column = block.column[i] as number;
        cell += 1;
        if (kind === Kind.Formula) {
          // Its result is the next cell kept (Nothing when it has none).
          const next = this.blocks[cell >>> BLOCK_BITS] as CellBlock;
          const j = cell & (BLOCK - 1);
          cell += 1;
          const result = this.decode(next.kind[j] as Kind, next.data[j] as number);
          values[column] = { formula: this.texts.at(data), result };
        } else values[column] = this.decode(kind, data);
      }
      yield { number: this.numbers[row] as number, values };
    }
  }

  private decode(kind: Kind, data: number): unknown {
    switch (kind) {
      case Kind.Shared:
        return this.sharedStrings.at(data);
      case Kind.Text:
        return this.texts.at(data);
      case Kind.Number:
        return data;
      case Kind.True:
        return true;
      case Kind.False:
        return false;
      case Kind.Date:
        return new Date(data);
      case Kind.Error:
        return { error: this.texts.at(data) };
      case Kind.Formula:
      case Kind.Nothing:
        return undefined;
    }
  }

  private text(text: string): number {
    this.textLength += text.length;
    if (this.textLength > this.limits.maxText) throw tooMuchInSheet();
    return this.texts.add(text);
  }

  private push(column: number, kind: Kind, data: number): void {
    if (this.kept === this.limits.maxRows) return;
    if (this.cells === this.limits.maxCells) throw tooMuchInSheet();
    const i = this.cells & (BLOCK - 1);
    if (i === 0 && this.cells >>> BLOCK_BITS === this.blocks.length) {
      this.blocks.push({
        column: new Uint16Array(BLOCK),
        kind: new Uint8Array(BLOCK),
        data: new Float64Array(BLOCK),
      });
    }
    const block = this.blocks[this.cells >>> BLOCK_BITS] as CellBlock;
    block.column[i] = column;
    block.kind[i] = kind;
    block.data[i] = data;
    this.cells += 1;
  }
}

const isFormula = (value: unknown): value is { formula: string; result: unknown } =>
  typeof value === "object" && value !== null && "formula" in value;

const isError = (value: unknown): value is { error: string } =>
  typeof value === "object" && value !== null && "error" in value;

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

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
  /** Errors and formulas, rare: kept as they are, in `others`. */
  Other,
}

// Cells per block. Blocks of typed arrays grow without copying and hold ~11 bytes per cell.
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

interface CellBlock {
  column: Uint16Array;
  kind: Uint8Array;
  /** The number, the date's milliseconds, or the index into the shared strings, texts or others. */
  data: Float64Array;
}

/**
 * The users sheet's rows as inspection read them (inspect.ts), kept compact until the import
 * reads them: the sheet is inflated and parsed once, and every cell has been read — a reference
 * to a missing shared string found — before the first row is written. 100,000 rows of 11 cells
 * take ~12 MB here; shared strings stay in their own table and are looked up when a row is read.
 */
export class RowStore implements RowSink {
  private readonly blocks: CellBlock[] = [];
  private cells = 0;
  /** Per kept row: its number and the index after its last cell. */
  private numbers = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private kept = 0;
  private seen = 0;
  private readonly texts = new JoinedStrings();
  private readonly others: unknown[] = [];

  /**
   * @param maxRows rows kept; the ones after are only counted (inspection refuses such a file
   *   by the count, and memory must not grow with a file that is refused anyway).
   */
  constructor(
    private readonly sharedStrings: StringTable,
    private readonly maxRows: number,
  ) {}

  /** Every row the sheet has, kept or not. */
  get rowCount(): number {
    return this.seen;
  }

  shared(column: number, index: number): void {
    this.push(column, Kind.Shared, index);
  }

  value(column: number, value: unknown): void {
    if (typeof value === "string") this.push(column, Kind.Text, this.texts.add(value));
    else if (typeof value === "number") this.push(column, Kind.Number, value);
    else if (typeof value === "boolean") this.push(column, value ? Kind.True : Kind.False, 0);
    else if (value instanceof Date) this.push(column, Kind.Date, value.getTime());
    else this.push(column, Kind.Other, this.others.push(value) - 1);
  }

  endRow(number: number): void {
    this.seen += 1;
    // Past the limit no cell was kept either (push).
    if (this.kept === this.maxRows) return;
    if (this.kept === this.numbers.length) {
      this.numbers = grow(this.numbers);
      this.ends = grow(this.ends);
    }
    this.numbers[this.kept] = number;
    this.ends[this.kept] = this.cells;
    this.kept += 1;
  }

  /** The kept rows in sheet order, each built when it is asked for. */
  *rows(): Generator<SheetRow> {
    let cell = 0;
    for (let row = 0; row < this.kept; row += 1) {
      const end = this.ends[row] as number;
      const values: unknown[] = [];
      for (; cell < end; cell += 1) {
        const block = this.blocks[cell >>> BLOCK_BITS] as CellBlock;
        const i = cell & (BLOCK - 1);
        values[block.column[i] as number] = this.decode(block.kind[i] as Kind, block.data[i] as number);
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
      case Kind.Other:
        return this.others[data];
    }
  }

  private push(column: number, kind: Kind, data: number): void {
    if (this.kept === this.maxRows) return;
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

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

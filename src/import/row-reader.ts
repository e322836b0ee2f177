import { excel } from "./excel";
import type { XlsxPlan } from "./inspect";
import { checkedXlsxStream } from "./xlsx-stream";

export interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  /** exceljs cell values by column index (0 = column A); holes are empty cells. */
  values: unknown[];
}

/**
 * Streams the users sheet row by row with exceljs's streaming reader, over the checked parts
 * only. Styles are read so that date-formatted numbers arrive as dates (and can be refused).
 */
export async function* readSheetRows(plan: XlsxPlan): AsyncGenerator<SheetRow> {
  const input = checkedXlsxStream(plan);
  const reader = new (excel().stream.xlsx.WorkbookReader)(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        yield { number: row.number, values: values.slice(1) };
      }
    }
  } finally {
    input.destroy();
  }
}

import type { XlsxPlan } from "./inspect";
import type { SheetRow } from "./sheet-reader";

export type { SheetRow } from "./sheet-reader";

/**
 * The users sheet row by row, the header first, from what inspection read and checked
 * (`plan.sheetRows`): the file is not opened again, and nothing in it can fail from here on.
 */
export async function* readSheetRows(plan: XlsxPlan): AsyncGenerator<SheetRow> {
  yield* plan.sheetRows.rows();
}

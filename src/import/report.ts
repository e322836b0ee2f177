import type { Writable } from "node:stream";
import { safeText } from "./cell-text";
import type { ImportJob } from "./entities";
import { excel } from "./excel";
import type { JobStore } from "./jobs";
import { resultText } from "./outcome";

export const RESULT_HEADER = "Import result";

/**
 * The report: the uploaded rows, each at its original row number, plus a result column. Written
 * with exceljs's streaming writer from the stored rows, a page at a time. The values came from
 * an upload, so every one goes through `safeText` — this file goes back to an administrator.
 */
export async function writeReport(jobs: JobStore, job: ImportJob, out: Writable): Promise<void> {
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(job.dryRun ? "Dry run" : "Import");
  const headers = job.headers ?? [];
  const resultColumn = headers.length + 1;
  const header = sheet.getRow(1);
  [...headers, RESULT_HEADER].forEach((text, i) => {
    header.getCell(i + 1).value = safeText(text);
  });
  header.font = { bold: true };
  header.commit();
  let next = 2;
  for await (const row of jobs.allRows(job)) {
    // Blank rows of the upload stay blank, so row numbers match the original file.
    while (next < row.rowNumber) sheet.getRow(next++).commit();
    const line = sheet.getRow(row.rowNumber);
    row.cellValues.forEach((value, i) => {
      if (value !== "") line.getCell(i + 1).value = safeText(value);
    });
    line.getCell(resultColumn).value = safeText(resultText(row.status, row.messages));
    line.commit();
    next = row.rowNumber + 1;
  }
  sheet.commit();
  await workbook.commit();
}

import ExcelJS from "exceljs";
import { COLUMNS, templateHeader } from "../../src/import";

/** Builds real .xlsx files for import tests, the way a person would fill in the template. */

export const HEADERS = COLUMNS.map(templateHeader);
export type RowInput = Partial<Record<(typeof COLUMNS)[number]["key"], unknown>>;

/** A row in template column order; exceljs writes numbers, dates, booleans and {formula} as such. */
export function row(values: RowInput): unknown[] {
  return COLUMNS.map((c) => values[c.key] ?? null);
}

export interface SheetSpec {
  headers?: string[];
  rows: unknown[][];
  sheetName?: string;
  /** Sheets before the users sheet (e.g. someone's notes). */
  before?: string[];
}

export async function xlsxBuffer(spec: SheetSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const name of spec.before ?? []) workbook.addWorksheet(name).addRow(["notes"]);
  const sheet = workbook.addWorksheet(spec.sheetName ?? "Users");
  sheet.addRow(spec.headers ?? HEADERS);
  for (const values of spec.rows) {
    const added = sheet.addRow(values);
    values.forEach((value, i) => {
      if (value instanceof Date) added.getCell(i + 1).numFmt = "yyyy-mm-dd";
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A big file written with exceljs's streaming writer (shared strings, as Excel writes them). */
export async function streamedXlsx(
  path: string,
  count: number,
  make: (i: number) => unknown[],
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Users");
  sheet.addRow(HEADERS).commit();
  for (let i = 0; i < count; i += 1) sheet.addRow(make(i)).commit();
  sheet.commit();
  await workbook.commit();
}

export async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** Cell texts of a sheet, row by row (row 1 first), for row-by-row assertions. */
export function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, number) => {
    // Array.from visits the holes exceljs leaves for empty cells (map would skip them).
    const values = Array.from((r.values as unknown[]).slice(1), (v) =>
      v === null || v === undefined ? "" : String(v),
    );
    rows[number - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** supertest parser for binary bodies (xlsx downloads). */
export function binary(res: unknown, done: (error: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  stream.on("end", () => done(null, Buffer.concat(chunks)));
  stream.on("error", (error: Error) => done(error, Buffer.alloc(0)));
}

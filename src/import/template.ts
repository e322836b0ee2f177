import type { Writable } from "node:stream";
import type { DataValidation, Worksheet } from "exceljs";
import type { OrgCatalog } from "./catalog";
import { safeText } from "./cell-text";
import { COLUMNS, columnLetter, MULTI_VALUE_SEPARATOR, templateHeader, type ColumnKey } from "./columns";
import { excel } from "./excel";
import { instructionsSheet } from "./template-instructions";

/** Rows of the users sheet that get drop-downs and text formatting: an import's maximum. */
export const TEMPLATE_ROWS = 100_000;
export const LISTS_SHEET = "Lists";

const LISTS: Array<{ key: ColumnKey; title: string; values: (c: OrgCatalog) => string[]; many: boolean }> = [
  { key: "departments", title: "Departments", values: (c) => c.names.departments, many: true },
  { key: "jobProfile", title: "Job profiles", values: (c) => c.names.jobProfiles, many: false },
  { key: "permissionTypes", title: "Permission types", values: (c) => c.names.permissionTypes, many: true },
  { key: "language", title: "Languages", values: (c) => c.names.languages, many: false },
];

/**
 * The organisation's import template: the users sheet (headings, required ones marked, every
 * column formatted as text so Excel keeps "+45…" and leading zeros, drop-downs fed from the
 * hidden lists sheet), instructions with an example, and the lists. Every text Admit writes goes
 * through `safeText` — department names are data an attacker may have chosen.
 */
export async function writeTemplate(catalog: OrgCatalog, orgName: string, out: Writable): Promise<void> {
  const workbook = new (excel().Workbook)();
  workbook.creator = "Admit";
  const users = workbook.addWorksheet("Users", { views: [{ state: "frozen", ySplit: 1 }] });
  users.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width, style: { numFmt: "@" } }));
  const header = users.getRow(1);
  COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = safeText(templateHeader(column));
    cell.font = { bold: true };
    cell.fill = {
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: column.required ? "FFFCE4D6" : "FFE7E6E6" },
    };
    cell.note = safeText(column.description);
  });
  instructionsSheet(workbook, orgName, catalog);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: "hidden" });
  LISTS.forEach((list, i) => {
    const values = list.values(catalog);
    lists.getColumn(i + 1).width = 30;
    lists.getCell(1, i + 1).value = list.title;
    values.forEach((value, row) => {
      lists.getCell(row + 2, i + 1).value = safeText(value);
    });
    addDropDown(
      users,
      list.key,
      `${LISTS_SHEET}!$${columnLetter(i)}$2:$${columnLetter(i)}$${Math.max(2, values.length + 1)}`,
      list.many,
    );
  });
  await workbook.xlsx.write(out);
}

function addDropDown(sheet: Worksheet, key: ColumnKey, range: string, many: boolean): void {
  const letter = columnLetter(COLUMNS.findIndex((c) => c.key === key));
  // exceljs supports range addresses here (one sqref for the column) but its typings omit the property.
  const validations = (
    sheet as unknown as { dataValidations: { add(address: string, v: DataValidation): void } }
  ).dataValidations;
  validations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
    type: "list",
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    // A multi-value cell ("Sales; Support") is not one list entry: warn, let it through.
    errorStyle: many ? "warning" : "stop",
    errorTitle: "Not in the list",
    error: many
      ? `Pick from the list, or separate several with "${MULTI_VALUE_SEPARATOR}"`
      : "Pick a value from the list",
  });
}

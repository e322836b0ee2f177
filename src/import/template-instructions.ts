import type { Workbook } from "exceljs";
import type { OrgCatalog } from "./catalog";
import { safeText } from "./cell-text";
import { COLUMNS, MULTI_VALUE_SEPARATOR, templateHeader } from "./columns";

/** Example rows made of the organisation's own names, so they would import as they are. */
function examples(catalog: OrgCatalog): string[][] {
  const { departments, jobProfiles, permissionTypes, languages } = catalog.names;
  const job = jobProfiles[0] ?? "";
  const permission = permissionTypes[0] ?? "";
  const language = languages[0] ?? "en";
  return [
    [
      "Alice",
      "Andersen",
      "alice@example.com",
      "",
      "",
      language,
      job,
      departments.slice(0, 2).join(`${MULTI_VALUE_SEPARATOR} `),
      permission,
      "",
      "HR-1001",
    ],
    [
      "Bo",
      "Berg",
      "",
      "bo.berg",
      "+45 20 12 34 56",
      language,
      job,
      departments[0] ?? "",
      permission,
      "Welcome-2024!",
      "HR-1002",
    ],
  ];
}

const TEXT = [
  "How to fill in the Users sheet",
  "• One person per row, below the headings. Columns marked * are required.",
  "• Every person needs an email, or a username together with a phone number (international format).",
  `• A person has exactly one job profile and one or more departments and permission types; separate several with "${MULTI_VALUE_SEPARATOR}".`,
  "• Job profiles, departments, permission types and languages must be the organisation's own: pick them from the drop-downs.",
  "• One-time password (optional): the person logs in with it once and then chooses their own. Without it, the organisation's activation settings decide (activation email or SMS).",
  "• The import is one-time: a row whose email, username or external id matches an existing user is skipped and reported, and the existing user is never changed.",
  "• Type or paste values, not formulas: cells with formulas are refused. Keep the columns formatted as text.",
  "• Try a dry run first: it checks every row and reports what would happen, without creating anyone.",
];

/** The instructions sheet: what to do, one line per column, and example rows. */
export function instructionsSheet(workbook: Workbook, orgName: string, catalog: OrgCatalog): void {
  const sheet = workbook.addWorksheet("Instructions");
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 12;
  sheet.getColumn(3).width = 110;
  sheet.addRow([safeText(`Import template for ${orgName}`)]).font = { bold: true, size: 14 };
  for (const line of TEXT) sheet.addRow([safeText(line)]);
  sheet.addRow([]);
  sheet.addRow(["Column", "Required", "What to enter"]).font = { bold: true };
  for (const column of COLUMNS) {
    sheet.addRow([safeText(column.header), column.required ? "yes" : "no", safeText(column.description)]);
  }
  sheet.addRow([]);
  sheet.addRow(["Example rows (they are not imported from this sheet)"]).font = { bold: true };
  sheet.addRow(COLUMNS.map((c) => safeText(templateHeader(c)))).font = { bold: true };
  for (const example of examples(catalog)) sheet.addRow(example.map(safeText));
}

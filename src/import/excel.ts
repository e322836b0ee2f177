/**
 * exceljs takes about a second to load: required on first use, so the server, `admit --help`
 * and every CLI command that never touches a spreadsheet start without it.
 */
let loaded: typeof import("exceljs") | undefined;

export function excel(): typeof import("exceljs") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy CommonJS load
  loaded ??= require("exceljs") as typeof import("exceljs");
  return loaded;
}

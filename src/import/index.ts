import { ImportService, type ImportDeps } from "./service";

export * from "./entities";
export { ImportService, importLimits } from "./service";
export type { ImportDeps, PreparedImport } from "./service";
export type { ImportJobView, ImportRowView } from "./views";
export type { Progress } from "./runner";
export type { RowQuery } from "./jobs";
export type { XlsxLimits } from "./inspect";
export { COLUMNS, templateHeader, MULTI_VALUE_SEPARATOR } from "./columns";
export { safeText } from "./cell-text";
export { RESULT_HEADER } from "./report";
export { LISTS_SHEET, TEMPLATE_ROWS } from "./template";
export { BATCH_SIZE } from "./runner";
export { spoolToFile } from "./spool";
export { fileTooLarge } from "./errors";

/** Excel template and import (PRODUCT.md §5): the public face of the module. */
export function createImports(deps: ImportDeps): ImportService {
  return new ImportService(deps);
}

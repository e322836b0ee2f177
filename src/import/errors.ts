import { AppError } from "../lib";

/**
 * File-level problems: the whole upload is refused before anything is written. Each says what
 * is wrong in words an administrator can act on.
 */
export const fileTooLarge = (maxBytes: number) =>
  new AppError(
    "import.too_large",
    `The file is larger than the ${formatBytes(maxBytes)} an import accepts; split it into smaller files`,
    { status: 413 },
  );

export const notXlsx = (why = "") =>
  new AppError(
    "import.not_xlsx",
    `This is not an Excel workbook (.xlsx)${why ? `: ${why}` : ""}. Save it as "Excel Workbook (.xlsx)" and upload that`,
    { status: 422 },
  );

export const damaged = (why: string) =>
  new AppError("import.damaged_file", `The workbook is damaged: ${why}`, { status: 422 });

/** A zip bomb, or a workbook far bigger than a user list: refused before it is unpacked. */
export const tooBig = () =>
  new AppError(
    "import.zip_limits",
    "The workbook unpacks to far more data than a user list can hold (a zip bomb?); it was not read",
    { status: 422 },
  );

/** A users sheet that would take more memory than any user list: refused while it is read. */
export const tooMuchInSheet = () =>
  new AppError(
    "import.zip_limits",
    "The users sheet holds far more cells or text than a user list (a zip bomb?); it was not imported",
    { status: 422 },
  );

export const tooManyRows = (rows: number, max: number) =>
  new AppError(
    "import.too_many_rows",
    `The sheet has ${rows.toLocaleString("en")} rows; an import takes at most ${max.toLocaleString("en")}`,
    { status: 422 },
  );

export const headerProblem = (code: string, detail: string, extra: Record<string, unknown>) =>
  new AppError(`import.${code}`, detail, { status: 422, extra });

export const importRunning = () =>
  new AppError(
    "import.already_running",
    "An import is already running for this organisation; wait for it to finish",
    { status: 409 },
  );

function formatBytes(bytes: number): string {
  return bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MB` : `${bytes.toLocaleString("en")} bytes`;
}

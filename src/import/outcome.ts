import { AppError } from "../lib";
import { COLUMNS } from "./columns";
import type { RowMessage, RowStatus } from "./entities";
import { FIELD_OF, type ParsedRow } from "./row-parse";

export interface RowOutcome {
  number: number;
  status: RowStatus;
  messages: RowMessage[] | null;
  userId: string | null;
  cellValues: string[];
}

const COLUMN_OF_FIELD = new Map(COLUMNS.map((c) => [FIELD_OF[c.key], c.header]));
const KEY_LABEL = { email: "email", userName: "username", externalId: "external id" } as const;
export type KeyName = keyof typeof KEY_LABEL;

const PHONE_HINT =
  " (the cell holds a number, so Excel dropped any leading + or 0: format the Phone column as Text and type it again)";

/**
 * Every problem the directory found with the row (the first error plus `extra.errors`), except
 * for fields the import already reported itself (an unknown department name makes the directory
 * say "a department is required", which would only confuse).
 */
export function directoryMessages(error: AppError, row: ParsedRow): RowMessage[] {
  const listed = error.extra?.errors as Array<{ code: string; field?: string; detail: string }> | undefined;
  const all = listed ?? [{ code: error.code, field: error.field, detail: error.detail }];
  return all
    .filter((p) => !p.field || !row.problemFields.has(p.field))
    .map((p) => {
      const column = p.field ? COLUMN_OF_FIELD.get(p.field) : undefined;
      const hint = p.code === "directory.phone_invalid" && row.phoneWasNumber ? PHONE_HINT : "";
      return { code: p.code, detail: p.detail + hint, ...(column ? { column } : {}) };
    });
}

export function alreadyExists(row: ParsedRow, key: KeyName): RowOutcome {
  const column = COLUMN_OF_FIELD.get(key);
  return outcome(row, "skipped", [
    {
      code: "import.already_exists",
      detail: `A user with this ${KEY_LABEL[key]} already exists; existing users are never changed by an import`,
      ...(column ? { column } : {}),
    },
  ]);
}

export function duplicateInFile(row: ParsedRow, key: KeyName, firstRow: number): RowMessage {
  const column = COLUMN_OF_FIELD.get(key);
  return {
    code: "import.duplicate_row",
    detail: `Same ${KEY_LABEL[key]} as row ${firstRow} of this file`,
    ...(column ? { column } : {}),
  };
}

export function outcome(
  row: ParsedRow,
  status: RowStatus,
  messages: RowMessage[] | null,
  userId: string | null = null,
): RowOutcome {
  return {
    number: row.number,
    status,
    messages: messages?.length ? messages : null,
    userId,
    cellValues: row.cellValues,
  };
}

/** The report's status cell: "created", "skipped: …", "error: …; …". */
export function resultText(status: RowStatus, messages: RowMessage[] | null): string {
  const label = status === "valid" ? "valid (dry run: would be created)" : status;
  if (!messages?.length) return label;
  return `${label}: ${messages.map((m) => m.detail).join("; ")}`;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

import { checkOneTimePasswordPolicy } from "../auth";
import { nameKey, type UserFields } from "../directory";
import { AppError } from "../lib";
import { cellText, EMPTY, shownValue, unescapeText, type CellText } from "./cell-text";
import { COLUMNS, MULTI_VALUE_SEPARATOR, type ColumnKey, type ColumnSpec } from "./columns";
import type { RowMessage } from "./entities";
import type { HeaderMap } from "./headers";

/** The organisation's catalog by name key (see OrgCatalog in catalog.ts). */
export interface NameLookup {
  jobProfiles: Map<string, string>;
  departments: Map<string, string>;
  permissionTypes: Map<string, string>;
}

export interface ParsedRow {
  number: number;
  fields: UserFields;
  oneTimePassword: string | null;
  /** Problems found before the directory sees the row; `fields` names their directory fields. */
  problems: RowMessage[];
  problemFields: Set<string>;
  /** Normalised keys for "already exists" and in-file duplicates (as the directory compares them). */
  keys: { email: string | null; userName: string | null; externalId: string | null };
  phoneWasNumber: boolean;
  /** Cell texts for the report, one per header column; one-time passwords masked. */
  cellValues: string[];
}

/** The directory field a column feeds (its messages use these names). */
export const FIELD_OF: Record<ColumnKey, string> = {
  firstName: "firstName",
  lastName: "lastName",
  email: "email",
  userName: "userName",
  phone: "phone",
  language: "language",
  jobProfile: "jobProfileId",
  departments: "departmentIds",
  permissionTypes: "permissionTypeIds",
  oneTimePassword: "oneTimePassword",
  externalId: "externalId",
};

const EXPECTED_TEXT: Record<string, string> = {
  formula: "contains a formula; paste the values only (Paste Special → Values)",
  date: "contains a date; expected text",
  boolean: "contains TRUE/FALSE; expected text",
  error: "contains an error value",
  unsupported: "contains a value that is not text",
};

/** Whether every cell of a row is empty (such rows are not part of the import). */
export function isBlankRow(values: unknown[]): boolean {
  return values.every((v) => cellText(v).kind === "empty");
}

export function parseRow(
  number: number,
  values: unknown[],
  header: HeaderMap,
  lookup: NameLookup,
): ParsedRow {
  const problems: RowMessage[] = [];
  const problemFields = new Set<string>();
  const problem = (column: ColumnSpec, code: string, detail: string) => {
    problems.push({ code, detail, column: column.header });
    problemFields.add(FIELD_OF[column.key]);
  };
  const cells = new Map<ColumnKey, CellText>();
  const text = (key: ColumnKey): string | null => {
    const column = COLUMNS.find((c) => c.key === key) as ColumnSpec;
    const at = header.index[key];
    const cell = at === undefined ? EMPTY : cellText(values[at]);
    cells.set(key, cell);
    if (cell.kind === "problem") {
      problem(column, `import.cell_${cell.problem}`, `${column.header} ${EXPECTED_TEXT[cell.problem]}`);
      return null;
    }
    return cell.kind === "text" ? cell.text.trim() || null : null;
  };

  const fields: UserFields = {
    firstName: text("firstName") ?? undefined,
    lastName: text("lastName") ?? undefined,
    email: text("email"),
    userName: text("userName"),
    phone: text("phone"),
    language: text("language") ?? undefined,
    externalId: text("externalId"),
  };
  const byName = (key: ColumnKey, map: Map<string, string>, label: string, many: boolean) => {
    const column = COLUMNS.find((c) => c.key === key) as ColumnSpec;
    // Each item may have been copied from the template's lists, protective apostrophe included.
    const names = (text(key) ?? "")
      .split(MULTI_VALUE_SEPARATOR)
      .map((n) => unescapeText(n.trim()))
      .filter(Boolean);
    if (!many && names.length > 1) {
      problem(
        column,
        "import.one_job_profile",
        `A user has exactly one ${label}; "${names.join(MULTI_VALUE_SEPARATOR)}" names ${names.length}`,
      );
    }
    const ids: string[] = [];
    for (const name of names) {
      const id = map.get(nameKey(name));
      if (id) ids.push(id);
      else problem(column, "import.unknown_name", `No ${label} named "${name}" in this organisation`);
    }
    return ids;
  };
  fields.jobProfileId = byName("jobProfile", lookup.jobProfiles, "job profile", false)[0];
  fields.departmentIds = byName("departments", lookup.departments, "department", true);
  fields.permissionTypeIds = byName("permissionTypes", lookup.permissionTypes, "permission type", true);

  const oneTimePassword = text("oneTimePassword");
  if (oneTimePassword !== null) {
    try {
      checkOneTimePasswordPolicy(oneTimePassword);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const column = COLUMNS.find((c) => c.key === "oneTimePassword") as ColumnSpec;
      problem(column, error.code, `One-time password: ${error.detail}`);
    }
  }
  const cellValues = header.headers.map((_h, i) => shownValue(cellText(values[i])));
  if (header.index.oneTimePassword !== undefined && oneTimePassword !== null) {
    cellValues[header.index.oneTimePassword] = "(set)";
  }
  const lower = (value: string | null | undefined) => value?.replace(/\s+/g, " ").toLowerCase() ?? null;
  return {
    number,
    fields,
    oneTimePassword,
    problems,
    problemFields,
    keys: {
      email: lower(fields.email),
      userName: lower(fields.userName),
      externalId: fields.externalId?.replace(/\s+/g, " ") ?? null,
    },
    phoneWasNumber:
      cells.get("phone")?.kind === "text" && (cells.get("phone") as { fromNumber: boolean }).fromNumber,
    cellValues,
  };
}

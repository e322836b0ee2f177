/**
 * The spreadsheet's columns, in template order. `header` is what the template writes (a `*`
 * marks required columns); `aliases` are other headings an uploaded file may use for the same
 * column, compared after `headerKey` folds case, spacing and punctuation.
 */
export type ColumnKey =
  | "firstName"
  | "lastName"
  | "email"
  | "userName"
  | "phone"
  | "language"
  | "jobProfile"
  | "departments"
  | "permissionTypes"
  | "oneTimePassword"
  | "externalId";

export interface ColumnSpec {
  key: ColumnKey;
  header: string;
  required: boolean;
  aliases: string[];
  width: number;
  description: string;
}

export const MULTI_VALUE_SEPARATOR = ";";

export const COLUMNS: readonly ColumnSpec[] = [
  {
    key: "firstName",
    header: "First name",
    required: true,
    aliases: ["given name", "firstname"],
    width: 18,
    description: "Required.",
  },
  {
    key: "lastName",
    header: "Last name",
    required: true,
    aliases: ["surname", "family name", "lastname"],
    width: 18,
    description: "Required.",
  },
  {
    key: "email",
    header: "Email",
    required: false,
    aliases: ["e-mail", "email address"],
    width: 30,
    description: "An email, or a username together with a phone number, is required. Used to log in.",
  },
  {
    key: "userName",
    header: "Username",
    required: false,
    aliases: ["user name", "login"],
    width: 18,
    description:
      "Letters, digits and . _ @ + - without spaces. Users can log in with their email or their username.",
  },
  {
    key: "phone",
    header: "Phone",
    required: false,
    aliases: ["phone number", "mobile"],
    width: 18,
    description:
      "International format, e.g. +45 20 12 34 56. Required with a username when there is no email.",
  },
  {
    key: "language",
    header: "Language",
    required: true,
    aliases: [],
    width: 10,
    description: "One of the organisation's languages (see the drop-down), e.g. en.",
  },
  {
    key: "jobProfile",
    header: "Job profile",
    required: true,
    aliases: [],
    width: 22,
    description: "Exactly one job profile (see the drop-down).",
  },
  {
    key: "departments",
    header: "Departments",
    required: true,
    aliases: ["department"],
    width: 26,
    description: "One or more departments, separated by ; (e.g. Sales; Support).",
  },
  {
    key: "permissionTypes",
    header: "Permission types",
    required: true,
    aliases: ["permission type"],
    width: 22,
    description: "One or more permission types, separated by ;.",
  },
  {
    key: "oneTimePassword",
    header: "One-time password",
    required: false,
    aliases: ["one time password", "otp"],
    width: 20,
    description:
      "Optional. The person logs in with it once and must then choose a password; without it the organisation's activation settings apply.",
  },
  {
    key: "externalId",
    header: "External id",
    required: false,
    aliases: ["externalid", "employee id"],
    width: 18,
    description:
      "Optional. Your own id for the person (e.g. from HR); an existing user with the same id is skipped.",
  },
];

/** The heading the template writes: required columns end in " *". */
export function templateHeader(column: ColumnSpec): string {
  return column.required ? `${column.header} *` : column.header;
}

/** Case, spacing, `*`, "(required)" and punctuation do not make a different column. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(required\)|\*/g, "")
    .replace(/[\s_\-.:]+/g, "");
}

const BY_KEY = new Map<string, ColumnSpec>();
for (const column of COLUMNS) {
  for (const name of [column.header, ...column.aliases]) BY_KEY.set(headerKey(name), column);
}

export function columnForHeader(text: string): ColumnSpec | undefined {
  return BY_KEY.get(headerKey(text));
}

/** Excel's column letters, for messages that point at a cell. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

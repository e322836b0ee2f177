/**
 * What an administrator reads when a form is refused. The console shares the JSON admin API's
 * schemas and services (one validation path), but their messages are written for API clients:
 * `parseInput` prefixes the field's internal name ("firstName: Invalid input: expected string,
 * received undefined") and some services name the JSON field ("…(selectableDepartmentIds)").
 * This turns such a refusal into the field's human message in the page's language; a service's
 * own sentence that is already written for people passes through unchanged. The JSON API's
 * problem+json details are left as they are.
 */
import type { ConsoleKey, ConsoleTranslate } from "./i18n";

/** Error codes whose detail names internals: the console's own sentence instead. */
const BY_CODE: Record<string, ConsoleKey> = {
  "signup.departments_required": "problem.signupDepartments",
  "activation.user_deactivated": "activation.refusedDeactivated",
};

/** zod's built-in messages (v4): an API client's text, never shown to an administrator as is. */
const RAW_ZOD = /^(Invalid input|Invalid option|Invalid |Too small|Too big|Expected |Required$|Unrecognized)/;

export interface RawProblem {
  code?: string;
  field?: string;
  detail: string;
}

export function humaneDetail(tr: ConsoleTranslate, problem: RawProblem): string {
  const key = problem.code ? BY_CODE[problem.code] : undefined;
  if (key) return tr(key);
  if (problem.code !== "request.invalid_field") return problem.detail;
  // "<path>: <message>" (src/http/validate.ts): the path is the form field's internal name.
  const message =
    problem.field && problem.detail.startsWith(`${problem.field}: `)
      ? problem.detail.slice(problem.field.length + 2)
      : problem.detail.replace(/^[\w.]+: /, "");
  if (!RAW_ZOD.test(message)) return message;
  if (/received (undefined|null)\b/.test(message) || /^Too small: expected string to have >=1 /.test(message))
    return tr("problem.required");
  if (/^Too big: expected string/.test(message)) return tr("problem.tooLong");
  return tr("problem.invalid");
}

/**
 * "This is not valid JSON: check line 1, column 2." from JSON.parse's error, whose wording
 * differs between engines and is English only: the position is taken from it (V8 gives a
 * character offset, sometimes with line and column) and counted in the pasted text.
 */
export function jsonProblem(tr: ConsoleTranslate, text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/Unexpected end of JSON input/i.test(message)) return tr("problem.jsonEnd");
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) return tr("problem.json", { line: Number(lineColumn[1]), column: Number(lineColumn[2]) });
  const position = /position (\d+)/i.exec(message);
  if (!position) return tr("problem.jsonPlain");
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return tr("problem.json", { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 });
}

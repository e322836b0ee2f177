import type { Request } from "express";
import type { AuditActor } from "../../../audit";
import type { Organisation } from "../../../directory";
import { AppError } from "../../../lib";
import { consoleActor } from "../../audit";
import { consoleTranslator, type ConsoleTranslate } from "../../i18n";
import { humaneDetail } from "../../messages";
import { html, type SafeHtml } from "../../../web";

/**
 * Form helpers for the console's settings sections (Communication, Sign-up, SSO, SCIM). The
 * forms post plain urlencoded bodies; these turn them into the JSON admin API's input shapes so
 * the same zod schemas and services decide what is valid (one validation path).
 */

/** Field name (as the JSON API names it, e.g. "linkLifetimeHours", "autoSend.scim") → message. */
export type FieldErrors = Record<string, string>;

export interface FormProblem {
  /** The first problem, for the summary at the top of the form. */
  message: string;
  fields: FieldErrors;
}

/**
 * A refusal the admin can fix (4xx with a safe detail), split per field; anything else (a 5xx,
 * a bug) is not a form problem and goes on to the error page.
 */
export function formProblem(
  error: unknown,
  tr: ConsoleTranslate = consoleTranslator("en"),
): FormProblem | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 404 || !error.expose)
    return undefined;
  // The field's human message (src/console/messages.ts), never the API's text with internal names.
  const humane = (detail: string, field?: string, code?: string) =>
    humaneDetail(tr, { code: code ?? error.code, field, detail });
  const fields: FieldErrors = {};
  const listed = error.extra?.errors;
  if (Array.isArray(listed)) {
    for (const entry of listed as Array<{ field?: string; code?: string; detail?: string }>) {
      const field = entry.field && fieldKey(entry.field);
      if (field && entry.detail && !fields[field])
        fields[field] = humane(entry.detail, entry.field, entry.code);
    }
  }
  const field = error.field && fieldKey(error.field);
  if (field && !fields[field]) fields[field] = humane(error.detail, error.field);
  return { message: humane(error.detail, error.field), fields };
}

/** "allowedEmailDomains.3" → "allowedEmailDomains": a list is one form control. */
const fieldKey = (field: string) => field.replace(/(\.\d+)+$/, "");

type Body = Record<string, unknown>;

export const bodyOf = (req: Request): Body => (req.body ?? {}) as Body;

/** A text field: trimmed; absent stays absent so the service keeps the current value. */
export function text(body: Body, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value.trim() : undefined;
}

/** A text field where blank means "none" (null). */
export function nullableText(body: Body, name: string): string | null | undefined {
  const value = text(body, name);
  return value === undefined ? undefined : value === "" ? null : value;
}

/** A checkbox: present ("on") is true, absent is false (HTML sends nothing for unchecked). */
export const checked = (body: Body, name: string): boolean => body[name] !== undefined;

/** A number field; a non-number stays a string so the schema reports it on the field. */
export function integer(body: Body, name: string): number | string | undefined {
  const value = text(body, name);
  if (value === undefined || value === "") return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** A textarea of one entry per line (commas also separate). */
export function lines(body: Body, name: string): string[] {
  const value = text(body, name) ?? "";
  return value
    .split(/[\r\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Several checkboxes or a multi-select with the same name. */
export function many(body: Body, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** `?done=saved` style flash keys; only known keys are echoed (no reflected text). */
export function doneKey<K extends string>(req: Request, known: readonly K[]): K | undefined {
  const done = req.query.done;
  return typeof done === "string" && (known as readonly string[]).includes(done) ? (done as K) : undefined;
}

/** "2026-11-26 20:31 UTC": unambiguous for admins in any timezone. */
export function when(date: Date | null | undefined): string {
  if (!date) return "—";
  return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function describedBy(name: string, hint?: string, error?: string) {
  const ids = [hint ? `${idOf(name)}-hint` : "", error ? `${idOf(name)}-error` : ""].filter(Boolean);
  return ids.length ? html` aria-describedby="${ids.join(" ")}"` : "";
}

function hintAndError(name: string, hint?: string, error?: string) {
  return html`${hint ? html`<p class="hint" id="${idOf(name)}-hint">${hint}</p>` : ""}${
    error ? html`<p class="field-error" id="${idOf(name)}-error">${error}</p>` : ""
  }`;
}

export interface InputOptions {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string;
  hint?: string;
  type?: "text" | "email" | "number" | "password" | "url" | "date";
  required?: boolean;
  autocomplete?: string;
  list?: string;
}

export function input(o: InputOptions): SafeHtml {
  const id = idOf(o.name);
  return html`<div class="field${o.error ? " invalid" : ""}">
    <label for="${id}">${o.label}</label>
    ${hintAndError(o.name, o.hint, o.error)}
    <input
      type="${o.type ?? "text"}"
      id="${id}"
      name="${o.name}"
      value="${o.value ?? ""}"
      ${o.required ? html` required` : ""}
      ${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}
      ${o.list ? html` list="${o.list}"` : ""}
      ${o.error ? html` aria-invalid="true"` : ""}${describedBy(o.name, o.hint, o.error)}
    />
  </div>`;
}

export function textarea(o: Omit<InputOptions, "type"> & { rows?: number; code?: boolean }): SafeHtml {
  const id = idOf(o.name);
  return html`<div class="field${o.error ? " invalid" : ""}">
    <label for="${id}">${o.label}</label>
    ${hintAndError(o.name, o.hint, o.error)}
    <textarea
      id="${id}"
      name="${o.name}"
      rows="${o.rows ?? 4}"
      ${o.code ? html` class="code" spellcheck="false"` : ""}
      ${o.error ? html` aria-invalid="true"` : ""}${describedBy(o.name, o.hint, o.error)}
    >
${o.value ?? ""}</textarea>
  </div>`;
}

export function checkbox(o: {
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
  value?: string;
}) {
  const id = idOf(o.value ? `${o.name}-${o.value}` : o.name);
  return html`<div class="check">
    <input
      type="checkbox"
      id="${id}"
      name="${o.name}"
      value="${o.value ?? "on"}"
      ${o.checked ? html` checked` : ""}${o.hint ? html` aria-describedby="${id}-hint"` : ""}
    />
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ""}
  </div>`;
}

export interface Option {
  value: string;
  label: string;
}

export function select(o: {
  name: string;
  label: string;
  options: Option[];
  value?: string | null;
  error?: string;
  hint?: string;
}): SafeHtml {
  const id = idOf(o.name);
  return html`<div class="field${o.error ? " invalid" : ""}">
    <label for="${id}">${o.label}</label>
    ${hintAndError(o.name, o.hint, o.error)}
    <select
      id="${id}"
      name="${o.name}"
      ${o.error ? html` aria-invalid="true"` : ""}${describedBy(o.name, o.hint, o.error)}
    >
      ${o.options.map(
        (opt) =>
          html`<option value="${opt.value}" ${opt.value === (o.value ?? "") ? html` selected` : ""}>
            ${opt.label}
          </option>`,
      )}
    </select>
  </div>`;
}

/** The error summary at the top of a refused form: focusable, each entry links to its field. */
export function problemSummary(problem: FormProblem | undefined, title: string): SafeHtml | string {
  if (!problem) return "";
  const entries = Object.entries(problem.fields);
  return html`<div class="alert error-summary" role="alert" tabindex="-1">
    <p><strong>${title}</strong> ${entries.length ? "" : problem.message}</p>
    ${
      entries.length
        ? html`<ul>
            ${entries.map(([field, message]) => html`<li><a href="#${idOf(field)}">${message}</a></li>`)}
          </ul>`
        : ""
    }
  </div>`;
}

/** The organisation the guard loaded (requireConsoleUser runs before every section route). */
export function orgOf(req: Request): Organisation {
  if (!req.org) throw new Error("requireConsoleUser must run before the console sections");
  return req.org;
}

/** Who did it, for the audit log: the console's one definition of the signed-in actor. */
export const actorOf = (req: Request): AuditActor => consoleActor(req);

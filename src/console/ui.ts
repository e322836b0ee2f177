/**
 * Small shared building blocks for console pages: form fields with inline errors, the error
 * summary (linked to the fields), status badges, tables, the pager, page headers. Additive only:
 * console-settings may add helpers below its marked block.
 */
import { AppError } from "../lib";
import { html, type SafeHtml } from "../web";
import { consoleTranslator, type ConsoleTranslate } from "./i18n";
import { humaneDetail } from "./messages";

/** Field name → messages. `_form` holds problems that belong to no single field. */
export type FieldProblems = Record<string, string[]>;

/**
 * The field problems of an AppError (a 4xx from a service or from `parseInput`): the first
 * problem's field and detail plus every entry of `extra.errors`. Anything else is rethrown, so a
 * 5xx still reaches the error page and the log.
 */
export function problemsOf(error: unknown, tr: ConsoleTranslate = consoleTranslator("en")): FieldProblems {
  if (!(error instanceof AppError) || error.status >= 500 || !error.expose) throw error;
  const problems: FieldProblems = {};
  // Each message as the field's human message (src/console/messages.ts), not the API's text.
  const add = (field: string | undefined, detail: string, code?: string) => {
    const key = field ? field.split(".")[0] || "_form" : "_form";
    const list = (problems[key] ??= []);
    const text = humaneDetail(tr, { code, field, detail });
    if (!list.includes(text)) list.push(text);
  };
  const extra = error.extra?.errors;
  if (Array.isArray(extra) && extra.length > 0) {
    for (const item of extra as Array<{
      field?: string;
      path?: string;
      code?: string;
      detail?: string;
      message?: string;
    }>) {
      add(item.field ?? item.path, item.detail ?? item.message ?? error.detail, item.code ?? error.code);
    }
  } else add(error.field, error.detail, error.code);
  return problems;
}

export const hasProblems = (problems: FieldProblems | undefined): boolean =>
  !!problems && Object.keys(problems).length > 0;

/** The id of a field's control, so the summary can link to it. */
export const fieldId = (name: string): string => `f-${name}`;

/** A field's inline error messages (or nothing). */
export function fieldErrors(problems: FieldProblems | undefined, name: string): SafeHtml {
  const list = problems?.[name];
  if (!list?.length) return html``;
  return html`<p class="field-error" id="${fieldId(name)}-error">${list.join(" ")}</p>`;
}

/**
 * The error summary at the top of a form: role=alert, focusable, each problem a link to its
 * field. `labels` names the fields (problems of unknown fields are shown without a link).
 */
export function errorSummary(
  t: ConsoleTranslate,
  problems: FieldProblems | undefined,
  labels: Record<string, string> = {},
): SafeHtml {
  if (!hasProblems(problems)) return html``;
  const entries = Object.entries(problems as FieldProblems);
  return html`<div
    class="alert error-summary"
    role="alert"
    tabindex="-1"
    aria-labelledby="error-summary-title"
  >
    <h2 id="error-summary-title">${t("errors.summaryTitle")}</h2>
    <ul>
      ${entries.map(([name, messages]) =>
        name !== "_form" && labels[name]
          ? html`<li><a href="#${fieldId(name)}">${labels[name]}: ${messages.join(" ")}</a></li>`
          : html`<li>${messages.join(" ")}</li>`,
      )}
    </ul>
  </div>`;
}

export interface TextFieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: "text" | "email" | "tel" | "search" | "password";
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  problems?: FieldProblems;
  maxlength?: number;
}

/** A labelled input with its hint and inline errors wired up through aria-describedby. */
export function textField(o: TextFieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const invalid = !!o.problems?.[o.name]?.length;
  const describedBy = [o.hint ? `${id}-hint` : "", invalid ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`<div class="field${invalid ? " invalid" : ""}">
    <label for="${id}"
      >${o.label}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : ""}</label
    >
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ""} ${fieldErrors(o.problems, o.name)}
    <input
      id="${id}"
      name="${o.name}"
      type="${o.type ?? "text"}"
      value="${o.value ?? ""}"
      ${o.required ? html`required aria-required="true"` : ""}
      ${o.maxlength ? html`maxlength="${o.maxlength}"` : ""}
      ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ""}
      ${invalid ? html`aria-invalid="true"` : ""}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ""}
    />
  </div>`;
}

export interface Choice {
  value: string;
  label: string;
}

export interface SelectFieldOptions {
  name: string;
  label: string;
  choices: Choice[];
  value?: string | string[] | null;
  /** A first, empty choice ("All", "Choose…"). */
  empty?: string;
  multiple?: boolean;
  required?: boolean;
  problems?: FieldProblems;
  hint?: string;
}

export function selectField(o: SelectFieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const invalid = !!o.problems?.[o.name]?.length;
  const selected = new Set(Array.isArray(o.value) ? o.value : o.value ? [o.value] : []);
  const describedBy = [o.hint ? `${id}-hint` : "", invalid ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`<div class="field${invalid ? " invalid" : ""}">
    <label for="${id}"
      >${o.label}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : ""}</label
    >
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ""} ${fieldErrors(o.problems, o.name)}
    <select
      id="${id}"
      name="${o.name}"
      ${o.multiple ? html`multiple size="${Math.min(6, Math.max(3, o.choices.length))}"` : ""}
      ${o.required ? html`required aria-required="true"` : ""}
      ${invalid ? html`aria-invalid="true"` : ""}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ""}
    >
      ${o.empty !== undefined ? html`<option value="">${o.empty}</option>` : ""}
      ${o.choices.map(
        (c) =>
          html`<option value="${c.value}" ${selected.has(c.value) ? html`selected` : ""}>${c.label}</option>`,
      )}
    </select>
  </div>`;
}

/** A group of checkboxes in a fieldset (multi-choice that works well with a keyboard). */
export function checkboxGroup(o: {
  name: string;
  legend: string;
  choices: Choice[];
  values: string[];
  required?: boolean;
  problems?: FieldProblems;
}): SafeHtml {
  const id = fieldId(o.name);
  const invalid = !!o.problems?.[o.name]?.length;
  const selected = new Set(o.values);
  return html`<fieldset
    class="field checks${invalid ? " invalid" : ""}"
    id="${id}"
    tabindex="-1"
    ${invalid ? html`aria-describedby="${id}-error"` : ""}
  >
    <legend>${o.legend}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : ""}</legend>
    ${fieldErrors(o.problems, o.name)}
    <div class="check-list">
      ${o.choices.map(
        (c, i) =>
          html`<label class="check" for="${id}-${i}"
            ><input
              type="checkbox"
              id="${id}-${i}"
              name="${o.name}"
              value="${c.value}"
              ${selected.has(c.value) ? html`checked` : ""}
            />
            ${c.label}</label
          >`,
      )}
    </div>
  </fieldset>`;
}

export type BadgeTone = "ok" | "warn" | "muted" | "danger" | "info";

export function badge(text: string, tone: BadgeTone = "muted"): SafeHtml {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

/** The page header: title, optional lead text and actions on the right. */
export function pageHeader(title: string, options: { lead?: string; actions?: SafeHtml } = {}): SafeHtml {
  return html`<div class="page-head">
    <div>
      <h1>${title}</h1>
      ${options.lead ? html`<p class="lead">${options.lead}</p>` : ""}
    </div>
    ${options.actions ? html`<div class="page-actions">${options.actions}</div>` : ""}
  </div>`;
}

/** A data table with a caption (visually hidden unless told) and column headers. */
export function table(o: {
  caption: string;
  showCaption?: boolean;
  head: Array<string | SafeHtml>;
  rows: SafeHtml[];
  empty: string;
}): SafeHtml {
  if (o.rows.length === 0) return html`<p class="empty">${o.empty}</p>`;
  // A wide table scrolls inside this box (phones): focusable and named, so a keyboard can scroll it.
  return html`<div class="table-wrap" role="region" aria-label="${o.caption}" tabindex="0">
    <table class="data">
      <caption class="${o.showCaption ? "" : "visually-hidden"}">
        ${o.caption}
      </caption>
      <thead>
        <tr>
          ${o.head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${o.rows}
      </tbody>
    </table>
  </div>`;
}

/**
 * Previous/next links and "1–50 of 1,234" for a database-paged list. `hrefFor(page)` keeps the
 * list's filters.
 */
export function pager(
  t: ConsoleTranslate,
  o: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string },
): SafeHtml {
  const last = Math.max(1, Math.ceil(o.total / o.pageSize));
  const from = o.total === 0 ? 0 : (o.page - 1) * o.pageSize + 1;
  const to = Math.min(o.total, o.page * o.pageSize);
  return html`<nav class="pager" aria-label="${t("pager.label")}">
    <p>${t("pager.summary", { from, to, total: o.total })}</p>
    <ul>
      <li>
        ${
          o.page > 1
            ? html`<a href="${o.hrefFor(o.page - 1)}" rel="prev">${t("pager.previous")}</a>`
            : html`<span aria-disabled="true">${t("pager.previous")}</span>`
        }
      </li>
      <li>
        ${
          o.page < last
            ? html`<a href="${o.hrefFor(o.page + 1)}" rel="next">${t("pager.next")}</a>`
            : html`<span aria-disabled="true">${t("pager.next")}</span>`
        }
      </li>
    </ul>
  </nav>`;
}

/** `path?query` from the values that are set (for filter-keeping links). */
export function hrefWith(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A first string value of a form or query field (express gives string | string[] | undefined). */
export function str(value: unknown): string | undefined {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === "string" ? value : undefined;
}

/** Every string value of a repeated form field. */
export function strs(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** A date and time for a table cell, in the page's language, UTC (the server does not know the admin's zone). */
export function when(date: Date | string | null | undefined, language: string): string {
  if (!date) return "";
  const d = typeof date === "string" ? new Date(date) : date;
  return `${new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d)} UTC`;
}

// ---- console-settings helpers (owned by console-settings; additive) ----
// ---- end console-settings helpers ----

import { html, type SafeHtml } from "../html";

/**
 * Form fields with everything a screen reader needs: a real <label>, the hint and the error
 * tied to the control with aria-describedby, aria-invalid on a refused value. The error sits
 * between the label and the control, where it is seen (and read) before the value.
 */
interface FieldBase {
  id: string;
  /** Defaults to the id. */
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

export interface TextField extends FieldBase {
  type?: "text" | "email" | "tel";
  value?: string;
  autocomplete?: string;
  inputmode?: "text" | "email" | "tel";
  spellcheck?: boolean;
  maxlength?: number;
}

export interface SelectField extends FieldBase {
  options: Array<{ value: string; label: string; lang?: string }>;
  value?: string;
  /** A first, empty option such as "Choose your department". */
  placeholder?: string;
}

function describedBy(f: FieldBase): string | undefined {
  const ids = [f.hint ? `${f.id}-hint` : "", f.error ? `${f.id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function head(f: FieldBase, errorPrefix: string): SafeHtml {
  return html`<label for="${f.id}">${f.label}</label>
    ${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : ""}
    ${
      f.error
        ? html`<p class="field-error" id="${f.id}-error">
            <span class="visually-hidden">${errorPrefix}:</span> ${f.error}
          </p>`
        : ""
    }`;
}

const attr = (name: string, value: string | number | undefined) =>
  value === undefined || value === "" ? "" : html` ${name}="${value}"`;

/** Attributes shared by inputs and selects: required, invalid, described by hint and error. */
function state(f: FieldBase) {
  return [
    f.required ? attr("required", "required") : "",
    f.required ? attr("aria-required", "true") : "",
    f.error ? attr("aria-invalid", "true") : "",
    attr("aria-describedby", describedBy(f)),
  ];
}

export function textField(f: TextField, errorPrefix: string): SafeHtml {
  const extra = [
    attr("autocomplete", f.autocomplete),
    attr("inputmode", f.inputmode),
    attr("maxlength", f.maxlength),
    f.spellcheck === false ? [attr("spellcheck", "false"), attr("autocapitalize", "none")] : "",
    ...state(f),
  ];
  return html`<div class="field${f.error ? " invalid" : ""}">
    ${head(f, errorPrefix)}
    <input
      type="${f.type ?? "text"}"
      id="${f.id}"
      name="${f.name ?? f.id}"
      value="${f.value ?? ""}"
      ${extra}
    />
  </div>`;
}

export function selectField(f: SelectField, errorPrefix: string): SafeHtml {
  // prettier-ignore
  const options = f.options.map((o) => html`<option value="${o.value}"${attr("lang", o.lang)}${o.value === f.value ? attr("selected", "selected") : ""}>${o.label}</option>`);
  return html`<div class="field${f.error ? " invalid" : ""}">
    ${head(f, errorPrefix)}
    <select id="${f.id}" name="${f.name ?? f.id}" ${state(f)}>
      ${f.placeholder !== undefined ? html`<option value="">${f.placeholder}</option>` : ""} ${options}
    </select>
  </div>`;
}

/**
 * The list at the top of a refused form: one link per problem, to its field. It takes the focus
 * when the page loads (autofocus, no script), so keyboard and screen-reader users start there.
 */
export function errorSummary(m: { title: string; problems: Array<{ id: string; message: string }> }) {
  if (!m.problems.length) return "";
  return html`<div
    class="alert error-summary"
    role="alert"
    aria-labelledby="error-summary-title"
    tabindex="-1"
    autofocus
  >
    <h2 id="error-summary-title">${m.title}</h2>
    <ul>
      ${m.problems.map((p) => html`<li><a href="#${p.id}">${p.message}</a></li>`)}
    </ul>
  </div>`;
}

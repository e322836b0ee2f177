import { invalid } from "../lib";

export const MESSAGE_PURPOSES = [
  "activation",
  "password_reset",
  "one_time_password",
  "signup_attempt",
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** The four parts of a message; email uses subject, html and text, SMS the sms text. */
export interface Template {
  subject: string;
  html: string;
  text: string;
  sms: string;
}
export const TEMPLATE_PARTS = ["subject", "html", "text", "sms"] as const;

export type Placeholder = "firstName" | "lastName" | "organisation" | "link" | "password";
export type Values = Partial<Record<Placeholder, string>>;

const COMMON: Placeholder[] = ["firstName", "lastName", "organisation", "link"];
/** Which placeholders a purpose offers, and which a body must contain to be of any use. */
const ALLOWED: Record<MessagePurpose, Placeholder[]> = {
  activation: COMMON,
  password_reset: COMMON,
  one_time_password: [...COMMON, "password"],
  signup_attempt: COMMON,
};
const REQUIRED: Record<MessagePurpose, Placeholder> = {
  activation: "link",
  password_reset: "link",
  one_time_password: "password",
  signup_attempt: "link",
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

function fill(template: string, values: Values, encode: (value: string) => string): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name as Placeholder];
    return value === undefined ? "" : encode(value);
  });
}

/**
 * Renders a template. Values are data, never markup: in the HTML body every value is escaped
 * (a first name of `<script>` arrives as text); the subject is one line.
 */
export function renderTemplate(template: Template, values: Values): Template {
  const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ");
  return {
    subject: oneLine(fill(template.subject, values, oneLine)).trim(),
    html: fill(template.html, values, escapeHtml),
    text: fill(template.text, values, (v) => v),
    sms: fill(template.sms, values, (v) => v),
  };
}

/** An organisation's template is checked before it is stored: known placeholders, the essential one present. */
export function checkTemplate(purpose: MessagePurpose, template: Template): void {
  for (const part of TEMPLATE_PARTS) {
    for (const match of template[part].matchAll(PLACEHOLDER)) {
      const name = match[1] as Placeholder;
      if (!ALLOWED[purpose].includes(name)) {
        throw invalid(
          "activation.unknown_placeholder",
          `{{${name}}} is not a placeholder of ${purpose} messages (use ${ALLOWED[purpose].map((p) => `{{${p}}}`).join(", ")})`,
          part,
        );
      }
    }
    const required = REQUIRED[purpose];
    const present = [...template[part].matchAll(PLACEHOLDER)].some((m) => m[1] === required);
    if (part !== "subject" && !present) {
      throw invalid("activation.placeholder_missing", `The ${part} body must contain {{${required}}}`, part);
    }
  }
}

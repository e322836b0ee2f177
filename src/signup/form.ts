import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import { normalizeEmail, normalizeUserName } from "../directory";

/** What the sign-up form posts, as text (a value is kept on the form when it is shown again). */
export interface SignupForm {
  firstName: string;
  lastName: string;
  /** "email", or "username" (a username and a mobile number). */
  method: "email" | "username";
  email: string;
  userName: string;
  phone: string;
  language: string;
  departmentId: string;
  /** The honeypot: hidden from people, filled in by naive bots. */
  website: string;
}

export const SIGNUP_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "userName",
  "phone",
  "language",
  "departmentId",
] as const;
export type SignupField = (typeof SIGNUP_FIELDS)[number];

/** Why a field was refused; the page turns each into a message in the person's language. */
export type SignupProblem =
  "required" | "tooLong" | "invalid" | "domainNotAllowed" | "notMobile" | "notOffered";
export type SignupErrors = Partial<Record<SignupField, SignupProblem>>;

/** The choices the form offers this organisation. */
export interface FormChoices {
  languages: string[];
  /** Username + mobile number is offered only where SMS can deliver the activation. */
  usernameAllowed: boolean;
  /** Null when the organisation does not let people choose. */
  departmentIds: string[] | null;
  allowedEmailDomains: string[];
}

export interface CheckedSignup {
  firstName: string;
  lastName: string;
  email: string | null;
  userName: string | null;
  phone: string | null;
  language: string;
  departmentId: string | null;
}

const text = (value: unknown, max: number) =>
  typeof value === "string" ? value.trim().replace(/\s+/g, " ").slice(0, max) : "";

export function readForm(body: unknown): SignupForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    firstName: text(b.firstName, 200),
    lastName: text(b.lastName, 200),
    method: b.method === "username" ? "username" : "email",
    email: text(b.email, 400),
    userName: text(b.userName, 200),
    phone: text(b.phone, 40),
    language: text(b.language, 35),
    departmentId: text(b.departmentId, 36),
    website: text(b.website, 200),
  };
}

const MOBILE_TYPES = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

/**
 * A mobile number in E.164. Premium-rate, shared-cost and other non-mobile numbers are refused:
 * they are what SMS pumping sends activation texts to.
 */
function mobileNumber(value: string): { phone?: string; problem?: SignupProblem } {
  try {
    const parsed = parsePhoneNumberWithError(value);
    if (!parsed.isValid()) return { problem: "invalid" };
    return MOBILE_TYPES.has(parsed.getType() ?? "") ? { phone: parsed.number } : { problem: "notMobile" };
  } catch {
    return { problem: "invalid" };
  }
}

function valid<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** The email as it will be stored, when it is one; used before the rest is checked (SSO). */
export const emailOf = (form: SignupForm): string | undefined =>
  form.method === "email" && form.email ? valid(() => normalizeEmail(form.email).email) : undefined;

/** Every problem at once, so each field shows its own message; nothing is written here. */
export function checkForm(
  form: SignupForm,
  choices: FormChoices,
): { errors: SignupErrors; input?: CheckedSignup } {
  const errors: SignupErrors = {};
  const name = (field: "firstName" | "lastName") => {
    if (!form[field]) errors[field] = "required";
    else if (form[field].length > 100) errors[field] = "tooLong";
  };
  name("firstName");
  name("lastName");
  const method = choices.usernameAllowed ? form.method : "email";
  let email: string | null = null;
  let userName: string | null = null;
  let phone: string | null = null;
  if (method === "email") {
    email = emailOf({ ...form, method }) ?? null;
    const domain = email?.split("@").pop()?.toLowerCase() ?? "";
    if (!form.email) errors.email = "required";
    else if (!email) errors.email = "invalid";
    else if (choices.allowedEmailDomains.length && !choices.allowedEmailDomains.includes(domain))
      errors.email = "domainNotAllowed";
  } else {
    userName = form.userName ? (valid(() => normalizeUserName(form.userName).userName) ?? null) : null;
    if (!form.userName) errors.userName = "required";
    else if (!userName) errors.userName = "invalid";
    const mobile = form.phone ? mobileNumber(form.phone) : { problem: "required" as const };
    phone = mobile.phone ?? null;
    if (mobile.problem) errors.phone = mobile.problem;
  }
  if (!choices.languages.includes(form.language)) errors.language = form.language ? "notOffered" : "required";
  if (choices.departmentIds) {
    if (!form.departmentId) errors.departmentId = "required";
    else if (!choices.departmentIds.includes(form.departmentId)) errors.departmentId = "notOffered";
  }
  if (Object.keys(errors).length) return { errors };
  const { firstName, lastName, language } = form;
  const departmentId = choices.departmentIds ? form.departmentId : null;
  return { errors, input: { firstName, lastName, email, userName, phone, language, departmentId } };
}

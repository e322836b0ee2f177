import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import { invalid } from "../lib";

/** Trimmed, inner whitespace folded; undefined/blank → null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().replace(/\s+/g, " ");
  return text === "" ? null : text;
}

/** The unique key of a name (departments, job profiles, …): case and spacing do not make a new one. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

// Deliberately permissive (RFC 5321 local parts are wild) but one @, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(value: string): { email: string; key: string } {
  const email = value.trim();
  if (email.length > 320 || !EMAIL.test(email)) {
    throw invalid("directory.email_invalid", `"${email}" is not a valid email address`, "email");
  }
  // The whole address is compared case-insensitively; most providers treat local parts that way.
  return { email, key: email.toLowerCase() };
}

const USERNAME = /^[\p{L}\p{N}._@+-]{1,100}$/u;

export function normalizeUserName(value: string): { userName: string; key: string } {
  const userName = value.trim();
  if (!USERNAME.test(userName)) {
    throw invalid(
      "directory.username_invalid",
      "A username is 1–100 letters, digits or . _ @ + - with no spaces",
      "userName",
    );
  }
  return { userName, key: userName.toLowerCase() };
}

/** Parses any common way of writing a phone number into E.164 using a real numbering plan. */
export function normalizePhone(value: string): string {
  try {
    const phone = parsePhoneNumberWithError(value.trim());
    if (!phone.isValid()) throw new Error("invalid for its region");
    return phone.number;
  } catch {
    throw invalid(
      "directory.phone_invalid",
      `"${value}" is not a valid phone number; use international format, e.g. +45 20 12 34 56`,
      "phone",
    );
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeSlug(value: string): string {
  const slug = value.trim().toLowerCase();
  if (!SLUG.test(slug)) {
    throw invalid(
      "directory.slug_invalid",
      "A slug is 1–63 lowercase letters, digits and inner hyphens (it appears in URLs)",
      "slug",
    );
  }
  return slug;
}

// BCP 47 language tags as used for UI languages: "en", "da", "en-GB", "pt-BR", "zh-Hant".
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

export function normalizeLanguage(value: string, field = "language"): string {
  const trimmed = value.trim().replace(/_/g, "-");
  const [lang, ...rest] = trimmed.split("-");
  const tag = [
    (lang ?? "").toLowerCase(),
    ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p[0]?.toUpperCase() + p.slice(1).toLowerCase())),
  ].join("-");
  if (!LANGUAGE.test(tag)) {
    throw invalid(
      "directory.language_invalid",
      `"${value}" is not a language tag such as "en" or "da"`,
      field,
    );
  }
  return tag;
}

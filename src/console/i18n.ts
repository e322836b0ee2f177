/**
 * The console's message catalogs (en complete; da may be partial and falls back to English key by
 * key). `t(req)` gives the translator for the page's language (chosen like the employee pages:
 * ?lang=, the admin's own language, the cookie, the browser — each only if the organisation
 * offers it). `{name}` placeholders are filled from the second argument.
 *
 * The messages themselves live in src/console/i18n/ (one file per part of the console, English and
 * Danish side by side) and src/console/sections/i18n-settings.ts (console-settings); add a key to
 * the file of its section. The spreads below keep the catalog's key order.
 */
import type { Request } from "express";
import { pageLanguage } from "../web";
import { AUDIT_DA, AUDIT_EN } from "./i18n/audit";
import { CATALOG_DA, CATALOG_EN } from "./i18n/catalog";
import { COMMON_DA, COMMON_EN } from "./i18n/common";
import { POLISH_DA, POLISH_EN } from "./i18n/polish";
import { SHELL_DA, SHELL_EN } from "./i18n/shell";
import { USERS_DA, USERS_EN } from "./i18n/users";
import { SETTINGS_DA, SETTINGS_EN } from "./sections/i18n-settings";

const en = {
  // ---- console-core keys (owned by console-core) ----
  ...SHELL_EN,
  ...COMMON_EN,
  ...USERS_EN,
  ...CATALOG_EN,
  ...AUDIT_EN,
  // ---- console-polish keys (a first real user's findings) ----
  ...POLISH_EN,
  // ---- end console-polish keys ----
  // ---- end console-core keys ----
  // ---- console-settings keys (owned by console-settings) ----
  ...SETTINGS_EN,
  // ---- end console-settings keys ----
};

export type ConsoleKey = keyof typeof en;
type Catalog = Partial<Record<ConsoleKey, string>>;

const da: Catalog = {
  // ---- console-core keys (owned by console-core) ----
  ...SHELL_DA,
  ...COMMON_DA,
  ...USERS_DA,
  ...CATALOG_DA,
  ...AUDIT_DA,
  // ---- console-polish keys (a first real user's findings) ----
  ...POLISH_DA,
  // ---- end console-polish keys ----
  // ---- end console-core keys ----
  // ---- console-settings keys (owned by console-settings) ----
  ...SETTINGS_DA,
  // ---- end console-settings keys ----
};

const CATALOGS: Record<string, Catalog> = { en, da };

export type ConsoleTranslate = (key: ConsoleKey, vars?: Record<string, string | number>) => string;

export function consoleTranslator(language: string): ConsoleTranslate {
  const catalog = CATALOGS[language] ?? CATALOGS[language.split("-")[0] ?? "en"] ?? en;
  return (key, vars) => {
    const text = catalog[key] ?? en[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };
}

/** The console page's language (see the header). */
export function consoleLanguage(req: Request): string {
  return pageLanguage(req, req.org, req.consoleUser?.language);
}

/** The translator for this request's page. */
export function t(req: Request): ConsoleTranslate {
  return consoleTranslator(consoleLanguage(req));
}

/**
 * A count with its noun: "1 user", "2 users" / "1 bruger", "2 brugere". English and Danish both
 * use the `.one` form for exactly one whole thing and the `.other` form for every other count.
 */
export function countOf(
  tr: ConsoleTranslate,
  key: "users.count" | "catalog.inUse",
  count: number,
  vars: Record<string, string | number> = {},
): string {
  return tr(`${key}.${count === 1 ? "one" : "other"}`, { ...vars, total: count, count });
}

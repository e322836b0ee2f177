import type { Request, Response } from "express";
import type { Organisation } from "../directory";
import type { SafeHtml } from "./html";
import { PAGE_LANGUAGES, pickLanguage, translator, type Translate } from "./i18n";
import { languageName } from "./languages";
import { layout, type LanguageLink } from "./layout";

export const LANG_COOKIE = "admit_lang";
const TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/** `?lang=da` from the language switch, when it looks like a language tag. */
function chosenLanguage(req: Request): string | undefined {
  const lang = req.query.lang;
  return typeof lang === "string" && TAG.test(lang) ? lang : undefined;
}

const sameBase = (a: string, b: string) => a === b || a.split("-")[0] === b.split("-")[0];

/**
 * The page language: one just chosen with the switch (?lang=), the signed-in user's, a chosen
 * one (cookie), the browser's, then the organisation's — each only if the organisation offers it.
 */
export function pageLanguage(req: Request, org: Organisation | undefined, userLanguage?: string): string {
  const offered = org?.languages;
  const acceptable = (lang: string | undefined) =>
    lang && (!offered || offered.some((o) => sameBase(o, lang))) ? lang : undefined;
  const accepted = req.acceptsLanguages().filter((l) => l !== "*");
  const cookie = /(?:^|;\s*)admit_lang=([A-Za-z-]{2,12})/.exec(req.headers.cookie ?? "")?.[1];
  return pickLanguage(
    [
      acceptable(chosenLanguage(req)),
      acceptable(userLanguage),
      acceptable(cookie),
      ...accepted.map(acceptable),
    ],
    org?.defaultLanguage.split("-")[0] ?? "en",
  );
}

/**
 * The languages a visitor can switch between: the organisation's that the pages speak. Each link
 * is only a query (`?lang=da`), so the page's own path (it may hold a link token) and query are
 * never echoed into the page; a post-login `next` inside the organisation is kept.
 */
function languageLinks(req: Request, org: Organisation | undefined, current: string): LanguageLink[] {
  const tags = PAGE_LANGUAGES.filter((tag) => !org || org.languages.some((o) => sameBase(o, tag)));
  if (tags.length < 2) return [];
  const next = req.query.next;
  const keep: Record<string, string> =
    org && typeof next === "string" && next.startsWith(`/o/${org.slug}/`) && !/\/\/|\\/.test(next)
      ? { next }
      : {};
  return tags.map((tag) => ({
    tag,
    label: languageName(tag),
    href: `?${new URLSearchParams({ ...keep, lang: tag }).toString()}`,
    current: sameBase(tag, current),
  }));
}

export interface PageParts {
  title: string;
  body: SafeHtml;
  language: string;
  t: Translate;
  org?: Organisation;
  wide?: boolean;
  /** No language switch: the page cannot be reloaded with `?lang=` (its URL is a protocol request). */
  fixedLanguage?: boolean;
}

/** The whole document of a page, for a response written by someone else (oidc-provider's). */
export function pageHtml(req: Request, page: PageParts): string {
  return layout({
    title: page.title,
    language: page.language,
    t: page.t,
    orgName: page.org?.name,
    homeHref: page.org ? `/o/${page.org.slug}/login` : "/",
    wide: page.wide,
    languages: page.fixedLanguage ? [] : languageLinks(req, page.org, page.language),
    body: page.body,
  });
}

export function sendPage(res: Response, status: number, page: PageParts): void {
  const req = res.req;
  // A language chosen with the switch is remembered for the next pages (a year, this site only).
  const chosen = chosenLanguage(req);
  if (chosen && sameBase(chosen, page.language) && !res.headersSent) {
    res.cookie(LANG_COOKIE, page.language, {
      httpOnly: true,
      sameSite: "lax",
      secure: req.secure,
      path: "/",
      maxAge: 365 * 24 * 3_600_000,
    });
  }
  res.status(status).type("html").setHeader("Cache-Control", "no-store").send(pageHtml(req, page));
}

export function pageKit(req: Request, org: Organisation | undefined, userLanguage?: string) {
  const language = pageLanguage(req, org, userLanguage);
  return { language, t: translator(language) };
}

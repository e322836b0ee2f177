import type { Request, Response } from "express";
import type { Organisation } from "../directory";
import type { SafeHtml } from "./html";
import { pickLanguage, translator, type Translate } from "./i18n";
import { layout } from "./layout";

export const LANG_COOKIE = "admit_lang";

/** The page language: the signed-in user's, a chosen one, the browser's, then the organisation's. */
export function pageLanguage(req: Request, org: Organisation | undefined, userLanguage?: string): string {
  const offered = org?.languages;
  const acceptable = (lang: string | undefined) =>
    lang && (!offered || offered.some((o) => o === lang || o.split("-")[0] === lang.split("-")[0]))
      ? lang
      : undefined;
  const accepted = req.acceptsLanguages().filter((l) => l !== "*");
  const cookie = /(?:^|;\s*)admit_lang=([A-Za-z-]{2,12})/.exec(req.headers.cookie ?? "")?.[1];
  return pickLanguage(
    [acceptable(userLanguage), acceptable(cookie), ...accepted.map(acceptable)],
    org?.defaultLanguage.split("-")[0] ?? "en",
  );
}

export function sendPage(
  res: Response,
  status: number,
  page: { title: string; body: SafeHtml; language: string; t: Translate; org?: Organisation; wide?: boolean },
): void {
  res
    .status(status)
    .type("html")
    .setHeader("Cache-Control", "no-store")
    .send(
      layout({
        title: page.title,
        language: page.language,
        t: page.t,
        orgName: page.org?.name,
        homeHref: page.org ? `/o/${page.org.slug}/login` : "/",
        wide: page.wide,
        body: page.body,
      }),
    );
}

export function pageKit(req: Request, org: Organisation | undefined, userLanguage?: string) {
  const language = pageLanguage(req, org, userLanguage);
  return { language, t: translator(language) };
}

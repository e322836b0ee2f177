import { html, type SafeHtml } from "./html";
import type { Translate } from "./i18n";

export interface LanguageLink {
  tag: string;
  label: string;
  href: string;
  current: boolean;
}

export interface LayoutOptions {
  title: string;
  language: string;
  t: Translate;
  orgName?: string;
  homeHref?: string;
  wide?: boolean;
  /** The language switch; shown when there are two or more. */
  languages?: LanguageLink[];
  body: SafeHtml;
}

/** Links, not a form: they work without JavaScript, and each is announced in its own language. */
function languageSwitch(t: Translate, links: LanguageLink[] | undefined) {
  if (!links || links.length < 2) return "";
  return html`<nav class="langs" aria-label="${t("common.languages")}">
    <ul>
      ${links.map(
        (l) =>
          html`<li>
            <a
              href="${l.href}"
              hreflang="${l.tag}"
              lang="${l.tag}"
              ${l.current ? html` aria-current="true"` : ""}
              >${l.label}</a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
}

/** The one shared page layout: skip link, landmark regions, the organisation's name and mark. */
export function layout(options: LayoutOptions): string {
  const { title, language, t, orgName, body } = options;
  const brand = orgName ?? "Admit";
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>${title}${orgName ? ` · ${orgName}` : ""}</title>
        <link rel="stylesheet" href="/assets/admit.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t("common.skip")}</a>
        <header class="top">
          <a class="brand" href="${options.homeHref ?? "/"}"
            ><span class="mark" aria-hidden="true">${[...brand][0]?.toUpperCase() ?? "A"}</span
            ><span>${brand}</span></a
          >
          ${languageSwitch(t, options.languages)}
        </header>
        <main id="main" tabindex="-1" class="${options.wide ? "wide" : ""}">${body}</main>
        <footer><p>Admit</p></footer>
      </body>
    </html>`.toString();
}

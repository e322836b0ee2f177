import { html, type SafeHtml } from "./html";
import type { Translate } from "./i18n";

export interface LayoutOptions {
  title: string;
  language: string;
  t: Translate;
  orgName?: string;
  homeHref?: string;
  wide?: boolean;
  body: SafeHtml;
}

/** The one shared page layout: skip link, landmark regions, the organisation's name. */
export function layout(options: LayoutOptions): string {
  const { title, language, t, orgName, body } = options;
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}${orgName ? ` · ${orgName}` : ""}</title>
        <link rel="stylesheet" href="/assets/admit.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t("common.skip")}</a>
        <header class="top">
          <a class="brand" href="${options.homeHref ?? "/"}">${orgName ?? "Admit"}</a>
        </header>
        <main id="main" class="${options.wide ? "wide" : ""}">${body}</main>
        <footer>Admit</footer>
      </body>
    </html>`.toString();
}

import type { Request, Response } from "express";
import { readCookie } from "../auth";
import { html, type SafeHtml } from "../web";
import { consoleLanguage, consoleTranslator, type ConsoleKey } from "./i18n";

export type ConsoleSection =
  | "users"
  | "departments"
  | "job-profiles"
  | "permission-types"
  | "communication"
  | "signup"
  | "sso"
  | "scim"
  | "audit"
  /** Platform operators only (operator.ts). */
  | "organisations";

/** The navigation, in two groups; every entry is a plain link. */
const NAV: Array<{ group: ConsoleKey; sections: ConsoleSection[] }> = [
  { group: "nav.groupDirectory", sections: ["users", "departments", "job-profiles", "permission-types"] },
  { group: "nav.groupOrganisation", sections: ["communication", "signup", "sso", "scim", "audit"] },
];

export interface ConsolePageOptions {
  title: string;
  section: ConsoleSection;
  body: SafeHtml;
  status?: number;
  flash?: { kind: "ok" | "error"; text: string };
  /** Reload the page every so many seconds (a running job's progress, without JavaScript). */
  refreshSeconds?: number;
}

const FLASH_COOKIE = "admit_console_flash";
type Flash = { kind: "ok" | "error"; text: string };

/**
 * A message for the next console page (post → redirect → get): a short-lived cookie on the
 * console's path, read and cleared by the next `consolePage`. Escaped like all text when shown.
 */
export function setFlash(req: Request, res: Response, flash: Flash): void {
  res.cookie(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString("base64url"), {
    httpOnly: true,
    sameSite: "lax",
    secure: req.secure,
    path: consoleBase(req),
    maxAge: 60_000,
  });
}

/** The flash a POST left for this page, if any (cleared as it is read). */
function takeFlash(req: Request, res: Response): Flash | undefined {
  const raw = readCookie(req, FLASH_COOKIE);
  if (!raw) return undefined;
  res.clearCookie(FLASH_COOKIE, { path: consoleBase(req) });
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Flash>;
    if ((value.kind === "ok" || value.kind === "error") && typeof value.text === "string")
      return { kind: value.kind, text: value.text.slice(0, 500) };
  } catch {
    // A damaged cookie is ignored.
  }
  return undefined;
}

/** The hidden CSRF input every console form carries (the guard checks it on every POST). */
export function csrfField(req: Request): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${req.consoleCsrf ?? ""}" />`;
}

/**
 * This page in another language: the list's filters and page stay; a one-off `done` flash and a
 * `_csrf` (the import form's action URL) are never copied into a link.
 */
function languageHref(req: Request, tag: string): string {
  const query = new URLSearchParams(req.originalUrl.split("?")[1] ?? "");
  query.delete("_csrf");
  query.delete("done");
  query.set("lang", tag);
  return `${req.originalUrl.split("?")[0] ?? ""}?${query.toString()}`;
}

/** `/o/{org}/admin` for this request's organisation. */
export function consoleBase(req: Request): string {
  return `/o/${req.org?.slug ?? ""}/admin`;
}

/**
 * Sends a full console page: skip link, banner (organisation, signed-in admin, sign-out form),
 * the section navigation (aria-current on the open section), the page header and a flash
 * message (role=status, or role=alert for errors). No inline script or style (the CSP).
 * The navigation is a <details> "Menu": a phone shows only the toggle (and the open section's
 * name) until it is opened, without JavaScript; a wide screen shows the sections and hides the
 * toggle (src/web/assets.ts, console-polish block).
 */
export function consolePage(req: Request, res: Response, options: ConsolePageOptions): void {
  const language = consoleLanguage(req);
  const t = consoleTranslator(language);
  const org = req.org;
  const user = req.consoleUser;
  const base = consoleBase(req);
  const flash = options.flash ?? takeFlash(req, res);
  const languages = (org?.languages ?? []).map((l) => l.split("-")[0] as string);
  const switchable = ["en", "da"].filter((l) => languages.includes(l));
  const page = html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="referrer" content="same-origin" />
        ${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}" />` : ""}
        <title>${options.title} · ${t("console.title")} · ${org?.name ?? "Admit"}</title>
        <link rel="stylesheet" href="/assets/admit.css" />
      </head>
      <body class="console">
        <a class="skip" href="#main">${t("console.title")}: ${options.title}</a>
        <header class="console-top">
          <a class="brand" href="${base}/users"
            ><span class="mark" aria-hidden="true">${[...(org?.name ?? "A")][0]?.toUpperCase()}</span
            ><span>${org?.name ?? "Admit"}</span><span class="console-tag">${t("console.title")}</span></a
          >
          <div class="console-account">
            ${
              switchable.length > 1
                ? html`<nav class="langs" aria-label="${t("console.languages")}">
                    <ul>
                      ${switchable.map(
                        (tag) =>
                          html`<li>
                            <a
                              href="${languageHref(req, tag)}"
                              hreflang="${tag}"
                              lang="${tag}"
                              ${tag === language ? html`aria-current="true"` : ""}
                              >${tag === "da" ? "Dansk" : "English"}</a
                            >
                          </li>`,
                      )}
                    </ul>
                  </nav>`
                : ""
            }
            <span class="who"
              ><span class="visually-hidden">${t("console.signedInAs")} </span
              ><a href="/o/${org?.slug ?? ""}/account"
                >${user ? `${user.firstName} ${user.lastName}` : ""}</a
              ></span
            >
            <form method="post" action="/o/${org?.slug ?? ""}/logout" class="inline">
              ${csrfField(req)}
              <button type="submit" class="link">${t("console.signOut")}</button>
            </form>
          </div>
        </header>
        <div class="console-frame">
          <nav class="console-nav" aria-label="${t("console.navLabel")}">
            <details class="console-menu">
              <summary>
                <span class="menu-icon" aria-hidden="true"></span>${t("nav.menu")}<span class="menu-current"
                  ><span aria-hidden="true"> · </span
                  ><span class="visually-hidden">, </span>${t(`nav.${options.section}` as ConsoleKey)}</span
                >
              </summary>
              ${(req.consoleOperator
                ? [
                    ...NAV,
                    {
                      group: "nav.groupPlatform" as ConsoleKey,
                      sections: ["organisations" as ConsoleSection],
                    },
                  ]
                : NAV
              ).map(
                (group) =>
                  html`<h2>${t(group.group)}</h2>
                    <ul>
                      ${group.sections.map(
                        (s) =>
                          html`<li>
                            <a href="${base}/${s}" ${s === options.section ? html`aria-current="page"` : ""}
                              >${t(`nav.${s}` as ConsoleKey)}</a
                            >
                          </li>`,
                      )}
                    </ul>`,
              )}
            </details>
          </nav>
          <main id="main" tabindex="-1" class="console-main">
            ${
              flash
                ? html`<div
                    class="flash flash-${flash.kind}"
                    role="${flash.kind === "error" ? "alert" : "status"}"
                  >
                    ${flash.text}
                  </div>`
                : ""
            }
            ${options.body}
          </main>
        </div>
      </body>
    </html>`;
  res
    .status(options.status ?? 200)
    .type("html")
    .setHeader("Cache-Control", "no-store")
    .send(page.toString());
}

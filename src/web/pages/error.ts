import { html } from "../html";
import type { Translate } from "../i18n";

/** Friendly error pages: what happened in plain words, a way on, and a reference for a 5xx. */
export function errorPage(m: {
  t: Translate;
  message: string;
  requestId?: string;
  loginHref?: string;
  /** Defaults to "Something went wrong". */
  title?: string;
}) {
  return html`<div class="card">
    <h1>${m.title ?? m.t("error.title")}</h1>
    <p>${m.message}</p>
    ${m.requestId ? html`<p class="hint">${m.t("error.reference")}: <code>${m.requestId}</code></p>` : ""}
    ${m.loginHref ? html`<p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>` : ""}
  </div>`;
}

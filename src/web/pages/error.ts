import { html } from "../html";
import type { Translate } from "../i18n";

export function errorPage(m: { t: Translate; message: string; requestId?: string }) {
  return html`<div class="card">
    <h1>${m.t("error.title")}</h1>
    <p>${m.message}</p>
    ${m.requestId ? html`<p class="hint">${m.t("error.reference")}: <code>${m.requestId}</code></p>` : ""}
  </div>`;
}

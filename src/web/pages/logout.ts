import { html, type SafeHtml } from "../html";
import type { Translate } from "../i18n";

/**
 * "Sign out?" at the end of an application's logout (OpenID Connect RP-Initiated Logout 1.0 §2:
 * the OP asks whether to end its own session too). `form` is oidc-provider's empty form with its
 * anti-forgery value; the buttons submit it, "yes" with `logout=yes`.
 */
export function logoutConfirmPage(m: { t: Translate; form: SafeHtml; formId: string }) {
  const { t } = m;
  return html`<div class="card">
    <h1>${t("logout.title")}</h1>
    <p>${t("logout.intro")}</p>
    ${m.form}
    <button type="submit" form="${m.formId}" name="logout" value="yes" autofocus>${t("logout.yes")}</button>
    <button type="submit" form="${m.formId}" class="secondary">${t("logout.no")}</button>
  </div>`;
}

/** After a logout that names no (registered) place to go back to. */
export function loggedOutPage(m: { t: Translate; loginHref?: string }) {
  const { t } = m;
  return html`<div class="card">
    <h1>${t("logout.doneTitle")}</h1>
    <p>${t("logout.done")}</p>
    ${m.loginHref ? html`<p><a href="${m.loginHref}">${t("link.backToLogin")}</a></p>` : ""}
  </div>`;
}

import { html } from "../html";
import type { Translate } from "../i18n";

export interface NewPasswordModel {
  t: Translate;
  action: string;
  csrf: string;
  error?: string;
  /** Defaults: the forced change after a one-time password. */
  title?: string;
  intro?: string;
  submit?: string;
  /** The login the person will use (shown on activation, so they know it). */
  account?: string;
  /** Where to go after the change (already checked to be a page of the organisation). */
  next?: string;
}

export function newPasswordPage(m: NewPasswordModel) {
  const { t } = m;
  return html`<div class="card">
    <h1>${m.title ?? t("password.title")}</h1>
    <p>${m.intro ?? t("password.intro")}</p>
    ${m.account ? html`<p class="hint">${t("activate.signInAs")} <strong>${m.account}</strong></p>` : ""}
    ${m.error ? html`<div class="alert" role="alert" id="password-error">${m.error}</div>` : ""}
    <form method="post" action="${m.action}" novalidate>
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      ${m.next ? html`<input type="hidden" name="next" value="${m.next}" />` : ""}
      <label for="password">${t("password.new")}</label>
      <p class="hint" id="password-hint">${t("password.hint")}</p>
      <input
        type="password"
        id="password"
        name="password"
        autocomplete="new-password"
        required
        minlength="12"
        aria-describedby="password-hint${m.error ? " password-error" : ""}"
      />
      <label for="confirm">${t("password.confirm")}</label>
      <input
        type="password"
        id="confirm"
        name="confirm"
        autocomplete="new-password"
        required
        minlength="12"
      />
      <button type="submit">${m.submit ?? t("password.submit")}</button>
    </form>
  </div>`;
}

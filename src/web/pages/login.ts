import { html } from "../html";
import type { Translate } from "../i18n";

export interface LoginPageModel {
  action: string;
  csrf: string;
  identifier?: string;
  error?: string;
  next?: string;
  /** "Forgot your password?" */
  forgotHref?: string;
  t: Translate;
}

export function loginPage(m: LoginPageModel) {
  return html`<div class="card">
    <h1>${m.t("login.title")}</h1>
    ${m.error ? html`<div class="alert" role="alert" id="login-error">${m.error}</div>` : ""}
    <form method="post" action="${m.action}" novalidate>
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      ${m.next ? html`<input type="hidden" name="next" value="${m.next}" />` : ""}
      <label for="identifier">${m.t("login.identifier")}</label>
      <input
        type="text"
        id="identifier"
        name="identifier"
        autocomplete="username"
        autocapitalize="none"
        spellcheck="false"
        required
        value="${m.identifier ?? ""}"
        ${m.error ? html`aria-describedby="login-error"` : ""}
      />
      <label for="password">${m.t("login.password")}</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required />
      <button type="submit">${m.t("login.submit")}</button>
    </form>
    ${m.forgotHref ? html`<p><a href="${m.forgotHref}">${m.t("login.forgot")}</a></p>` : ""}
  </div>`;
}

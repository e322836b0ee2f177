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
  /** "Don't have an account? Create one now!" when the organisation has sign-up on. */
  signupHref?: string;
  /** SSO connections of the organisation (src/web/sso-login.ts). */
  sso?: SsoLoginModel;
  t: Translate;
}

export interface SsoLoginModel {
  buttons: Array<{ name: string; href: string }>;
  /** Set when some connection owns email domains: the email-first form posts here. */
  discoverAction?: string;
}

/** "Sign in with …" links and the email-first form: plain links and a plain form, no JavaScript. */
function ssoSection(m: LoginPageModel) {
  if (!m.sso) return "";
  const { buttons, discoverAction } = m.sso;
  return html`<ul class="sso-options">
      ${buttons.map(
        (b) =>
          html`<li><a class="button secondary" href="${b.href}">${m.t("login.ssoWith")} ${b.name}</a></li>`,
      )}
    </ul>
    ${
      discoverAction
        ? html`<form method="post" action="${discoverAction}" novalidate>
            <input type="hidden" name="_csrf" value="${m.csrf}" />
            ${m.next ? html`<input type="hidden" name="next" value="${m.next}" />` : ""}
            <label for="sso-email">${m.t("login.ssoEmail")}</label>
            <input
              type="email"
              id="sso-email"
              name="email"
              autocomplete="email"
              autocapitalize="none"
              required
            />
            <button type="submit" class="secondary">${m.t("login.ssoContinue")}</button>
          </form>`
        : ""
    }
    <p class="hint">${m.t("login.ssoOr")}</p>`;
}

export function loginPage(m: LoginPageModel) {
  return html`<div class="card">
    <h1>${m.t("login.title")}</h1>
    ${m.error ? html`<div class="alert" role="alert" id="login-error">${m.error}</div>` : ""} ${ssoSection(m)}
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
    ${
      m.signupHref
        ? html`<p class="switch">
            ${m.t("signup.prompt")} <a href="${m.signupHref}">${m.t("signup.link")}</a>
          </p>`
        : ""
    }
  </div>`;
}

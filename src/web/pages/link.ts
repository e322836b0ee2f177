import { html } from "../html";
import type { Translate } from "../i18n";

interface RequestForm {
  t: Translate;
  action: string;
  csrf: string;
  submit: string;
  loginHref: string;
}

/** Email or username → "send me a link": the same form for a dead link and a forgotten password. */
function requestLinkForm(m: RequestForm) {
  return html`<form method="post" action="${m.action}" novalidate>
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <label for="identifier">${m.t("link.identifier")}</label>
      <input
        type="text"
        id="identifier"
        name="identifier"
        autocomplete="username"
        autocapitalize="none"
        spellcheck="false"
        required
      />
      <button type="submit">${m.submit}</button>
    </form>
    <p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>`;
}

/** Unknown, used, replaced and expired links all get this page: it tells them apart for no one. */
export function linkInvalidPage(m: Omit<RequestForm, "submit">) {
  return html`<div class="card">
    <h1>${m.t("link.invalidTitle")}</h1>
    <p>${m.t("link.invalidBody")}</p>
    ${requestLinkForm({ ...m, submit: m.t("link.send") })}
  </div>`;
}

export function forgotPage(m: Omit<RequestForm, "submit">) {
  return html`<div class="card">
    <h1>${m.t("forgot.title")}</h1>
    <p>${m.t("forgot.intro")}</p>
    ${requestLinkForm({ ...m, submit: m.t("forgot.submit") })}
  </div>`;
}

/** The one answer to a link request, whether or not an account matched. */
export function linkSentPage(m: { t: Translate; loginHref: string }) {
  return html`<div class="card">
    <h1>${m.t("link.sentTitle")}</h1>
    <p>${m.t("link.sentBody")}</p>
    <p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>
  </div>`;
}

export function messagePage(m: { t: Translate; title: string; message: string; loginHref: string }) {
  return html`<div class="card">
    <h1>${m.title}</h1>
    <div class="alert" role="alert">${m.message}</div>
    <p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>
  </div>`;
}

import type { UserView } from "../../directory";
import { html } from "../html";
import type { Translate } from "../i18n";

export function accountPage(
  user: UserView,
  m: { t: Translate; logoutAction: string; csrf: string; consoleHref?: string },
) {
  const { t } = m;
  const names = (refs: { name: string }[]) => refs.map((r) => r.name).join(", ");
  return html`<div class="card">
    <h1>${t("account.title")}</h1>
    <dl class="facts">
      <dt>${t("account.name")}</dt>
      <dd>${user.firstName} ${user.lastName}</dd>
      ${
        user.email
          ? html`<dt>${t("account.email")}</dt>
              <dd>${user.email}</dd>`
          : ""
      }
      ${
        user.userName
          ? html`<dt>${t("account.username")}</dt>
              <dd>${user.userName}</dd>`
          : ""
      }
      ${
        user.phone
          ? html`<dt>${t("account.phone")}</dt>
              <dd>${user.phone}</dd>`
          : ""
      }
      <dt>${t("account.departments")}</dt>
      <dd>${names(user.departments)}</dd>
      <dt>${t("account.jobProfile")}</dt>
      <dd>${user.jobProfile.name}</dd>
      <dt>${t("account.permissionTypes")}</dt>
      <dd>${names(user.permissionTypes)}</dd>
    </dl>
    ${m.consoleHref ? html`<a class="button" href="${m.consoleHref}">${t("account.console")}</a>` : ""}
    <form method="post" action="${m.logoutAction}">
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <button type="submit" class="secondary">${t("account.logout")}</button>
    </form>
  </div>`;
}

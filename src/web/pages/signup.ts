import type { SignupErrors, SignupField, SignupForm, SignupProblem } from "../../signup";
import { html } from "../html";
import type { MessageKey, Translate } from "../i18n";
import { errorSummary, selectField, textField } from "./fields";

export interface SignupPageModel {
  t: Translate;
  action: string;
  csrf: string;
  loginHref: string;
  /** What was typed, kept when the form comes back with errors. */
  form: Partial<SignupForm>;
  errors: SignupErrors;
  languages: Array<{ value: string; label: string }>;
  usernameAllowed: boolean;
  departments: Array<{ id: string; name: string }> | null;
  allowedEmailDomains: string[];
}

const MESSAGES: Record<SignupField, Partial<Record<SignupProblem, MessageKey>>> = {
  firstName: { required: "signup.error.firstName.required", tooLong: "signup.error.firstName.tooLong" },
  lastName: { required: "signup.error.lastName.required", tooLong: "signup.error.lastName.tooLong" },
  email: {
    required: "signup.error.email.required",
    invalid: "signup.error.email.invalid",
    domainNotAllowed: "signup.error.email.domainNotAllowed",
  },
  userName: { required: "signup.error.userName.required", invalid: "signup.error.userName.invalid" },
  phone: {
    required: "signup.error.phone.required",
    invalid: "signup.error.phone.invalid",
    notMobile: "signup.error.phone.notMobile",
  },
  language: { required: "signup.error.language", notOffered: "signup.error.language" },
  departmentId: {
    required: "signup.error.departmentId.required",
    notOffered: "signup.error.departmentId.notOffered",
  },
};

/** The message for one refused field, in the page's language. */
export function fieldMessage(
  m: Pick<SignupPageModel, "t" | "allowedEmailDomains">,
  field: SignupField,
  problem: SignupProblem,
) {
  const key = MESSAGES[field][problem] ?? MESSAGES[field].required ?? "signup.error.language";
  const text = m.t(key);
  return problem === "domainNotAllowed"
    ? `${text} ${m.allowedEmailDomains.map((d) => `@${d}`).join(", ")}`
    : text;
}

/** Self sign-up (PRODUCT.md §4). Works without JavaScript; the stylesheet shows the chosen sign-in method's fields. */
export function signupPage(m: SignupPageModel) {
  const { t, form } = m;
  const message = (field: SignupField) => {
    const problem = m.errors[field];
    return problem ? fieldMessage(m, field, problem) : undefined;
  };
  const order: SignupField[] = [
    "firstName",
    "lastName",
    "email",
    "userName",
    "phone",
    "language",
    "departmentId",
  ];
  const problems = order.flatMap((id) => (m.errors[id] ? [{ id, message: message(id) as string }] : []));
  const method = m.usernameAllowed && form.method === "username" ? "username" : "email";
  const err = t("common.error");
  return html`<div class="card">
    <h1>${t("signup.title")}</h1>
    <p class="lead">${t("signup.intro")}</p>
    ${errorSummary({ title: t("signup.problem"), problems })}
    <form method="post" action="${m.action}" class="signup" novalidate>
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <div class="row">
        ${textField({ id: "firstName", label: t("signup.firstName"), value: form.firstName, autocomplete: "given-name", maxlength: 100, required: true, error: message("firstName") }, err)}
        ${textField({ id: "lastName", label: t("signup.lastName"), value: form.lastName, autocomplete: "family-name", maxlength: 100, required: true, error: message("lastName") }, err)}
      </div>
      ${
        m.usernameAllowed
          ? html`<fieldset class="choice">
              <legend>${t("signup.method")}</legend>
              <div class="radio">
                <input
                  type="radio"
                  id="method-email"
                  name="method"
                  value="email"
                  ${method === "email" ? html` checked` : ""}
                />
                <label for="method-email">${t("signup.method.email")}</label>
              </div>
              <div class="radio">
                <input
                  type="radio"
                  id="method-username"
                  name="method"
                  value="username"
                  ${method === "username" ? html` checked` : ""}
                />
                <label for="method-username">${t("signup.method.username")}</label>
              </div>
            </fieldset>`
          : ""
      }
      <div class="when-email">
        ${textField({ id: "email", type: "email", label: t("signup.email"), hint: t("signup.email.hint"), value: form.email, autocomplete: "email", inputmode: "email", spellcheck: false, required: true, error: message("email") }, err)}
      </div>
      ${
        m.usernameAllowed
          ? html`<div class="when-username">
              ${textField({ id: "userName", label: t("signup.userName"), hint: t("signup.userName.hint"), value: form.userName, autocomplete: "username", spellcheck: false, maxlength: 100, required: true, error: message("userName") }, err)}
              ${textField({ id: "phone", type: "tel", label: t("signup.phone"), hint: t("signup.phone.hint"), value: form.phone, autocomplete: "tel", inputmode: "tel", required: true, error: message("phone") }, err)}
            </div>`
          : ""
      }
      ${selectField({ id: "language", label: t("signup.language"), options: m.languages, value: form.language, required: true, error: message("language") }, err)}
      ${
        m.departments
          ? selectField(
              {
                id: "departmentId",
                label: t("signup.department"),
                placeholder: t("signup.department.choose"),
                options: m.departments.map((d) => ({ value: d.id, label: d.name })),
                value: form.departmentId,
                required: true,
                error: message("departmentId"),
              },
              err,
            )
          : ""
      }
      <div class="hp">
        <label for="website">${t("signup.honeypot")}</label>
        <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      <button type="submit">${t("signup.submit")}</button>
    </form>
    <p class="switch">${t("signup.haveAccount")} <a href="${m.loginHref}">${t("signup.signIn")}</a></p>
  </div>`;
}

/** The one answer to an accepted sign-up: new account, existing account or bot alike. */
export function signupSentPage(m: { t: Translate; loginHref: string; manual: boolean }) {
  return html`<div class="card">
    <h1>${m.t("signup.sent.title")}</h1>
    <p>${m.manual ? m.t("signup.sent.manual") : m.t("signup.sent.body")}</p>
    <p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>
  </div>`;
}

/** An email domain that signs in with SSO: no account to create here. */
export function signupSsoPage(m: { t: Translate; name: string; href: string; loginHref: string }) {
  return html`<div class="card">
    <h1>${m.t("signup.sso.title")}</h1>
    <p>${m.t("signup.sso.body")}</p>
    <a class="button" href="${m.href}">${m.t("signup.sso.continue")} ${m.name}</a>
    <p><a href="${m.loginHref}">${m.t("link.backToLogin")}</a></p>
  </div>`;
}

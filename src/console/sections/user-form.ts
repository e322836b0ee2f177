import type { Request } from "express";
import type { Department, JobProfile, PermissionType, UserView } from "../../directory";
import { html, languageName, type SafeHtml } from "../../web";

import type { ConsoleTranslate } from "../i18n";
import { csrfField } from "../shell";
import { checkboxGroup, errorSummary, selectField, str, strs, textField, type FieldProblems } from "../ui";

export interface UserFormValues {
  firstName: string;
  lastName: string;
  email: string;
  userName: string;
  phone: string;
  language: string;
  jobProfileId: string;
  departmentIds: string[];
  permissionTypeIds: string[];
  externalId: string;
}

export interface Catalogues {
  departments: Department[];
  jobProfiles: JobProfile[];
  permissionTypes: PermissionType[];
}

/** What the admin typed, as text (re-shown as typed when the form comes back with errors). */
export function formValues(body: Record<string, unknown>): UserFormValues {
  const text = (name: string) => (str(body[name]) ?? "").slice(0, 400);
  return {
    firstName: text("firstName"),
    lastName: text("lastName"),
    email: text("email"),
    userName: text("userName"),
    phone: text("phone"),
    language: text("language"),
    jobProfileId: text("jobProfileId"),
    departmentIds: strs(body.departmentIds).slice(0, 100),
    permissionTypeIds: strs(body.permissionTypeIds).slice(0, 100),
    externalId: text("externalId"),
  };
}

/** The values as the admin API's user input (an empty optional field clears it). */
export function asUserInput(v: UserFormValues) {
  const orNull = (s: string) => (s.trim() === "" ? null : s);
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    email: orNull(v.email),
    userName: orNull(v.userName),
    phone: orNull(v.phone),
    language: v.language,
    jobProfileId: v.jobProfileId,
    departmentIds: v.departmentIds,
    permissionTypeIds: v.permissionTypeIds,
    externalId: orNull(v.externalId),
  };
}

export function valuesOf(user: UserView): UserFormValues {
  return {
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email ?? "",
    userName: user.userName ?? "",
    phone: user.phone ?? "",
    language: user.language,
    jobProfileId: user.jobProfile.id,
    departmentIds: user.departments.map((d) => d.id),
    permissionTypeIds: user.permissionTypes.map((p) => p.id),
    externalId: user.externalId ?? "",
  };
}

export const fieldLabels = (t: ConsoleTranslate): Record<string, string> => ({
  firstName: t("users.firstName"),
  lastName: t("users.lastName"),
  email: t("users.email"),
  userName: t("users.userName"),
  phone: t("users.phone"),
  language: t("users.language"),
  jobProfileId: t("users.jobProfile"),
  departmentIds: t("users.departments"),
  permissionTypeIds: t("users.permissionTypes"),
  externalId: t("users.externalId"),
});

/**
 * The create/edit form. The rules themselves (required fields, email or username + phone, valid
 * catalogue ids) live in directory.users; the form only shows their problems next to the fields.
 */
export function userForm(
  req: Request,
  t: ConsoleTranslate,
  o: {
    action: string;
    values: UserFormValues;
    catalogues: Catalogues;
    problems?: FieldProblems;
    submit: string;
  },
): SafeHtml {
  const { values: v, catalogues: c, problems } = o;
  const languages = req.org?.languages ?? ["en"];
  return html`${errorSummary(t, problems, fieldLabels(t))}
    <form method="post" action="${o.action}" class="panel user-form" novalidate>
      ${csrfField(req)}
      <div class="row">
        ${textField({ name: "firstName", label: t("users.firstName"), value: v.firstName, required: true, problems, autocomplete: "off" })}
        ${textField({ name: "lastName", label: t("users.lastName"), value: v.lastName, required: true, problems, autocomplete: "off" })}
      </div>
      <p class="hint">${t("users.emailOrUserName")}</p>
      <div class="row">
        ${textField({ name: "email", label: t("users.email"), value: v.email, type: "email", problems, autocomplete: "off" })}
        ${textField({ name: "userName", label: t("users.userName"), value: v.userName, problems, autocomplete: "off" })}
      </div>
      <div class="row">
        ${textField({ name: "phone", label: t("users.phone"), value: v.phone, type: "tel", problems, autocomplete: "off" })}
        ${selectField({
          name: "language",
          label: t("users.language"),
          value: v.language || req.org?.defaultLanguage,
          required: true,
          problems,
          // Each language by its own name, as the sign-up form shows it ("English", "Dansk").
          choices: languages.map((l) => ({ value: l, label: languageName(l) })),
        })}
      </div>
      ${selectField({
        name: "jobProfileId",
        label: t("users.jobProfile"),
        value: v.jobProfileId || req.org?.defaultJobProfileId,
        required: true,
        problems,
        choices: c.jobProfiles.map((j) => ({ value: j.id, label: j.name })),
      })}
      ${checkboxGroup({
        name: "departmentIds",
        legend: t("users.departments"),
        required: true,
        problems,
        values: v.departmentIds,
        choices: c.departments.map((d) => ({ value: d.id, label: d.name })),
      })}
      ${checkboxGroup({
        name: "permissionTypeIds",
        legend: t("users.permissionTypes"),
        required: true,
        problems,
        values: v.permissionTypeIds,
        choices: c.permissionTypes.map((p) => ({ value: p.id, label: p.name })),
      })}
      ${textField({ name: "externalId", label: `${t("users.externalId")} (${t("common.optional")})`, value: v.externalId, problems })}
      <div class="form-actions">
        <button type="submit">${o.submit}</button>
      </div>
    </form>`;
}

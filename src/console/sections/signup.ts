import { Router, type Request, type Response } from "express";
import { signupUpdate } from "../../admin";
import { parseInput } from "../../http";
import type { SignupSettings } from "../../signup";
import { html } from "../../web";
import type { ConsoleDeps } from "../deps";
import { t } from "../i18n";
import { consolePage, csrfField } from "../shell";
import { pageHeader } from "../ui";
import {
  actorOf,
  bodyOf,
  checkbox,
  doneKey,
  formProblem,
  lines,
  many,
  orgOf,
  problemSummary,
  select,
  text,
  textarea,
  when,
  type FormProblem,
} from "./settings/forms";

/**
 * Sign-up (PRODUCT.md §4): whether the login page offers "Create one now!", what a new account
 * gets, which departments people may pick and which email domains may sign up. Saved through
 * the same service and schema as `PUT /signup`.
 */
export function signupSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { signup, directory, audit } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/signup`;

  const page = async (req: Request, res: Response, shown: SignupSettings, problem?: FormProblem) => {
    const tr = t(req);
    const org = orgOf(req);
    const errors = problem?.fields ?? {};
    const [departments, jobProfiles, permissionTypes] = await Promise.all([
      directory.departments.list(org.id),
      directory.jobProfiles.list(org.id),
      directory.permissionTypes.list(org.id),
    ]);
    const effective = signup.settings.defaults(org, shown);
    const nameOf = (list: Array<{ id: string; name: string }>, id: string | null) =>
      list.find((e) => e.id === id)?.name ?? tr("common.none");
    const defaultSelect = (
      name: "defaultDepartmentId" | "defaultJobProfileId" | "defaultPermissionTypeId",
      label: string,
      list: Array<{ id: string; name: string }>,
      orgDefault: string | null,
    ) =>
      select({
        name,
        label,
        value: shown[name],
        error: errors[name],
        options: [
          { value: "", label: tr("signup.orgDefault", { name: nameOf(list, orgDefault) }) },
          ...list.map((e) => ({ value: e.id, label: e.name })),
        ],
      });
    const selectable = new Set(shown.selectableDepartmentIds);
    const body = html`${pageHeader(tr("signup.title"), { lead: tr("signup.intro") })}
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      <form method="post" action="${base(req)}" class="panel" novalidate>
        ${csrfField(req)}
        <fieldset class="group">
          <legend>${tr("signup.availability")}</legend>
          ${checkbox({
            name: "enabled",
            label: tr("signup.enabled"),
            checked: shown.enabled,
            hint: tr("signup.enabledHint"),
          })}
          <p class="hint">${tr("signup.publicUrl")} <code>${deps.publicUrl}/o/${org.slug}/signup</code></p>
        </fieldset>
        <fieldset class="group">
          <legend>${tr("signup.defaults")}</legend>
          <p class="hint">${tr("signup.defaultsHint")}</p>
          ${defaultSelect("defaultDepartmentId", tr("signup.defaultDepartment"), departments, org.defaultDepartmentId)}
          ${defaultSelect("defaultJobProfileId", tr("signup.defaultJobProfile"), jobProfiles, org.defaultJobProfileId)}
          ${defaultSelect(
            "defaultPermissionTypeId",
            tr("signup.defaultPermissionType"),
            permissionTypes,
            org.defaultPermissionTypeId,
          )}
          <p class="hint">
            ${tr("signup.effective", {
              department: nameOf(departments, effective.departmentId),
              jobProfile: nameOf(jobProfiles, effective.jobProfileId),
              permissionType: nameOf(permissionTypes, effective.permissionTypeId),
            })}
          </p>
        </fieldset>
        <fieldset class="group${errors.selectableDepartmentIds ? " invalid" : ""}">
          <legend>${tr("signup.departments")}</legend>
          ${checkbox({
            name: "userSelectsDepartment",
            label: tr("signup.userSelects"),
            checked: shown.userSelectsDepartment,
            hint: tr("signup.userSelectsHint"),
          })}
          ${
            errors.selectableDepartmentIds
              ? html`<p class="field-error" id="f-selectableDepartmentIds">
                  ${errors.selectableDepartmentIds}
                </p>`
              : ""
          }
          <div class="check-list">
            ${departments.map((d) =>
              checkbox({
                name: "selectableDepartmentIds",
                value: d.id,
                label: d.name,
                checked: selectable.has(d.id),
              }),
            )}
          </div>
        </fieldset>
        <fieldset class="group">
          <legend>${tr("signup.domains")}</legend>
          ${textarea({
            name: "allowedEmailDomains",
            label: tr("signup.domainsLabel"),
            value: shown.allowedEmailDomains.join("\n"),
            hint: tr("signup.domainsHint"),
            error: errors.allowedEmailDomains,
            rows: 4,
          })}
        </fieldset>
        <p class="hint">${tr("comm.updatedAt", { when: when(shown.updatedAt) })}</p>
        <div class="form-actions"><button type="submit">${tr("common.save")}</button></div>
      </form>`;
    consolePage(req, res, {
      title: tr("signup.title"),
      section: "signup",
      body,
      status: problem ? 422 : 200,
      flash: doneKey(req, ["saved"] as const) ? { kind: "ok", text: tr("signup.saved") } : undefined,
    });
  };

  router.get("/", async (req, res) => {
    await page(req, res, await signup.settings.get(orgOf(req).id));
  });

  router.post("/", async (req, res) => {
    const org = orgOf(req);
    const body = bodyOf(req);
    const orDefault = (name: string) => text(body, name) || null;
    const update = {
      enabled: body.enabled !== undefined,
      userSelectsDepartment: body.userSelectsDepartment !== undefined,
      selectableDepartmentIds: many(body, "selectableDepartmentIds"),
      allowedEmailDomains: lines(body, "allowedEmailDomains"),
      defaultDepartmentId: orDefault("defaultDepartmentId"),
      defaultJobProfileId: orDefault("defaultJobProfileId"),
      defaultPermissionTypeId: orDefault("defaultPermissionTypeId"),
    };
    try {
      const saved = await signup.settings.update(org.id, parseInput(signupUpdate, update));
      await audit.recordAfter(org.id, {
        actor: actorOf(req),
        action: "signup.update",
        target: { type: "organisation", id: org.id, label: org.name },
        summary: `sign-up ${saved.enabled ? "on" : "off"}; domains: ${saved.allowedEmailDomains.join(", ") || "any"}`,
      });
      res.redirect(303, `${base(req)}?done=saved`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      const current = await signup.settings.get(org.id);
      await page(req, res, { ...current, ...update }, problem);
    }
  });

  return router;
}

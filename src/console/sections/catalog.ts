import { Router, type Request, type Response } from "express";
import type { CatalogService, Department, JobProfile, PermissionType } from "../../directory";
import { AppError } from "../../lib";
import { html } from "../../web";
import { audited, auditedWrite } from "../audit";
import type { ConsoleDeps } from "../deps";
import { countOf, t as translate, type ConsoleKey, type ConsoleTranslate } from "../i18n";
import { consolePage, csrfField, setFlash } from "../shell";
import { confirmed } from "../confirm";
import {
  badge,
  errorSummary,
  hrefWith,
  pageHeader,
  pager,
  problemsOf,
  selectField,
  str,
  table,
  textField,
  type FieldProblems,
} from "../ui";

type Entry = Department | JobProfile | PermissionType;
export type CatalogPath = "departments" | "job-profiles" | "permission-types";

const TARGET: Record<CatalogPath, string> = {
  departments: "department",
  "job-profiles": "job_profile",
  "permission-types": "permission_type",
};

/**
 * Departments, job profiles and permission types: list (paged), add, rename, delete — through
 * directory.departments / jobProfiles / permissionTypes, exactly as src/admin/catalog-routes.ts.
 * A refused delete (in use, the default, has sub-departments) shows the service's reason.
 */
export function catalogSection(deps: ConsoleDeps, path: CatalogPath): Router {
  const router = Router({ mergeParams: true });
  const service = (
    path === "departments"
      ? deps.directory.departments
      : path === "job-profiles"
        ? deps.directory.jobProfiles
        : deps.directory.permissionTypes
  ) as CatalogService<Entry>;
  const isPermission = path === "permission-types";
  const defaultId = (req: Request) =>
    path === "departments"
      ? req.org?.defaultDepartmentId
      : path === "job-profiles"
        ? req.org?.defaultJobProfileId
        : req.org?.defaultPermissionTypeId;
  const base = (req: Request) => `/o/${req.org?.slug ?? ""}/admin/${path}`;

  const listPage = async (
    req: Request,
    res: Response,
    form: {
      name?: string;
      problems?: FieldProblems;
      status?: number;
      flash?: { kind: "error"; text: string };
    } = {},
  ) => {
    const t = translate(req);
    const org = req.org as NonNullable<Request["org"]>;
    const pageNo = Math.min(1_000_000, Math.max(1, Number(str(req.query.page)) || 1));
    const page = await service.listPage(org.id, { page: pageNo, pageSize: 50 });
    const title = t(`catalog.${path}` as ConsoleKey);
    const rows = page.items.map(
      (e) =>
        html`<tr>
          <th scope="row">
            <div><a href="${base(req)}/${e.id}">${e.name}</a></div>
            <div class="markers">
              ${e.id === defaultId(req) ? badge(t("catalog.defaultMarker"), "info") : ""}
              ${isPermission && (e as PermissionType).consoleAccess ? badge(t("catalog.consoleAccess"), "ok") : ""}
            </div>
          </th>
          <td class="form-actions">
            <a class="button small secondary" href="${base(req)}/${e.id}">${t("common.edit")}</a>
            <form method="post" action="${base(req)}/${e.id}/delete" class="inline">
              ${csrfField(req)}
              <button type="submit" class="small danger" aria-label="${t("common.delete")}: ${e.name}">
                ${t("common.delete")}
              </button>
            </form>
          </td>
        </tr>`,
    );
    const body = html`${pageHeader(title)}
      <section class="panel" aria-labelledby="new-entry">
        <h2 id="new-entry">${t("catalog.new")}</h2>
        ${errorSummary(t, form.problems, { name: t("common.name") })}
        <form method="post" action="${base(req)}" class="inline-form" novalidate>
          ${csrfField(req)}
          ${textField({ name: "name", label: t("catalog.newName"), value: form.name, required: true, maxlength: 200, problems: form.problems })}
          ${
            isPermission
              ? html`<label class="check"
                  ><input type="checkbox" name="consoleAccess" value="1" />
                  ${t("catalog.consoleAccess")}</label
                >`
              : ""
          }
          <button type="submit">${t("catalog.new")}</button>
        </form>
      </section>
      ${table({
        caption: title,
        // The markers sit next to the name: two columns fit a phone without scrolling sideways.
        head: [t("common.name"), html`<span class="visually-hidden">${t("common.actions")}</span>`],
        rows,
        empty: t("common.empty"),
      })}
      ${pager(t, { ...page, hrefFor: (p) => hrefWith(base(req), { page: p }) })}`;
    consolePage(req, res, { title, section: path, body, status: form.status, flash: form.flash });
  };

  const editPage = async (
    req: Request,
    res: Response,
    entry: Entry,
    form: {
      name?: string;
      consoleAccess?: boolean;
      parentId?: string;
      problems?: FieldProblems;
      status?: number;
    } = {},
  ) => {
    const t = translate(req);
    const title = `${t(`catalog.${path}` as ConsoleKey)}: ${entry.name}`;
    // Departments may have a parent (PRODUCT.md "The domain"); the directory refuses cycles.
    const parents =
      path === "departments" ? (await service.list(req.org!.id)).filter((d) => d.id !== entry.id) : [];
    const access = form.consoleAccess ?? (isPermission ? (entry as PermissionType).consoleAccess : false);
    const body = html`${pageHeader(title, {
        actions: html`<a class="button secondary" href="${base(req)}">${t("common.back")}</a>`,
      })}
      <section class="panel">
        ${errorSummary(t, form.problems, { name: t("common.name"), parentId: t("catalog.parent") })}
        <form method="post" action="${base(req)}/${entry.id}" novalidate>
          ${csrfField(req)}
          ${textField({
            name: "name",
            label: t("common.name"),
            value: form.name ?? entry.name,
            required: true,
            maxlength: 200,
            problems: form.problems,
          })}
          ${
            path === "departments"
              ? selectField({
                  name: "parentId",
                  label: t("catalog.parent"),
                  empty: t("common.none"),
                  value: form.parentId ?? (entry as Department).parentId,
                  choices: parents.map((d) => ({ value: d.id, label: d.name })),
                  problems: form.problems,
                })
              : ""
          }
          ${
            isPermission
              ? html`<div class="field">
                  <label class="check"
                    ><input type="checkbox" name="consoleAccess" value="1" ${access ? html`checked` : ""} />
                    ${t("catalog.consoleAccess")}</label
                  >
                  <p class="hint">${t("catalog.consoleAccessHint")}</p>
                </div>`
              : ""
          }
          <div class="form-actions">
            <button type="submit">${t("common.save")}</button>
          </div>
        </form>
        ${entry.id === defaultId(req) ? html`<p>${badge(t("catalog.defaultMarker"), "info")}</p>` : ""}
      </section>`;
    consolePage(req, res, { title, section: path, body, status: form.status });
  };

  router.get("/", (req, res) => listPage(req, res));

  router.post("/", async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const name = str(body.name) ?? "";
    try {
      const entry = await auditedWrite(
        deps,
        req,
        (tx) =>
          service.create(
            req.org!.id,
            { name, ...(isPermission ? { consoleAccess: str(body.consoleAccess) === "1" } : {}) },
            tx,
          ),
        (created) => ({
          action: `${TARGET[path]}.create`,
          target: { type: TARGET[path], id: created.id, label: created.name },
        }),
      );
      setFlash(req, res, { kind: "ok", text: translate(req)("catalog.created", { name: entry.name }) });
      res.redirect(303, base(req));
    } catch (error) {
      const problems = problemsOf(error, translate(req));
      await listPage(req, res, { name, problems, status: (error as AppError).status });
    }
  });

  router.get("/:id", async (req, res) => {
    await editPage(req, res, await service.get(req.org!.id, req.params.id as string));
  });

  router.post("/:id", async (req, res) => {
    const entry = await service.get(req.org!.id, req.params.id as string);
    const body = req.body as Record<string, unknown>;
    const name = str(body.name) ?? "";
    const consoleAccess = isPermission ? str(body.consoleAccess) === "1" : undefined;
    const parentId = path === "departments" ? str(body.parentId) || null : undefined;
    try {
      const updated = await service.update(req.org!.id, entry.id, {
        name,
        ...(isPermission ? { consoleAccess } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
      });
      const renamed = updated.name !== entry.name;
      await audited(deps, req, {
        action: `${TARGET[path]}.update`,
        target: { type: TARGET[path], id: updated.id, label: updated.name },
        summary: [
          renamed ? `renamed from "${entry.name}"` : "",
          isPermission && consoleAccess !== (entry as PermissionType).consoleAccess
            ? `console access ${consoleAccess ? "granted" : "removed"}`
            : "",
        ]
          .filter(Boolean)
          .join("; "),
      });
      setFlash(req, res, {
        kind: "ok",
        text: renamed
          ? translate(req)("catalog.renamed", { name: updated.name })
          : translate(req)("users.updated"),
      });
      res.redirect(303, base(req));
    } catch (error) {
      const problems = problemsOf(error, translate(req));
      await editPage(req, res, entry, {
        name,
        consoleAccess,
        parentId: parentId ?? undefined,
        problems,
        status: (error as AppError).status,
      });
    }
  });

  router.post("/:id/delete", async (req, res) => {
    const t = translate(req);
    const entry = await service.get(req.org!.id, req.params.id as string);
    const ok = confirmed(req, res, {
      section: path,
      title: t("confirm.deleteTitle", { name: entry.name }),
      question: t("confirm.delete", { name: entry.name }),
      button: t("confirm.deleteButton"),
      cancelHref: base(req),
    });
    if (!ok) return;
    try {
      await service.delete(req.org!.id, entry.id);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      return listPage(req, res, {
        status: 409,
        flash: {
          kind: "error",
          text: t("catalog.deleteRefused", { name: entry.name, reason: refusal(t, entry.name, error) }),
        },
      });
    }
    await audited(deps, req, {
      action: `${TARGET[path]}.delete`,
      target: { type: TARGET[path], id: entry.id, label: entry.name },
    });
    setFlash(req, res, { kind: "ok", text: t("catalog.deleted", { name: entry.name }) });
    res.redirect(303, base(req));
  });

  return router;
}

/**
 * Why a delete was refused, in the page's language: "in use" with its count said properly
 * ("1 user", "3 users"; the directory's own text says "user(s)"); any other refusal as it is.
 */
function refusal(t: ConsoleTranslate, name: string, error: AppError): string {
  const users = /_in_use$/.test(error.code) ? /assigned to (\d+) user/.exec(error.detail) : null;
  return users ? countOf(t, "catalog.inUse", Number(users[1]), { name }) : error.detail;
}

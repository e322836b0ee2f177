import { Router, type Request, type Response } from "express";
import { AppError } from "../lib";
import { html } from "../web";
import type { ConsoleDeps } from "./deps";
import { consoleLanguage, t as translate } from "./i18n";
import { consolePage, csrfField, setFlash } from "./shell";
import {
  checkboxGroup,
  errorSummary,
  hrefWith,
  pageHeader,
  pager,
  problemsOf,
  selectField,
  str,
  strs,
  table,
  textField,
  when,
  type FieldProblems,
} from "./ui";

const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "da", label: "Dansk" },
];

/**
 * The platform operator's view: list and create organisations. An operator is an administrator
 * (active, console access) of the one organisation named by PLATFORM_ORGANISATION — so signing in,
 * sessions, CSRF and deactivation are the console's own, and "who is an operator" is managed like
 * any other administrator. Elsewhere (or with the setting unset) the page does not exist (404).
 * A new organisation gets its first administrator (the Administrator permission type every
 * organisation starts with) and that person's activation email.
 */
export function operatorSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { directory, activation } = deps;
  router.use((req, _res, next) => {
    if (!req.consoleOperator) throw new AppError("request.no_route", "Not found", { status: 404 });
    next();
  });
  const base = (req: Request) => `/o/${req.org?.slug ?? ""}/admin/organisations`;
  const operator = (req: Request) => ({
    kind: "operator" as const,
    id: req.consoleUser?.id ?? null,
    label: `${req.consoleUser?.firstName ?? ""} ${req.consoleUser?.lastName ?? ""} (${req.consoleUser?.email ?? ""})`,
  });

  const listPage = async (
    req: Request,
    res: Response,
    form: { values?: Record<string, unknown>; problems?: FieldProblems; status?: number } = {},
  ) => {
    const t = translate(req);
    const language = consoleLanguage(req);
    const q = str(req.query.q)?.slice(0, 100);
    const pageNo = Math.min(1_000_000, Math.max(1, Number(str(req.query.page)) || 1));
    const page = await directory.organisations.listPage({ q, page: pageNo, pageSize: 50 });
    const v = form.values ?? {};
    const text = (name: string) => str(v[name]) ?? "";
    const body = html`${pageHeader(t("orgs.title"), { lead: t("orgs.intro") })}
      <form method="get" action="${base(req)}" class="filters" role="search">
        <div class="filter-search">
          ${textField({ name: "q", label: t("orgs.search"), value: q, type: "search" })}
        </div>
        <div class="filter-actions"><button type="submit">${t("common.search")}</button></div>
      </form>
      ${table({
        caption: t("orgs.title"),
        head: [t("orgs.name"), t("orgs.slug"), t("orgs.languages"), t("orgs.created")],
        rows: page.items.map(
          (o) =>
            html`<tr>
              <th scope="row">${o.name}</th>
              <td><a href="/o/${o.slug}/login">/o/${o.slug}</a></td>
              <td>${o.languages.join(", ")}</td>
              <td class="nowrap">${when(o.createdAt, language)}</td>
            </tr>`,
        ),
        empty: t("common.noMatches"),
      })}
      ${pager(t, { ...page, hrefFor: (p) => hrefWith(base(req), { q, page: p }) })}
      <section class="panel" aria-labelledby="new-org">
        <h2 id="new-org">${t("orgs.new")}</h2>
        ${errorSummary(t, form.problems, {
          name: t("orgs.name"),
          slug: t("orgs.slug"),
          defaultLanguage: t("orgs.defaultLanguage"),
          languages: t("orgs.languages"),
          firstName: t("users.firstName"),
          lastName: t("users.lastName"),
          email: t("users.email"),
        })}
        <form method="post" action="${base(req)}" novalidate>
          ${csrfField(req)}
          <div class="row">
            ${textField({ name: "name", label: t("orgs.name"), value: text("name"), required: true, problems: form.problems })}
            ${textField({ name: "slug", label: t("orgs.slug"), value: text("slug"), required: true, hint: t("orgs.slugHint"), problems: form.problems })}
          </div>
          <div class="row">
            ${selectField({ name: "defaultLanguage", label: t("orgs.defaultLanguage"), value: text("defaultLanguage") || "en", choices: LANGUAGES, problems: form.problems })}
            ${checkboxGroup({ name: "languages", legend: t("orgs.languages"), values: v.languages ? strs(v.languages) : ["en", "da"], choices: LANGUAGES, problems: form.problems })}
          </div>
          <h3>${t("orgs.firstAdmin")}</h3>
          <p class="hint">${t("orgs.firstAdminHint")}</p>
          <div class="row">
            ${textField({ name: "firstName", label: t("users.firstName"), value: text("firstName"), required: true, problems: form.problems })}
            ${textField({ name: "lastName", label: t("users.lastName"), value: text("lastName"), required: true, problems: form.problems })}
          </div>
          ${textField({ name: "email", label: t("users.email"), value: text("email"), type: "email", required: true, problems: form.problems })}
          <div class="form-actions"><button type="submit">${t("common.create")}</button></div>
        </form>
      </section>`;
    consolePage(req, res, { title: t("orgs.title"), section: "organisations", body, status: form.status });
  };

  router.get("/", (req, res) => listPage(req, res));

  router.post("/", async (req, res) => {
    const t = translate(req);
    const body = req.body as Record<string, unknown>;
    const admin = {
      firstName: (str(body.firstName) ?? "").trim(),
      lastName: (str(body.lastName) ?? "").trim(),
      email: (str(body.email) ?? "").trim(),
    };
    // The first administrator is required up front, so an organisation is never created without one by mistake.
    const missing: FieldProblems = {};
    for (const [field, value] of Object.entries(admin)) if (!value) missing[field] = [`${field} is required`];
    let org;
    try {
      if (Object.keys(missing).length)
        throw new AppError("request.invalid", "missing", {
          status: 422,
          extra: { errors: Object.entries(missing).map(([field, [detail]]) => ({ field, detail })) },
        });
      org = await directory.organisations.create({
        name: str(body.name) ?? "",
        slug: str(body.slug) ?? "",
        defaultLanguage: str(body.defaultLanguage) ?? "en",
        languages: strs(body.languages).slice(0, 10),
      });
    } catch (error) {
      return listPage(req, res, { values: body, problems: problemsOf(error, translate(req)), status: 422 });
    }
    await deps.audit.recordAfter(req.org!.id, {
      actor: operator(req),
      action: "organisation.create",
      target: { type: "organisation", id: org.id, label: org.slug },
    });
    await deps.audit.recordAfter(org.id, {
      actor: operator(req),
      action: "organisation.create",
      target: { type: "organisation", id: org.id, label: org.name },
      summary: "created by a platform operator",
    });
    try {
      const administrator = (await directory.permissionTypes.list(org.id)).find((p) => p.consoleAccess);
      const user = await directory.users.create(
        org.id,
        {
          ...admin,
          language: org.defaultLanguage,
          jobProfileId: org.defaultJobProfileId ?? "",
          departmentIds: [org.defaultDepartmentId ?? ""],
          permissionTypeIds: [administrator?.id ?? ""],
        },
        { source: "manual" },
      );
      await activation.send(org.id, user.id);
      await deps.audit.recordAfter(org.id, {
        actor: operator(req),
        action: "user.create",
        target: { type: "user", id: user.id, label: `${user.firstName} ${user.lastName}` },
        summary: "first administrator; activation sent",
      });
      setFlash(req, res, { kind: "ok", text: t("orgs.done", { name: org.name, email: admin.email }) });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      setFlash(req, res, { kind: "error", text: t("orgs.partly", { name: org.name, reason: error.detail }) });
    }
    res.redirect(303, base(req));
  });
  return router;
}

import { Router, type Request, type Response } from "express";
import { userCreate, userList, userUpdate } from "../../admin";
import type { ActivationStatusView } from "../../activation";
import { USER_SOURCES, USER_STATUSES, type UserListQuery, type UserView } from "../../directory";
import { parseInput } from "../../http";
import { AppError, randomToken } from "../../lib";
import { html, languageName, type SafeHtml } from "../../web";

import { humaneDetail } from "../messages";
import { audited, auditedWrite } from "../audit";
import type { ConsoleDeps } from "../deps";
import { consoleLanguage, countOf, t as translate, type ConsoleKey, type ConsoleTranslate } from "../i18n";
import { consolePage, csrfField, setFlash } from "../shell";
import { confirmed } from "../confirm";
import {
  badge,
  hrefWith,
  pageHeader,
  pager,
  problemsOf,
  selectField,
  str,
  table,
  textField,
  when,
  type BadgeTone,
  type FieldProblems,
} from "../ui";
import { importRoutes } from "./users-import";
import {
  asUserInput,
  formValues,
  userForm,
  valuesOf,
  type Catalogues,
  type UserFormValues,
} from "./user-form";

/** A granted one-time password between the POST and its one view. */
interface Shown {
  organisationId: string;
  adminId: string;
  userId: string;
  password: string | null;
  expiresAt: Date;
  timer: NodeJS.Timeout;
}

const STATUS_TONE: Record<string, BadgeTone> = { active: "ok", pending: "warn", deactivated: "muted" };
const ACTIVATION_TONE: Record<string, BadgeTone> = {
  activated: "ok",
  sent: "info",
  pending: "warn",
  failed: "danger",
  needs_one_time_password: "danger",
};

export const statusBadge = (t: ConsoleTranslate, status: string): SafeHtml =>
  badge(t(`status.${status}` as ConsoleKey), STATUS_TONE[status] ?? "muted");

/** The list's filters from the query string; a value that is not valid is dropped, not an error page. */
function listQuery(req: Request): UserListQuery {
  const q = req.query;
  const pick = {
    q: str(q.q)?.slice(0, 200) || undefined,
    status: str(q.status) || undefined,
    source: str(q.source) || undefined,
    departmentId: str(q.departmentId) || undefined,
    jobProfileId: str(q.jobProfileId) || undefined,
    permissionTypeId: str(q.permissionTypeId) || undefined,
    page: str(q.page) || undefined,
  };
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pick)) {
    if (value === undefined) continue;
    // The JSON API's own query schema decides what is valid, field by field.
    try {
      Object.assign(clean, parseInput(userList, { [key]: value }, "query"));
    } catch {
      // Dropped.
    }
  }
  return clean as UserListQuery;
}

/**
 * `/users`: the paged, searchable, filterable list (src/directory/user-list.ts, what GET /users of
 * the admin API uses), create and edit through directory.users (the same rules and errors),
 * deactivate/reactivate, activation and one-time passwords through the activation service (as
 * src/admin/activation-routes.ts), the messages' delivery status, and the Excel import.
 */
export function usersSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { directory, activation } = deps;
  const base = (req: Request) => `/o/${req.org?.slug ?? ""}/admin/users`;

  const catalogues = async (organisationId: string): Promise<Catalogues> => {
    const [departments, jobProfiles, permissionTypes] = await Promise.all([
      directory.departments.list(organisationId),
      directory.jobProfiles.list(organisationId),
      directory.permissionTypes.list(organisationId),
    ]);
    return { departments, jobProfiles, permissionTypes };
  };

  // ---- the list ----
  router.get("/", async (req, res) => {
    const t = translate(req);
    const org = req.org!;
    const query = listQuery(req);
    const [page, cats] = await Promise.all([
      directory.users.list(org.id, { ...query, pageSize: 50 }),
      catalogues(org.id),
    ]);
    const filterLink = (p: number) =>
      hrefWith(base(req), { ...query, page: p } as Record<string, string | number>);
    const rows = page.items.map(
      (u) =>
        html`<tr>
          <th scope="row">
            <a href="${base(req)}/${u.id}">${u.firstName} ${u.lastName}</a>
            <span class="sub">${u.email ?? u.userName ?? ""}</span>
          </th>
          <td>${u.departments.map((d) => d.name).join(", ")}</td>
          <td>${u.jobProfile.name}</td>
          <td>${u.permissionTypes.map((p) => p.name).join(", ")}</td>
          <td>${statusBadge(t, u.status)}</td>
          <td>${t(`source.${u.source}` as ConsoleKey)}</td>
        </tr>`,
    );
    const actions = html`<a class="button" href="${base(req)}/new">${t("users.new")}</a>
      <details class="menu">
        <summary aria-label="${t("common.more")}"><span aria-hidden="true">⋮</span></summary>
        <ul>
          <li><a href="${base(req)}/import-template" download>${t("users.downloadTemplate")}</a></li>
          <li><a href="${base(req)}/import">${t("users.import")}</a></li>
        </ul>
      </details>`;
    const opt = (items: Array<{ id: string; name: string }>) =>
      items.map((i) => ({ value: i.id, label: i.name }));
    const body = html`${pageHeader(t("users.title"), { lead: countOf(t, "users.count", page.total), actions })}
      <form
        method="get"
        action="${base(req)}"
        class="filters"
        role="search"
        aria-label="${t("common.filter")}"
      >
        <div class="filter-search">
          ${textField({ name: "q", label: t("users.searchLabel"), value: query.q, type: "search" })}
        </div>
        ${selectField({ name: "departmentId", label: t("users.department"), empty: t("common.all"), value: query.departmentId, choices: opt(cats.departments) })}
        ${selectField({ name: "jobProfileId", label: t("users.jobProfile"), empty: t("common.all"), value: query.jobProfileId, choices: opt(cats.jobProfiles) })}
        ${selectField({ name: "permissionTypeId", label: t("users.permissionType"), empty: t("common.all"), value: query.permissionTypeId, choices: opt(cats.permissionTypes) })}
        ${selectField({
          name: "status",
          label: t("users.status"),
          empty: t("common.all"),
          value: query.status,
          choices: USER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as ConsoleKey) })),
        })}
        ${selectField({
          name: "source",
          label: t("users.source"),
          empty: t("common.all"),
          value: query.source,
          choices: USER_SOURCES.map((s) => ({ value: s, label: t(`source.${s}` as ConsoleKey) })),
        })}
        <div class="filter-actions">
          <button type="submit">${t("common.search")}</button>
          <a class="button secondary" href="${base(req)}">${t("common.clear")}</a>
        </div>
      </form>
      ${table({
        caption: t("users.title"),
        head: [
          t("common.name"),
          t("users.departments"),
          t("users.jobProfile"),
          t("users.permissionTypes"),
          t("users.status"),
          t("users.source"),
        ],
        rows,
        empty: t("common.noMatches"),
      })}
      ${pager(t, { ...page, hrefFor: filterLink })}`;
    consolePage(req, res, { title: t("users.title"), section: "users", body });
  });

  // The import (template, upload, dry run, apply, progress, report): before "/:id".
  importRoutes(router, deps);

  // ---- create ----
  const createPage = async (
    req: Request,
    res: Response,
    values: UserFormValues,
    problems?: FieldProblems,
    status?: number,
  ) => {
    const t = translate(req);
    const body = html`${pageHeader(t("users.createTitle"), {
      actions: html`<a class="button secondary" href="${base(req)}">${t("common.back")}</a>`,
    })}
    ${userForm(req, t, { action: base(req), values, catalogues: await catalogues(req.org!.id), problems, submit: t("common.create") })}`;
    consolePage(req, res, { title: t("users.createTitle"), section: "users", body, status });
  };

  router.get("/new", async (req, res) => {
    const org = req.org!;
    await createPage(req, res, {
      ...formValues({}),
      language: org.defaultLanguage,
      jobProfileId: org.defaultJobProfileId ?? "",
      departmentIds: org.defaultDepartmentId ? [org.defaultDepartmentId] : [],
      permissionTypeIds: org.defaultPermissionTypeId ? [org.defaultPermissionTypeId] : [],
    });
  });

  router.post("/", async (req, res) => {
    const org = req.org!;
    const values = formValues(req.body as Record<string, unknown>);
    try {
      const input = parseInput(userCreate, asUserInput(values));
      const user = await auditedWrite(
        deps,
        req,
        (tx) => directory.users.create(org.id, input, { source: "manual" }, tx),
        (created) => ({
          action: "user.create",
          target: { type: "user", id: created.id, label: `${created.firstName} ${created.lastName}` },
        }),
      );
      setFlash(req, res, { kind: "ok", text: translate(req)("users.created") });
      res.redirect(303, `${base(req)}/${user.id}`);
    } catch (error) {
      await createPage(req, res, values, problemsOf(error, translate(req)), 422);
    }
  });

  // ---- one user ----
  router.get("/:id", async (req, res) => {
    const t = translate(req);
    const language = consoleLanguage(req);
    const org = req.org!;
    const user = await directory.users.view(org.id, req.params.id as string);
    const [status, deliveries] = await Promise.all([
      activation.status(org.id, user.id),
      deps.outbox.deliveriesFor(org.id, user.id),
    ]);
    const body = html`${pageHeader(`${user.firstName} ${user.lastName}`, {
        lead: user.email ?? user.userName ?? "",
        actions: html`<a class="button secondary" href="${base(req)}">${t("common.back")}</a>
          <a class="button" href="${base(req)}/${user.id}/edit">${t("common.edit")}</a>`,
      })}
      <div class="grid-2">
        <section class="panel" aria-labelledby="details">
          <h2 id="details">${t("users.details")}</h2>
          ${facts(t, user, language)} ${statusForm(req, t, user)}
        </section>
        <section class="panel" aria-labelledby="activation">
          <h2 id="activation">${t("users.activation")}</h2>
          ${activationFacts(t, user, status, language)} ${activationForms(req, t, user, status)}
        </section>
      </div>
      <section class="panel" aria-labelledby="deliveries">
        <h2 id="deliveries">${t("users.deliveries")}</h2>
        ${table({
          caption: t("users.deliveries"),
          head: [
            t("users.deliveryKind"),
            t("users.deliveryChannel"),
            t("users.deliveryTo"),
            t("users.deliveryStatus"),
            t("users.deliveryAt"),
          ],
          rows: deliveries.slice(0, 20).map(
            (d) =>
              html`<tr>
                <td>${labelOr(t, `comm.purpose.${d.purpose}`, d.purpose)}</td>
                <td>${t(`channel.${d.channel}`)}</td>
                <td>${d.to}</td>
                <td>
                  ${badge(
                    deliveryLabel(t, d.status),
                    d.status === "sent" ? "ok" : d.status === "failed" ? "danger" : "warn",
                  )}
                  ${d.lastError ? html`<span class="sub">${d.lastError}</span>` : ""}
                </td>
                <td class="nowrap">${when(d.sentAt ?? d.createdAt, language)}</td>
              </tr>`,
          ),
          empty: t("users.deliveryNone"),
        })}
      </section>`;
    consolePage(req, res, { title: `${user.firstName} ${user.lastName}`, section: "users", body });
  });

  // ---- edit ----
  const editPage = async (
    req: Request,
    res: Response,
    user: UserView,
    values: UserFormValues,
    problems?: FieldProblems,
    status?: number,
  ) => {
    const t = translate(req);
    const title = t("users.editTitle", { name: `${user.firstName} ${user.lastName}` });
    const body = html`${pageHeader(title, {
      actions: html`<a class="button secondary" href="${base(req)}/${user.id}">${t("common.cancel")}</a>`,
    })}
    ${userForm(req, t, { action: `${base(req)}/${user.id}`, values, catalogues: await catalogues(req.org!.id), problems, submit: t("common.save") })}`;
    consolePage(req, res, { title, section: "users", body, status });
  };

  router.get("/:id/edit", async (req, res) => {
    const user = await directory.users.view(req.org!.id, req.params.id as string);
    await editPage(req, res, user, valuesOf(user));
  });

  router.post("/:id", async (req, res) => {
    const org = req.org!;
    const user = await directory.users.view(org.id, req.params.id as string);
    const values = formValues(req.body as Record<string, unknown>);
    try {
      const input = parseInput(userUpdate, asUserInput(values));
      await auditedWrite(
        deps,
        req,
        (tx) => directory.users.update(org.id, user.id, input, tx),
        (updated) => ({
          action: "user.update",
          target: { type: "user", id: user.id, label: `${updated.firstName} ${updated.lastName}` },
          summary: changedFields(user, values),
        }),
      );
      setFlash(req, res, { kind: "ok", text: translate(req)("users.updated") });
      res.redirect(303, `${base(req)}/${user.id}`);
    } catch (error) {
      await editPage(req, res, user, values, problemsOf(error, translate(req)), 422);
    }
  });

  // ---- status, activation, one-time password (as src/admin/user-routes.ts and activation-routes.ts) ----
  router.post("/:id/deactivate", async (req, res) => {
    const org = req.org!;
    const target = await directory.users.view(org.id, req.params.id as string);
    const t = translate(req);
    // Signing yourself out for good (possibly the last administrator) is never one click away.
    if (target.id === req.consoleUser?.id) {
      setFlash(req, res, { kind: "error", text: t("users.notYourself") });
      return res.redirect(303, `${base(req)}/${target.id}`);
    }
    const name = `${target.firstName} ${target.lastName}`;
    const ok = confirmed(req, res, {
      section: "users",
      title: t("confirm.deactivateTitle", { name }),
      question: t("confirm.deactivate", { name }),
      button: t("confirm.deactivateButton"),
      cancelHref: `${base(req)}/${target.id}`,
    });
    if (!ok) return;
    const user = await auditedWrite(
      deps,
      req,
      (tx) => directory.users.setStatus(org.id, target.id, "deactivated", tx),
      (changed) => ({
        action: "user.deactivate",
        target: { type: "user", id: changed.id, label: `${changed.firstName} ${changed.lastName}` },
      }),
    );
    setFlash(req, res, { kind: "ok", text: translate(req)("users.deactivated") });
    res.redirect(303, `${base(req)}/${user.id}`);
  });

  router.post("/:id/reactivate", async (req, res) => {
    const org = req.org!;
    const current = await directory.users.get(org.id, req.params.id as string);
    // Back to where the person was: active if they had set a password, else still pending.
    const status = current.passwordHash ? "active" : "pending";
    const user = await auditedWrite(
      deps,
      req,
      (tx) =>
        directory.users.setStatus(
          org.id,
          current.id,
          current.status === "deactivated" ? status : current.status,
          tx,
        ),
      (changed) => ({
        action: "user.reactivate",
        target: { type: "user", id: changed.id, label: `${changed.firstName} ${changed.lastName}` },
      }),
    );
    setFlash(req, res, { kind: "ok", text: translate(req)("users.reactivated") });
    res.redirect(303, `${base(req)}/${user.id}`);
  });

  router.post("/:id/activation", async (req, res) => {
    const org = req.org!;
    const user = await directory.users.get(org.id, req.params.id as string);
    try {
      const sent = await activation.send(org.id, user.id);
      await audited(deps, req, {
        action: "user.send_activation",
        target: { type: "user", id: user.id, label: `${user.firstName} ${user.lastName}` },
        summary: `link valid until ${sent.expiresAt.toISOString()}`,
      });
      setFlash(req, res, { kind: "ok", text: translate(req)("users.activationSent") });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const text = humaneDetail(translate(req), {
        code: error.code,
        field: error.field,
        detail: error.detail,
      });
      setFlash(req, res, { kind: "error", text });
    }
    res.redirect(303, `${base(req)}/${user.id}`);
  });

  /**
   * One-time passwords waiting to be shown, keyed by a random token in the redirect's URL: the
   * grant is a POST that redirects (303) to a GET that shows the password ONCE and forgets it,
   * so reloading or going back shows "already shown" and never grants again. Held in this
   * process for a couple of minutes only, bound to the organisation and the administrator who
   * asked; the password is stored nowhere else in clear.
   */
  const toShow = new Map<string, Shown>();
  const SHOW_MS = 2 * 60_000;

  router.post("/:id/one-time-password", async (req, res) => {
    const org = req.org!;
    const user = await directory.users.view(org.id, req.params.id as string);
    const send = str((req.body as Record<string, unknown>).send) === "1";
    let grant;
    try {
      grant = await activation.grantOneTimePassword(org.id, user.id, { send });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const text = humaneDetail(translate(req), {
        code: error.code,
        field: error.field,
        detail: error.detail,
      });
      setFlash(req, res, { kind: "error", text });
      return res.redirect(303, `${base(req)}/${user.id}`);
    }
    await audited(deps, req, {
      action: "user.one_time_password",
      target: { type: "user", id: user.id, label: `${user.firstName} ${user.lastName}` },
      summary: grant.sentBy ? `sent by ${grant.sentBy}` : "shown to the administrator",
    });
    const token = randomToken(24);
    const timer = setTimeout(() => toShow.delete(token), SHOW_MS);
    timer.unref();
    toShow.set(token, {
      organisationId: org.id,
      adminId: req.consoleUser?.id ?? "",
      userId: user.id,
      password: grant.password ?? null,
      expiresAt: grant.expiresAt,
      timer,
    });
    res.redirect(303, `${base(req)}/${user.id}/one-time-password/${token}`);
  });

  router.get("/:id/one-time-password/:token", async (req, res) => {
    const t = translate(req);
    const language = consoleLanguage(req);
    const org = req.org!;
    const user = await directory.users.view(org.id, req.params.id as string);
    const token = req.params.token as string;
    const entry = toShow.get(token);
    const mine =
      entry?.organisationId === org.id && entry.userId === user.id && entry.adminId === req.consoleUser?.id;
    // Consumed on the first view; a reload, the back button or another admin sees "already shown".
    if (entry && mine) {
      toShow.delete(token);
      clearTimeout(entry.timer);
    }
    const back = html`<p>
      <a class="button secondary" href="${base(req)}/${user.id}">${t("common.back")}</a>
    </p>`;
    const body =
      entry && mine
        ? html`${pageHeader(t("users.oneTimePassword"))}
            <section class="panel" aria-labelledby="otp">
              <h2 id="otp">
                ${t("users.oneTimePasswordShown", { name: `${user.firstName} ${user.lastName}` })}
              </h2>
              ${entry.password ? html`<p class="secret"><code>${entry.password}</code></p>` : ""}
              <dl class="facts">
                <dt>${t("users.oneTimePasswordExpires")}</dt>
                <dd>${when(entry.expiresAt, language)}</dd>
              </dl>
              ${back}
            </section>`
        : html`${pageHeader(t("users.oneTimePassword"))}
            <section class="panel" aria-labelledby="otp">
              <h2 id="otp">${`${user.firstName} ${user.lastName}`}</h2>
              <p role="status">${t("otp.alreadyShown")}</p>
              ${back}
            </section>`;
    // consolePage sends no-store: the password is never kept by the browser or a proxy.
    res.setHeader("Referrer-Policy", "no-referrer");
    consolePage(req, res, {
      title: t("users.oneTimePassword"),
      section: "users",
      body,
      status: entry && mine ? 200 : 410,
    });
  });

  return router;
}

function facts(t: ConsoleTranslate, u: UserView, language: string): SafeHtml {
  const row = (label: string, value: SafeHtml | string | null) =>
    html`<dt>${label}</dt>
      <dd>${value || "—"}</dd>`;
  return html`<dl class="facts">
    ${row(t("users.status"), statusBadge(t, u.status))} ${row(t("users.email"), u.email)}
    ${row(t("users.userName"), u.userName)} ${row(t("users.phone"), u.phone)}
    ${row(t("users.language"), languageName(u.language))} ${row(t("users.jobProfile"), u.jobProfile.name)}
    ${row(t("users.departments"), u.departments.map((d) => d.name).join(", "))}
    ${row(t("users.permissionTypes"), u.permissionTypes.map((p) => p.name).join(", "))}
    ${row(t("users.source"), t(`source.${u.source}` as ConsoleKey))}
    ${row(t("users.externalId"), u.externalId)}
    ${row(t("users.lastLogin"), u.lastLoginAt ? when(u.lastLoginAt, language) : t("users.never"))}
  </dl>`;
}

function statusForm(req: Request, t: ConsoleTranslate, u: UserView): SafeHtml {
  // No button to deactivate yourself (the route refuses it too).
  if (u.id === req.consoleUser?.id) return html``;
  const base = `/o/${req.org?.slug ?? ""}/admin/users/${u.id}`;
  return u.status === "deactivated"
    ? html`<form method="post" action="${base}/reactivate">
        ${csrfField(req)}<button type="submit" class="secondary">${t("users.reactivate")}</button>
      </form>`
    : html`<form method="post" action="${base}/deactivate">
        ${csrfField(req)}<button type="submit" class="danger">${t("users.deactivate")}</button>
      </form>`;
}

function activationFacts(
  t: ConsoleTranslate,
  u: UserView,
  s: ActivationStatusView,
  language: string,
): SafeHtml {
  // A deactivated person cannot sign in at all: where their activation stood does not apply.
  if (u.status === "deactivated")
    return html`<dl class="facts">
        <dt>${t("users.status")}</dt>
        <dd>${statusBadge(t, u.status)}</dd>
      </dl>
      <p class="hint">${t("activation.deactivated")}</p>`;
  return html`<dl class="facts">
    <dt>${t("users.status")}</dt>
    <dd>${badge(t(`activation.status.${s.status}`), ACTIVATION_TONE[s.status] ?? "muted")}</dd>
    <dt>${t("users.deliveryChannel")}</dt>
    <dd>${s.channel ? t(`channel.${s.channel}`) : "—"}</dd>
    ${
      s.link
        ? html`<dt>${t("users.deliveryAt")}</dt>
            <dd>${when(s.link.createdAt, language)}</dd>`
        : ""
    }
    ${
      s.delivery
        ? html`<dt>${t("users.deliveryStatus")}</dt>
            <dd>${deliveryLabel(t, s.delivery.status)} · ${s.delivery.to}</dd>`
        : ""
    }
    ${
      s.oneTimePassword
        ? html`<dt>${t("users.oneTimePasswordExpires")}</dt>
            <dd>${s.oneTimePassword.expiresAt ? when(s.oneTimePassword.expiresAt, language) : "—"}</dd>`
        : ""
    }
  </dl>`;
}

function activationForms(req: Request, t: ConsoleTranslate, u: UserView, s: ActivationStatusView): SafeHtml {
  if (u.status === "deactivated") return html``;
  const base = `/o/${req.org?.slug ?? ""}/admin/users/${u.id}`;
  return html`<div class="button-row">
    ${
      s.channel && s.status !== "activated"
        ? html`<form method="post" action="${base}/activation">
            ${csrfField(req)}
            <button type="submit">${s.link ? t("users.resendActivation") : t("users.sendActivation")}</button>
          </form>`
        : ""
    }
    <form method="post" action="${base}/one-time-password">
      ${csrfField(req)}
      <button type="submit" class="secondary">${t("users.oneTimePassword")}</button>
    </form>
  </div>`;
}

/** A delivery's state in words ("Sent"); an unknown state is shown as it is. */
const deliveryLabel = (t: ConsoleTranslate, status: string): string =>
  labelOr(t, `delivery.${status}`, status);

/** The catalogue's label for `key`, or `fallback` when it has none (the translator echoes the key). */
function labelOr(t: ConsoleTranslate, key: string, fallback: string): string {
  const label = t(key as ConsoleKey);
  return label === key ? fallback : label;
}

/** "email, departments" — which fields an edit changed (never their values: the log is not a copy). */
function changedFields(before: UserView, after: UserFormValues): string {
  const was = valuesOf(before);
  const changed = (Object.keys(was) as Array<keyof UserFormValues>).filter((key) => {
    const a = was[key];
    const b = after[key];
    return Array.isArray(a) ? [...a].sort().join() !== [...(b as string[])].sort().join() : a !== b;
  });
  return changed.length ? `changed: ${changed.join(", ")}` : "no changes";
}

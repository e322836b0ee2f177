import { Router, type Request } from "express";
import { html } from "../../web";
import type { ConsoleDeps } from "../deps";
import { consoleLanguage, t as translate, type ConsoleKey } from "../i18n";
import { consolePage } from "../shell";
import { badge, hrefWith, pageHeader, pager, selectField, str, table, textField, when } from "../ui";

const TARGET_TYPES = [
  "user",
  "department",
  "job_profile",
  "permission_type",
  "organisation",
  "import",
  "api",
];
const SCIM_METHODS = ["POST", "PUT", "PATCH", "DELETE", "GET"];

const pageOf = (req: Request) => Math.min(1_000_000, Math.max(1, Number(str(req.query.page)) || 1));

/**
 * `/audit`: who changed what and when. Two views, both paged in the database: admin actions
 * (src/audit — console and admin API, actor a user or an API key) and provisioning (the SCIM
 * provisioning log, one row per SCIM request, with its summary).
 */
export function auditSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });

  const tabs = (req: Request, current: "admin" | "provisioning") => {
    const t = translate(req);
    const base = `/o/${req.org?.slug ?? ""}/admin/audit`;
    return html`<nav class="tabs" aria-label="${t("audit.title")}">
      <ul>
        <li>
          <a href="${base}" ${current === "admin" ? html`aria-current="page"` : ""}>${t("audit.adminTab")}</a>
        </li>
        <li>
          <a href="${base}/provisioning" ${current === "provisioning" ? html`aria-current="page"` : ""}
            >${t("audit.provisioningTab")}</a
          >
        </li>
      </ul>
    </nav>`;
  };

  router.get("/", async (req, res) => {
    const t = translate(req);
    const language = consoleLanguage(req);
    const base = `/o/${req.org?.slug ?? ""}/admin/audit`;
    const filters = {
      actor: str(req.query.actor)?.slice(0, 200),
      action: str(req.query.action)?.slice(0, 64),
      targetType: TARGET_TYPES.includes(str(req.query.targetType) ?? "")
        ? str(req.query.targetType)
        : undefined,
      targetId: str(req.query.targetId)?.slice(0, 36),
    };
    const page = await deps.audit.list(req.org!.id, { ...filters, page: pageOf(req), pageSize: 50 });
    const rows = page.items.map(
      (e) =>
        html`<tr>
          <td class="nowrap">${when(e.at, language)}</td>
          <td>
            ${e.actorLabel}<br /><span class="muted small">${t(`actor.${e.actorKind}` as ConsoleKey)}</span>
          </td>
          <td><code>${e.action}</code></td>
          <td>
            ${
              e.targetType === "user" && e.targetId
                ? html`<a href="/o/${req.org?.slug ?? ""}/admin/users/${e.targetId}">${e.targetLabel}</a>`
                : e.targetLabel
            }
          </td>
          <td>${e.summary}</td>
        </tr>`,
    );
    const body = html`${pageHeader(t("audit.title"), { lead: t("audit.intro") })} ${tabs(req, "admin")}
      <form method="get" action="${base}" class="filters" role="search">
        ${textField({ name: "actor", label: t("audit.actorFilter"), value: filters.actor, type: "search" })}
        ${textField({ name: "action", label: t("audit.actionFilter"), value: filters.action, type: "search" })}
        ${selectField({
          name: "targetType",
          label: t("audit.targetFilter"),
          empty: t("common.all"),
          value: filters.targetType,
          choices: TARGET_TYPES.map((v) => ({ value: v, label: t(`target.${v}` as ConsoleKey) })),
        })}
        <div class="filter-actions">
          <button type="submit">${t("common.filter")}</button>
          <a class="button secondary" href="${base}">${t("common.clear")}</a>
        </div>
      </form>
      ${table({
        caption: t("audit.title"),
        head: [t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.target"), t("audit.summary")],
        rows,
        empty: t("common.noMatches"),
      })}
      ${pager(t, { ...page, hrefFor: (p) => hrefWith(base, { ...filters, page: p }) })}`;
    consolePage(req, res, { title: t("audit.title"), section: "audit", body });
  });

  router.get("/provisioning", async (req, res) => {
    const t = translate(req);
    const language = consoleLanguage(req);
    const base = `/o/${req.org?.slug ?? ""}/admin/audit/provisioning`;
    const method = SCIM_METHODS.includes(str(req.query.method) ?? "") ? str(req.query.method) : undefined;
    const status = ["success", "failure"].includes(str(req.query.status) ?? "")
      ? (str(req.query.status) as "success" | "failure")
      : undefined;
    const page = await deps.provisioningLog.list(req.org!.id, {
      method,
      status,
      page: pageOf(req),
      pageSize: 50,
    });
    const rows = page.items.map(
      (e) =>
        html`<tr>
          <td class="nowrap">${when(e.createdAt, language)}</td>
          <td>${e.tokenName ?? "SCIM"}</td>
          <td><code>${e.method} ${e.path}</code></td>
          <td>${badge(String(e.status), e.status < 400 ? "ok" : "danger")}</td>
          <td>${e.summary ?? ""}</td>
        </tr>`,
    );
    const body = html`${pageHeader(t("audit.title"), { lead: t("audit.provisioningIntro") })}
      ${tabs(req, "provisioning")}
      <form method="get" action="${base}" class="filters" role="search">
        ${selectField({
          name: "method",
          label: t("audit.method"),
          empty: t("common.all"),
          value: method,
          choices: SCIM_METHODS.map((m) => ({ value: m, label: m })),
        })}
        ${selectField({
          name: "status",
          label: t("audit.status"),
          empty: t("common.all"),
          value: status,
          choices: [
            { value: "success", label: "2xx/3xx" },
            { value: "failure", label: "4xx/5xx" },
          ],
        })}
        <div class="filter-actions">
          <button type="submit">${t("common.filter")}</button>
          <a class="button secondary" href="${base}">${t("common.clear")}</a>
        </div>
      </form>
      ${table({
        caption: t("audit.provisioningTab"),
        head: [t("audit.at"), t("audit.actor"), t("audit.method"), t("audit.status"), t("audit.summary")],
        rows,
        empty: t("common.noMatches"),
      })}
      ${pager(t, { ...page, hrefFor: (p) => hrefWith(base, { method, status, page: p }) })}
      <p><a href="/o/${req.org?.slug ?? ""}/admin/scim">${t("audit.provisioningLog")}</a></p>`;
    consolePage(req, res, { title: t("audit.title"), section: "audit", body });
  });

  return router;
}

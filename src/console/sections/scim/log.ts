import type { Request, Router } from "express";
import { provisioningLogQuery } from "../../../admin";
import { parseInput } from "../../../http";
import { notFound } from "../../../lib";
import { html } from "../../../web";
import type { ConsoleDeps } from "../../deps";
import { t } from "../../i18n";
import { consolePage } from "../../shell";
import { badge, hrefWith, pageHeader, pager, str, table } from "../../ui";
import { formProblem, input, orgOf, problemSummary, select, when } from "../settings/forms";
import { scimTabs } from "./tabs";

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;
const FILTERS = ["status", "method", "resource", "resourceId", "from", "to"] as const;

/**
 * The provisioning log: one row per SCIM request, filtered and paged in the database (the same
 * ProvisioningLog.list as the JSON API), and one row's details.
 */
export function mountLog(router: Router, deps: ConsoleDeps): void {
  const log = deps.provisioningLog;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/scim/log`;

  router.get("/log", async (req, res) => {
    const tr = t(req);
    const org = orgOf(req);
    const filters = Object.fromEntries(
      FILTERS.map((f) => [f, str(req.query[f])?.trim() || undefined]),
    ) as Record<(typeof FILTERS)[number], string | undefined>;
    const page = Number(str(req.query.page) ?? "1");
    // "to" is a calendar day and includes that whole day: the query's bound is the next midnight.
    const until =
      filters.to && /^\d{4}-\d{2}-\d{2}$/.test(filters.to)
        ? new Date(Date.parse(filters.to) + DAY_MS).toISOString()
        : filters.to;
    let result: Awaited<ReturnType<typeof log.list>> = { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    let problem;
    try {
      const query = parseInput(
        provisioningLogQuery,
        {
          status: filters.status,
          method: filters.method,
          resource: filters.resource,
          resourceId: filters.resourceId,
          since: filters.from,
          until,
          page: Number.isFinite(page) ? page : 1,
          pageSize: PAGE_SIZE,
        },
        "query",
      );
      result = await log.list(org.id, query);
    } catch (error) {
      problem = formProblem(error, t(req));
      if (!problem) throw error;
      // The filter names of the form, not of the query schema.
      problem.fields = Object.fromEntries(
        Object.entries(problem.fields).map(([k, v]) => [
          k === "since" ? "from" : k === "until" ? "to" : k,
          v,
        ]),
      );
    }
    const errors = problem?.fields ?? {};
    const any = { value: "", label: tr("common.all") };
    const body = html`${pageHeader(tr("scim.title"), { lead: tr("scim.logIntro") })} ${scimTabs(req, "log")}
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      <form
        method="get"
        action="${base(req)}"
        class="filters"
        role="search"
        aria-label="${tr("common.filter")}"
      >
        ${select({
          name: "status",
          label: tr("scim.logStatus"),
          value: filters.status,
          error: errors.status,
          options: [
            any,
            { value: "success", label: tr("scim.success") },
            { value: "failure", label: tr("scim.failure") },
          ],
        })}
        ${select({
          name: "method",
          label: tr("scim.logMethod"),
          value: filters.method,
          error: errors.method,
          options: [any, ...["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => ({ value: m, label: m }))],
        })}
        ${select({
          name: "resource",
          label: tr("scim.logResource"),
          value: filters.resource,
          error: errors.resource,
          options: [any, ...["Users", "Groups", "Bulk"].map((r) => ({ value: r, label: r }))],
        })}
        ${input({ name: "resourceId", label: tr("scim.logResourceId"), value: filters.resourceId, error: errors.resourceId })}
        ${input({ name: "from", label: tr("scim.logFrom"), type: "date", value: filters.from, error: errors.from })}
        ${input({ name: "to", label: tr("scim.logTo"), type: "date", value: filters.to, error: errors.to })}
        <div class="filter-actions">
          <button type="submit">${tr("common.filter")}</button>
          <a class="button secondary" href="${base(req)}">${tr("common.clear")}</a>
        </div>
      </form>
      ${table({
        caption: tr("scim.tabLog"),
        head: [
          tr("scim.logTime"),
          tr("scim.logRequest"),
          tr("scim.logStatus"),
          tr("scim.logSummary"),
          tr("scim.logDuration"),
        ],
        empty: tr("common.noMatches"),
        rows: result.items.map(
          (row) =>
            html`<tr>
              <td><a href="${base(req)}/${row.id}">${when(row.createdAt)}</a></td>
              <td><code>${row.method} ${row.path}</code></td>
              <td>${badge(String(row.status), row.status < 400 ? "ok" : "danger")}</td>
              <td>${row.summary ?? row.scimType ?? ""}</td>
              <td>${row.durationMs} ms</td>
            </tr>`,
        ),
      })}
      ${pager(tr, {
        page: result.page,
        pageSize: result.pageSize,
        total: result.total,
        hrefFor: (p) => hrefWith(base(req), { ...filters, page: p }),
      })}`;
    consolePage(req, res, { title: tr("scim.tabLog"), section: "scim", body, status: problem ? 400 : 200 });
  });

  router.get("/log/:id", async (req, res) => {
    const tr = t(req);
    const row = await log.get(orgOf(req).id, req.params.id as string);
    if (!row) throw notFound("Provisioning log entry", "scim.log_entry_not_found");
    const body = html`<p><a href="${base(req)}">← ${tr("scim.tabLog")}</a></p>
      ${pageHeader(`${row.method} ${row.path}`, { lead: when(row.createdAt) })}
      <section class="panel">
        <dl class="facts">
          <dt>${tr("scim.logTime")}</dt>
          <dd>${row.createdAt.toISOString()}</dd>
          <dt>${tr("scim.logRequest")}</dt>
          <dd><code>${row.method} ${row.path}</code></dd>
          <dt>${tr("scim.logStatus")}</dt>
          <dd>${badge(String(row.status), row.status < 400 ? "ok" : "danger")} ${row.scimType ?? ""}</dd>
          <dt>${tr("scim.logSummary")}</dt>
          <dd>${row.summary ?? "—"}</dd>
          <dt>${tr("scim.logResourceId")}</dt>
          <dd>${row.resourceId ? html`<code>${row.resourceId}</code>` : "—"}</dd>
          <dt>${tr("scim.logToken")}</dt>
          <dd>${row.tokenName ?? "—"}</dd>
          <dt>${tr("scim.logDuration")}</dt>
          <dd>${row.durationMs} ms</dd>
          <dt>${tr("scim.logId")}</dt>
          <dd><code>${row.id}</code></dd>
        </dl>
      </section>`;
    consolePage(req, res, { title: tr("scim.tabLog"), section: "scim", body });
  });
}

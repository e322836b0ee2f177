import type { Request, Router } from "express";
import { userList } from "../../../admin";
import { USER_SOURCES, USER_STATUSES, type UserListQuery } from "../../../directory";
import { parseInput } from "../../../http";
import { html } from "../../../web";

import { countOf, t as translate, type ConsoleKey } from "../../i18n";
import { consolePage } from "../../shell";
import { hrefWith, pageHeader, pager, selectField, str, table, textField } from "../../ui";
import type { UsersContext } from "./context";
import { statusBadge } from "./views";

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
 * `GET /users`: the paged, searchable, filterable list (src/directory/user-list.ts, what GET /users
 * of the admin API uses).
 */
export function listRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base, catalogues } = ctx;
  const { directory } = deps;

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
}

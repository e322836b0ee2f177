import type { Request } from "express";
import { html, type SafeHtml } from "../../../web";
import { t } from "../../i18n";
import { orgOf } from "../settings/forms";

export type ScimTab = "tokens" | "mapping" | "log";

/** The SCIM section's three pages as tabs: plain links, the open one marked for screen readers. */
export function scimTabs(req: Request, current: ScimTab): SafeHtml {
  const tr = t(req);
  const base = `/o/${orgOf(req).slug}/admin/scim`;
  const tabs: Array<[ScimTab, string, string]> = [
    ["tokens", base, tr("scim.tabTokens")],
    ["mapping", `${base}/mapping`, tr("scim.tabMapping")],
    ["log", `${base}/log`, tr("scim.tabLog")],
  ];
  return html`<nav class="tabs" aria-label="${tr("scim.title")}">
    <ul>
      ${tabs.map(
        ([tab, href, label]) =>
          html`<li><a href="${href}" ${tab === current ? html`aria-current="page"` : ""}>${label}</a></li>`,
      )}
    </ul>
  </nav>`;
}

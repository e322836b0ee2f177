import type { Request, Router } from "express";
import type { UserView } from "../../../directory";
import { html, languageName, type SafeHtml } from "../../../web";

import { consoleLanguage, t as translate, type ConsoleKey, type ConsoleTranslate } from "../../i18n";
import { consolePage, csrfField } from "../../shell";
import { badge, pageHeader, table, when } from "../../ui";
import { activationFacts, activationForms } from "./activation";
import type { UsersContext } from "./context";
import { deliveryLabel, labelOr, statusBadge } from "./views";

/** `GET /users/:id`: one user's details, activation and the delivery status of their messages. */
export function detailRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base } = ctx;
  const { directory, activation } = deps;

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

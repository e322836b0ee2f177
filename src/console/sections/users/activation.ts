import type { Request, Response, Router } from "express";
import type { ActivationStatusView } from "../../../activation";
import type { UserView } from "../../../directory";
import { AppError, randomToken } from "../../../lib";
import { html, type SafeHtml } from "../../../web";

import { audited } from "../../audit";
import { consoleLanguage, t as translate, type ConsoleTranslate } from "../../i18n";
import { humaneDetail } from "../../messages";
import { consolePage, csrfField, setFlash } from "../../shell";
import { badge, pageHeader, str, when, type BadgeTone } from "../../ui";
import type { UsersContext } from "./context";
import { deliveryLabel, statusBadge } from "./views";

/** A granted one-time password between the POST and its one view. */
interface Shown {
  organisationId: string;
  adminId: string;
  userId: string;
  password: string | null;
  expiresAt: Date;
  timer: NodeJS.Timeout;
}

const ACTIVATION_TONE: Record<string, BadgeTone> = {
  activated: "ok",
  sent: "info",
  pending: "warn",
  failed: "danger",
  needs_one_time_password: "danger",
};

/**
 * `POST /users/:id/activation` and the one-time password (`POST /users/:id/one-time-password`, then
 * its one view) through the activation service (as src/admin/activation-routes.ts).
 */
export function activationRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base } = ctx;
  const { directory, activation } = deps;

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
      flashRefusal(req, res, error);
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
      flashRefusal(req, res, error);
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
}

export function activationFacts(
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

export function activationForms(
  req: Request,
  t: ConsoleTranslate,
  u: UserView,
  s: ActivationStatusView,
): SafeHtml {
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

/** A refusal the administrator can act on becomes the next page's error message; anything else is thrown. */
function flashRefusal(req: Request, res: Response, error: unknown): void {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  const text = humaneDetail(translate(req), { code: error.code, field: error.field, detail: error.detail });
  setFlash(req, res, { kind: "error", text });
}

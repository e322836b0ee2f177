import { Router, type Request, type Response } from "express";
import { tokenCreate } from "../../admin";
import { parseInput } from "../../http";
import { notFound } from "../../lib";
import { html } from "../../web";
import type { ConsoleDeps } from "../deps";
import { t } from "../i18n";
import { confirmed } from "../confirm";
import { consolePage, csrfField } from "../shell";
import { badge, pageHeader, table } from "../ui";
import { mountLog } from "./scim/log";
import { mountMapping } from "./scim/mapping";
import { scimTabs } from "./scim/tabs";
import {
  actorOf,
  bodyOf,
  doneKey,
  formProblem,
  input,
  orgOf,
  problemSummary,
  text,
  when,
  type FormProblem,
} from "./settings/forms";

/**
 * SCIM (PRODUCT.md §1): the base URL to paste into the IdP, bearer tokens (the secret shown once,
 * on the page that answers the create), the mapping rules with a dry run, and the provisioning
 * log. Tokens go through the same AccessTokenService as `/scim-tokens`.
 */
export function scimSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { auth, audit } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/scim`;
  const scimUrl = `${deps.publicUrl.replace(/\/$/, "")}/scim/v2`;

  const tokensPage = async (req: Request, res: Response, problem?: FormProblem, typedName?: string) => {
    const tr = t(req);
    const org = orgOf(req);
    // Tokens per organisation are a handful (each is one IdP connection); one bounded query.
    const tokens = await auth.tokens.list(org.id, "scim");
    const done = doneKey(req, ["revoked"] as const);
    const body = html`${pageHeader(tr("scim.title"), { lead: tr("scim.intro") })} ${scimTabs(req, "tokens")}
      <section class="panel" aria-labelledby="base-url-title">
        <h2 id="base-url-title">${tr("scim.baseUrl")}</h2>
        <p class="hint">${tr("scim.baseUrlHint")}</p>
        <label for="scim-base-url" class="visually-hidden">${tr("scim.baseUrl")}</label>
        <input id="scim-base-url" class="copy" type="text" readonly value="${scimUrl}" />
      </section>
      <h2 id="tokens-title">${tr("scim.tokens")}</h2>
      ${table({
        caption: tr("scim.tokens"),
        head: [
          tr("common.name"),
          tr("scim.prefix"),
          tr("scim.created"),
          tr("scim.lastUsed"),
          tr("scim.state"),
          html`<span class="visually-hidden">${tr("common.actions")}</span>`,
        ],
        empty: tr("scim.noTokens"),
        rows: tokens.map(
          (token) =>
            html`<tr>
              <td>${token.name}</td>
              <td><code>${token.prefix}…</code></td>
              <td>${when(token.createdAt)}</td>
              <td>${token.lastUsedAt ? when(token.lastUsedAt) : tr("scim.never")}</td>
              <td>
                ${
                  token.revokedAt
                    ? badge(tr("scim.revokedAt", { when: when(token.revokedAt) }), "muted")
                    : badge(tr("scim.live"), "ok")
                }
              </td>
              <td>
                ${
                  token.revokedAt
                    ? ""
                    : html`<form method="post" action="${base(req)}/tokens/${token.id}/revoke" class="inline">
                        ${csrfField(req)}
                        <button type="submit" class="danger small">
                          ${tr("scim.revoke")}<span class="visually-hidden"> ${token.name}</span>
                        </button>
                      </form>`
                }
              </td>
            </tr>`,
        ),
      })}
      <h2 id="new-token-title">${tr("scim.newToken")}</h2>
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      <form method="post" action="${base(req)}/tokens" class="panel" novalidate>
        ${csrfField(req)}
        ${input({
          name: "name",
          label: tr("scim.tokenName"),
          hint: tr("scim.tokenNameHint"),
          value: typedName,
          error: problem?.fields.name,
          required: true,
        })}
        <div class="form-actions"><button type="submit">${tr("scim.createToken")}</button></div>
      </form>`;
    consolePage(req, res, {
      title: tr("scim.title"),
      section: "scim",
      body,
      status: problem ? 422 : 200,
      flash: done ? { kind: "ok", text: tr("scim.revoked") } : undefined,
    });
  };

  router.get("/", (req, res) => tokensPage(req, res));

  router.post("/tokens", async (req, res) => {
    const tr = t(req);
    const org = orgOf(req);
    const name = text(bodyOf(req), "name") ?? "";
    try {
      const input = parseInput(tokenCreate, { name });
      const issued = await auth.tokens.issue(org.id, "scim", input.name);
      await audit.recordAfter(org.id, {
        actor: actorOf(req),
        action: "scim_token.create",
        target: { type: "scim_token", id: issued.token.id, label: issued.token.name },
      });
      // Shown here once and never again: only its HMAC is stored. Not a redirect, so the secret
      // never lands in a URL or the history; no-store keeps it out of caches.
      const body = html`${pageHeader(tr("scim.tokenCreated"), { lead: tr("scim.tokenOnce") })}
        <section class="panel secret" aria-labelledby="secret-title">
          <h2 id="secret-title">${issued.token.name}</h2>
          <label for="scim-token">${tr("scim.token")}</label>
          <input id="scim-token" class="copy" type="text" readonly value="${issued.secret}" />
          <dl class="facts">
            <dt>${tr("scim.baseUrl")}</dt>
            <dd><code>${scimUrl}</code></dd>
            <dt>${tr("scim.authHeader")}</dt>
            <dd><code>Authorization: Bearer ${issued.secret}</code></dd>
          </dl>
        </section>
        <p><a class="button" href="${base(req)}">${tr("scim.done")}</a></p>`;
      consolePage(req, res, { title: tr("scim.tokenCreated"), section: "scim", body, status: 201 });
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      await tokensPage(req, res, problem, name);
    }
  });

  router.post("/tokens/:id/revoke", async (req, res) => {
    const org = orgOf(req);
    const id = req.params.id as string;
    // Another organisation's token id is "not found" (404), decided by the organisation's own list
    // before anything is asked, and by the service's scoped query.
    const token = (await auth.tokens.list(org.id, "scim")).find((tk) => tk.id === id);
    if (!token) throw notFound("Token", "auth.token_not_found");
    const tr = t(req);
    const ok = confirmed(req, res, {
      section: "scim",
      title: tr("confirm.revokeTitle", { name: token.name }),
      question: tr("confirm.revoke"),
      button: tr("confirm.revokeButton"),
      cancelHref: base(req),
    });
    if (!ok) return;
    await auth.tokens.revoke(org.id, "scim", id);
    await audit.recordAfter(org.id, {
      actor: actorOf(req),
      action: "scim_token.revoke",
      target: { type: "scim_token", id, label: token.name },
    });
    res.redirect(303, `${base(req)}?done=revoked`);
  });

  // Registered on this router itself (not sub-routers): every console route is a plain route here.
  mountMapping(router, deps);
  mountLog(router, deps);
  return router;
}

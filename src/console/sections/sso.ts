import { Router, type Request, type Response } from "express";
import { ssoConnectionCreate, ssoConnectionUpdate } from "../../admin";
import { parseInput } from "../../http";
import { notFound } from "../../lib";
import { describeCertificate, type ConnectionWithDomains, type SsoKind } from "../../sso";
import { html } from "../../web";
import type { ConsoleDeps } from "../deps";
import { t } from "../i18n";
import { confirmed } from "../confirm";
import { consolePage, csrfField } from "../shell";
import { badge, pageHeader, table } from "../ui";
import {
  actorOf,
  doneKey,
  formProblem,
  orgOf,
  problemSummary,
  when,
  type FormProblem,
} from "./settings/forms";
import {
  blankValues,
  connectionForm,
  connectionInput,
  storedValues,
  typedValues,
  type ConnectionFormValues,
} from "./sso/form";

const KINDS: readonly SsoKind[] = ["saml", "oidc"];
const DONE = ["created", "saved"] as const;

/**
 * SSO connections (PRODUCT.md §2): list, create (SAML from pasted metadata or fields, OIDC),
 * edit the account options and email domains, SP metadata, delete, and "Test login" (the
 * SP-initiated start in a new tab). Every write goes through the SSO connection service with the
 * JSON API's schemas; another organisation's connection id is a 404.
 */
export function ssoSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { sso, audit } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/sso`;
  const audited = (req: Request, action: string, c: { id: string; name: string }, summary = "") =>
    audit.recordAfter(orgOf(req).id, {
      actor: actorOf(req),
      action,
      target: { type: "sso_connection", id: c.id, label: c.name },
      summary,
    });

  router.get("/", async (req, res) => {
    const tr = t(req);
    const org = orgOf(req);
    // An organisation has a handful of connections: one query, no paging needed beyond that.
    const items = await sso.connections.list(org.id);
    const body = html`${pageHeader(tr("sso.title"), {
      lead: tr("sso.intro"),
      actions: html`<a class="button" href="${base(req)}/new/saml">${tr("sso.newSaml")}</a>
        <a class="button secondary" href="${base(req)}/new/oidc">${tr("sso.newOidc")}</a>`,
    })}
    ${table({
      caption: tr("sso.title"),
      head: [tr("common.name"), tr("sso.kind"), tr("sso.emailDomains"), tr("sso.accounts"), tr("sso.status")],
      empty: tr("sso.none"),
      rows: items.map(
        ({ connection: c, emailDomains }) =>
          html`<tr>
            <td><a href="${base(req)}/${c.id}">${c.name}</a></td>
            <td>${c.kind.toUpperCase()}</td>
            <td>${emailDomains.join(", ") || "—"}</td>
            <td>${c.jit ? badge(tr("sso.jitShort"), "info") : ""}</td>
            <td>${c.enabled ? badge(tr("sso.on"), "ok") : badge(tr("sso.off"))}</td>
          </tr>`,
      ),
    })}`;
    consolePage(req, res, { title: tr("sso.title"), section: "sso", body, flash: deletedFlash(req) });
  });

  const kindOf = (req: Request): SsoKind => {
    const kind = req.params.kind as SsoKind;
    if (!KINDS.includes(kind)) throw notFound("Connection kind", "sso.unknown_kind");
    return kind;
  };

  const newPage = (
    req: Request,
    res: Response,
    kind: SsoKind,
    values: ConnectionFormValues,
    problem?: FormProblem,
  ) => {
    const tr = t(req);
    const title = kind === "saml" ? tr("sso.newSaml") : tr("sso.newOidc");
    const body = html`<p><a href="${base(req)}">← ${tr("sso.title")}</a></p>
      ${pageHeader(title, { lead: kind === "saml" ? tr("sso.newSamlLead") : tr("sso.newOidcLead") })}
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      ${connectionForm(req, tr, {
        kind,
        action: `${base(req)}/new/${kind}`,
        values,
        errors: problem?.fields ?? {},
        creating: true,
      })}`;
    consolePage(req, res, { title, section: "sso", body, status: problem ? 422 : 200 });
  };

  router.get("/new/:kind", (req, res) => {
    const kind = kindOf(req);
    newPage(req, res, kind, blankValues(kind));
  });

  router.post("/new/:kind", async (req, res) => {
    const kind = kindOf(req);
    const org = orgOf(req);
    try {
      const input = parseInput(ssoConnectionCreate, connectionInput(req, kind, true));
      const { connection } = await sso.connections.create(org.id, input);
      await audited(req, "sso.create", connection, connection.kind);
      res.redirect(303, `${base(req)}/${connection.id}?done=created`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      newPage(req, res, kind, typedValues(req, kind), problem);
    }
  });

  const detailPage = (
    req: Request,
    res: Response,
    found: ConnectionWithDomains,
    values: ConnectionFormValues,
    problem?: FormProblem,
  ) => {
    const tr = t(req);
    const org = orgOf(req);
    const c = found.connection;
    const urls = sso.login.urls(org, c.id);
    const here = `${base(req)}/${c.id}`;
    const done = doneKey(req, DONE);
    const spFacts =
      c.kind === "saml"
        ? html`<dl class="facts">
              <dt>${tr("sso.spEntityId")}</dt>
              <dd><code>${urls.entityId}</code></dd>
              <dt>${tr("sso.acsUrl")}</dt>
              <dd><code>${urls.acs}</code></dd>
              <dt>${tr("sso.certificates")}</dt>
              <dd>
                ${sso.connections.saml(c).certificates.map((body) => {
                  const d = describeCertificate(body);
                  return html`<span class="cert"
                      >${d.subject} · ${tr("sso.validUntil")} ${d.notAfter.slice(0, 10)} · SHA-256
                      <code>${d.sha256.slice(0, 16)}…</code></span
                    ><br />`;
                })}
              </dd>
            </dl>
            <p>
              <a class="button secondary" href="${here}/metadata" download>${tr("sso.downloadMetadata")}</a>
            </p>`
        : html`<dl class="facts">
            <dt>${tr("sso.redirectUri")}</dt>
            <dd><code>${urls.callback}</code></dd>
            <dt>${tr("sso.clientSecret")}</dt>
            <dd>${c.sealedSecret ? tr("sso.secretStored") : tr("sso.secretNone")}</dd>
          </dl>`;
    const body = html`<p><a href="${base(req)}">← ${tr("sso.title")}</a></p>
      ${pageHeader(c.name, {
        lead: `${c.kind.toUpperCase()} · ${c.enabled ? tr("sso.on") : tr("sso.off")} · ${tr("sso.updated")} ${when(c.updatedAt)}`,
        // A plain GET form in a new tab: the real SP-initiated login, exactly as an employee starts it.
        actions: html`<form method="get" action="${urls.start}" target="_blank" class="inline">
          <button type="submit" class="secondary">${tr("sso.testLogin")}</button>
        </form>`,
      })}
      <section class="panel" aria-labelledby="sp-title">
        <h2 id="sp-title">${tr("sso.spTitle")}</h2>
        <p class="hint">${tr(c.kind === "saml" ? "sso.spHintSaml" : "sso.spHintOidc")}</p>
        ${spFacts}
        <p class="hint">${tr("sso.loginUrl")} <code>${urls.start}</code></p>
      </section>
      <h2>${tr("sso.settings")}</h2>
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      ${connectionForm(req, tr, {
        kind: c.kind,
        action: here,
        values,
        errors: problem?.fields ?? {},
        creating: false,
        secretSet: !!c.sealedSecret,
      })}
      <section class="panel danger" aria-labelledby="delete-title">
        <h2 id="delete-title">${tr("sso.deleteTitle")}</h2>
        <p>${tr("sso.deleteHint")}</p>
        <form method="post" action="${here}/delete">
          ${csrfField(req)}
          <button type="submit" class="danger">${tr("sso.delete", { name: c.name })}</button>
        </form>
      </section>`;
    consolePage(req, res, {
      title: c.name,
      section: "sso",
      body,
      status: problem ? 422 : 200,
      flash: done ? { kind: "ok", text: tr(done === "created" ? "sso.created" : "sso.saved") } : undefined,
    });
  };

  const load = (req: Request) => sso.connections.get(orgOf(req).id, req.params.id as string);

  router.get("/:id", async (req, res) => {
    const found = await load(req);
    detailPage(req, res, found, storedValues(found.connection, found.emailDomains));
  });

  router.post("/:id", async (req, res) => {
    const found = await load(req);
    const kind = found.connection.kind;
    try {
      const input = parseInput(ssoConnectionUpdate, connectionInput(req, kind, false));
      const { connection } = await sso.connections.update(orgOf(req).id, found.connection.id, input);
      await audited(req, "sso.update", connection);
      res.redirect(303, `${base(req)}/${connection.id}?done=saved`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      detailPage(req, res, found, typedValues(req, kind), problem);
    }
  });

  router.post("/:id/delete", async (req, res) => {
    const { connection } = await load(req);
    const tr = t(req);
    const ok = confirmed(req, res, {
      section: "sso",
      title: tr("confirm.deleteTitle", { name: connection.name }),
      question: tr("confirm.deleteSso", { name: connection.name }),
      button: tr("confirm.deleteButton"),
      cancelHref: `${base(req)}/${connection.id}`,
    });
    if (!ok) return;
    await sso.connections.delete(orgOf(req).id, connection.id);
    await audited(req, "sso.delete", connection, connection.kind);
    res.redirect(303, `${base(req)}?done=deleted`);
  });

  // The same XML as the JSON API's download, for pasting into the IdP.
  router.get("/:id/metadata", async (req, res) => {
    const { connection } = await load(req);
    if (connection.kind !== "saml") throw notFound("SP metadata", "sso.no_metadata");
    res
      .type("application/samlmetadata+xml")
      .setHeader("Content-Disposition", `attachment; filename="admit-sp-metadata-${connection.id}.xml"`)
      .send(sso.login.metadataXml(orgOf(req), connection));
  });

  const deletedFlash = (req: Request) =>
    doneKey(req, ["deleted"] as const) ? { kind: "ok" as const, text: t(req)("sso.deleted") } : undefined;

  return router;
}

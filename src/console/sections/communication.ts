import { Router, type Request, type Response } from "express";
import {
  AUTO_SEND_SOURCES,
  MESSAGE_PURPOSES,
  renderTemplate,
  checkTemplate,
  type CommunicationSettings,
  type MessagePurpose,
  type Template,
  type TemplateView,
} from "../../activation";
import { communicationUpdate, templatePut } from "../../admin";
import { parseInput } from "../../http";
import { notFound } from "../../lib";
import { html } from "../../web";
import type { ConsoleDeps } from "../deps";
import { t } from "../i18n";
import { consolePage, csrfField } from "../shell";
import { badge, pageHeader, table } from "../ui";
import {
  actorOf,
  bodyOf,
  checkbox,
  doneKey,
  formProblem,
  input,
  integer,
  nullableText,
  orgOf,
  problemSummary,
  text,
  textarea,
  when,
  type FormProblem,
} from "./settings/forms";
import { languageLabel } from "./settings/labels";

/**
 * Organisation → Communication (PRODUCT.md §3): when activation is sent by itself, the SMS
 * package, sender and link lifetimes, and the message templates per purpose and language with a
 * rendered preview. Writes go through the same services and schemas as `PUT /communication`.
 */
export function communicationSection(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  const { activation, audit } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/communication`;

  const settingsPage = async (
    req: Request,
    res: Response,
    shown: CommunicationSettings,
    problem?: FormProblem,
  ) => {
    const tr = t(req);
    const org = orgOf(req);
    const errors = problem?.fields ?? {};
    const templates = await Promise.all(
      MESSAGE_PURPOSES.flatMap((purpose) =>
        org.languages.map((language) => activation.getTemplate(org, purpose, language)),
      ),
    );
    const body = html`${pageHeader(tr("comm.title"), { lead: tr("comm.intro") })}
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      <form method="post" action="${base(req)}" class="panel" novalidate>
        ${csrfField(req)}
        <fieldset class="group">
          <legend>${tr("comm.autoSend")}</legend>
          <p class="hint">${tr("comm.autoSendHint")}</p>
          ${AUTO_SEND_SOURCES.map((source) =>
            checkbox({
              name: `autoSend.${source}`,
              label: tr(`comm.autoSend.${source}`),
              checked: shown.autoSend[source],
            }),
          )}
        </fieldset>
        <fieldset class="group">
          <legend>${tr("comm.sms")}</legend>
          ${checkbox({
            name: "smsEnabled",
            label: tr("comm.smsEnabled"),
            checked: shown.smsEnabled,
            hint: tr("comm.smsHint"),
          })}
        </fieldset>
        <fieldset class="group">
          <legend>${tr("comm.sender")}</legend>
          ${input({
            name: "senderName",
            label: tr("comm.senderName"),
            value: shown.senderName,
            hint: tr("comm.senderNameHint", { name: org.name }),
            error: errors.senderName,
          })}
          ${input({
            name: "replyTo",
            label: tr("comm.replyTo"),
            type: "email",
            value: shown.replyTo,
            hint: tr("comm.replyToHint"),
            error: errors.replyTo,
          })}
        </fieldset>
        <fieldset class="group">
          <legend>${tr("comm.lifetimes")}</legend>
          <div class="row">
            ${input({
              name: "linkLifetimeHours",
              label: tr("comm.linkLifetime"),
              type: "number",
              value: shown.linkLifetimeHours,
              hint: tr("comm.hoursHint"),
              error: errors.linkLifetimeHours,
            })}
            ${input({
              name: "oneTimePasswordLifetimeHours",
              label: tr("comm.otpLifetime"),
              type: "number",
              value: shown.oneTimePasswordLifetimeHours,
              hint: tr("comm.hoursHint"),
              error: errors.oneTimePasswordLifetimeHours,
            })}
          </div>
        </fieldset>
        <p class="hint">${tr("comm.updatedAt", { when: when(shown.updatedAt) })}</p>
        <div class="form-actions"><button type="submit">${tr("common.save")}</button></div>
      </form>
      <h2 id="templates">${tr("comm.templates")}</h2>
      <p class="hint">${tr("comm.templatesHint")}</p>
      ${table({
        caption: tr("comm.templates"),
        head: [
          tr("comm.purpose"),
          tr("comm.language"),
          tr("comm.subject"),
          tr("comm.wording"),
          html`<span class="visually-hidden">${tr("common.actions")}</span>`,
        ],
        rows: templates.map(
          (tv) =>
            html`<tr>
              <td>${tr(`comm.purpose.${tv.purpose}`)}</td>
              <td>${languageLabel(tv.language)}</td>
              <td>${tv.subject}</td>
              <td>
                ${
                  tv.isDefault
                    ? badge(tr("comm.builtIn"))
                    : badge(tr("comm.custom", { when: when(tv.updatedAt) }), "info")
                }
              </td>
              <td>
                <a href="${base(req)}/templates/${tv.purpose}/${tv.language}"
                  >${tr("common.edit")}<span class="visually-hidden">
                    ${tr(`comm.purpose.${tv.purpose}`)} (${tv.language})</span
                  ></a
                >
              </td>
            </tr>`,
        ),
        empty: tr("common.empty"),
      })}`;
    const done = doneKey(req, ["saved"] as const);
    consolePage(req, res, {
      title: tr("comm.title"),
      section: "communication",
      body,
      status: problem ? 422 : 200,
      flash: done ? { kind: "ok", text: tr("comm.saved") } : undefined,
    });
  };

  router.get("/", async (req, res) => {
    await settingsPage(req, res, await activation.settings.get(orgOf(req).id));
  });

  router.post("/", async (req, res) => {
    const org = orgOf(req);
    const body = bodyOf(req);
    // The whole form is sent, so every setting is given: an unchecked box means "off".
    const update = {
      autoSend: Object.fromEntries(AUTO_SEND_SOURCES.map((s) => [s, body[`autoSend.${s}`] !== undefined])),
      smsEnabled: body.smsEnabled !== undefined,
      senderName: nullableText(body, "senderName"),
      replyTo: nullableText(body, "replyTo"),
      linkLifetimeHours: integer(body, "linkLifetimeHours"),
      oneTimePasswordLifetimeHours: integer(body, "oneTimePasswordLifetimeHours"),
    };
    try {
      const input = parseInput(communicationUpdate, update);
      const saved = await activation.settings.update(org.id, input);
      await audit.recordAfter(org.id, {
        actor: actorOf(req),
        action: "communication.update",
        target: { type: "organisation", id: org.id, label: org.name },
        summary: `auto-send: ${AUTO_SEND_SOURCES.filter((s) => saved.autoSend[s]).join(", ") || "none"}; SMS ${saved.smsEnabled ? "on" : "off"}`,
      });
      res.redirect(303, `${base(req)}?done=saved`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      // Show what was typed, not what is stored, next to the errors.
      const current = await activation.settings.get(org.id);
      const typed: CommunicationSettings = {
        ...current,
        autoSend: update.autoSend as CommunicationSettings["autoSend"],
        smsEnabled: update.smsEnabled,
        senderName: update.senderName ?? null,
        replyTo: update.replyTo ?? null,
        linkLifetimeHours: update.linkLifetimeHours as number,
        oneTimePasswordLifetimeHours: update.oneTimePasswordLifetimeHours as number,
      };
      await settingsPage(req, res, typed, problem);
    }
  });

  /** The template, or 404 for an unknown purpose or a language the organisation does not have. */
  const templateOf = async (req: Request): Promise<TemplateView> => {
    const { purpose, language } = req.params as { purpose: string; language: string };
    try {
      return await activation.getTemplate(orgOf(req), purpose, language);
    } catch (error) {
      if (formProblem(error, t(req))) throw notFound("Message template", "activation.unknown_template");
      throw error;
    }
  };

  const templatePage = (
    req: Request,
    res: Response,
    view: TemplateView,
    shown: Template,
    options: { problem?: FormProblem; previewOnly?: boolean } = {},
  ) => {
    const tr = t(req);
    const errors = options.problem?.fields ?? {};
    const action = `${base(req)}/templates/${view.purpose}/${view.language}`;
    const preview = options.problem ? undefined : renderTemplate(shown, sampleValues(deps, req));
    const purposeLabel = tr(`comm.purpose.${view.purpose}`);
    const body = html`<p><a href="${base(req)}#templates">← ${tr("comm.title")}</a></p>
      <h1>${purposeLabel} · ${languageLabel(view.language)}</h1>
      <p class="lead">
        ${view.isDefault ? tr("comm.builtInLong") : tr("comm.custom", { when: when(view.updatedAt) })}
      </p>
      <p class="hint">${tr(`comm.placeholders.${view.purpose}`)}</p>
      ${problemSummary(options.problem, tr("errors.summaryTitle"))}
      <div class="split">
        <form method="post" action="${action}" class="panel" novalidate>
          ${csrfField(req)}
          ${input({ name: "subject", label: tr("comm.subject"), value: shown.subject, error: errors.subject })}
          ${textarea({ name: "html", label: tr("comm.html"), value: shown.html, rows: 10, code: true, error: errors.html })}
          ${textarea({ name: "text", label: tr("comm.text"), value: shown.text, rows: 8, error: errors.text })}
          ${textarea({ name: "sms", label: tr("comm.smsText"), value: shown.sms, rows: 3, error: errors.sms, hint: tr("comm.smsTextHint") })}
          <div class="form-actions">
            <button type="submit" name="intent" value="save">${tr("common.save")}</button>
            <button type="submit" name="intent" value="preview" class="secondary">
              ${tr("comm.preview")}
            </button>
          </div>
        </form>
        ${
          preview
            ? html`<section class="panel preview" aria-labelledby="preview-title">
                <h2 id="preview-title">
                  ${options.previewOnly ? tr("comm.previewUnsaved") : tr("comm.previewTitle")}
                </h2>
                <dl class="facts">
                  <dt>${tr("comm.subject")}</dt>
                  <dd>${preview.subject}</dd>
                </dl>
                <h3>${tr("comm.html")}</h3>
                <!-- Sandboxed: the message's markup can run nothing and reach nothing on this page. -->
                <iframe
                  class="mail-preview"
                  sandbox=""
                  srcdoc="${preview.html}"
                  title="${tr("comm.html")}"
                ></iframe>
                <h3>${tr("comm.text")}</h3>
                <pre class="message">${preview.text}</pre>
                <h3>${tr("comm.smsText")}</h3>
                <pre class="message">${preview.sms}</pre>
              </section>`
            : ""
        }
      </div>`;
    consolePage(req, res, {
      title: `${purposeLabel} · ${view.language}`,
      section: "communication",
      body,
      status: options.problem ? 422 : 200,
      flash: doneKey(req, ["saved"] as const) ? { kind: "ok", text: tr("comm.templateSaved") } : undefined,
    });
  };

  router.get("/templates/:purpose/:language", async (req, res) => {
    const view = await templateOf(req);
    templatePage(req, res, view, view);
  });

  router.post("/templates/:purpose/:language", async (req, res) => {
    const org = orgOf(req);
    const view = await templateOf(req);
    const body = bodyOf(req);
    const typed: Template = {
      subject: text(body, "subject") ?? "",
      html: text(body, "html") ?? "",
      text: text(body, "text") ?? "",
      sms: text(body, "sms") ?? "",
    };
    try {
      const input = parseInput(templatePut, typed);
      if (body.intent === "preview") {
        // The same checks as saving, without saving.
        checkTemplate(view.purpose as MessagePurpose, input);
        return templatePage(req, res, view, input, { previewOnly: true });
      }
      await activation.putTemplate(org, view.purpose, view.language, input);
      await audit.recordAfter(org.id, {
        actor: actorOf(req),
        action: "communication.template",
        target: { type: "template", id: null, label: `${view.purpose}/${view.language}` },
        summary: `subject: ${input.subject}`,
      });
      res.redirect(303, `${base(req)}/templates/${view.purpose}/${view.language}?done=saved`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      templatePage(req, res, view, typed, { problem });
    }
  });

  return router;
}

/** What the preview fills the placeholders with: recognisably an example. */
function sampleValues(deps: ConsoleDeps, req: Request) {
  const org = orgOf(req);
  return {
    firstName: "Alice",
    lastName: "Andersen",
    organisation: org.name,
    link: `${deps.publicUrl}/o/${org.slug}/activate/EXAMPLE-LINK`,
    password: "Example-Password-42",
  };
}

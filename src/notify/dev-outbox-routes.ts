import { Router, type Request } from "express";
import { AppError } from "../lib";
import { html, pageKit, sendPage, type SafeHtml } from "../web";
import { extractLinks, type DevMessage, type DevOutboxReader } from "./dev-outbox";

export interface DevOutboxDeps {
  reader: DevOutboxReader;
  /** An organisation's slug (or name) for the list; ids alone say little to a developer. */
  organisationLabel: (organisationId: string) => Promise<string>;
}

const time = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);

/**
 * `/dev/outbox`: what would have been sent, readable in the browser, so that `npm start` with
 * no SMTP server still shows the activation email and its working link. The caller mounts it
 * only outside production; it has no authentication of its own.
 */
export function devOutboxRouter(deps: DevOutboxDeps): Router {
  const router = Router();

  router.get("/", async (req, res) => {
    const messages = await deps.reader.list();
    const labels = new Map<string, string>();
    for (const m of messages) {
      if (!labels.has(m.organisationId))
        labels.set(
          m.organisationId,
          await deps.organisationLabel(m.organisationId).catch(() => m.organisationId),
        );
    }
    render(req, res, "Dev outbox", listPage(messages, labels));
  });

  router.get("/:id", async (req, res) => {
    const message = await deps.reader.get(String(req.params.id));
    if (!message) throw new AppError("notify.message_not_found", "No such message", { status: 404 });
    const label = await deps.organisationLabel(message.organisationId).catch(() => message.organisationId);
    render(req, res, message.subject ?? message.purpose, messagePage(message, label));
  });
  return router;
}

function render(req: Request, res: Parameters<typeof sendPage>[0], title: string, body: SafeHtml) {
  const { language, t } = pageKit(req, undefined);
  sendPage(res, 200, { title, body, language, t, wide: true });
}

function listPage(messages: DevMessage[], labels: Map<string, string>): SafeHtml {
  const rows = messages.map(
    (m) =>
      html`<tr>
        <td><a href="/dev/outbox/${m.id}">${time(m.createdAt)}</a></td>
        <td>${labels.get(m.organisationId)}</td>
        <td>${m.channel}: ${m.to}</td>
        <td><a href="/dev/outbox/${m.id}">${m.subject ?? m.purpose}</a></td>
        <td>${m.status}${m.transport === "dev" ? " (dev)" : ""}</td>
      </tr>`,
  );
  return html`<div class="card">
    <h1>Dev outbox</h1>
    <p class="hint">
      Development only. Messages for a channel without configuration (SMTP_URL, SMS_PROVIDER) are kept here
      instead of being sent. Newest first.
    </p>
    ${
      messages.length
        ? html`<table>
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Organisation</th>
                <th>To</th>
                <th>Subject / purpose</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p>No messages yet.</p>`
    }
  </div>`;
}

function messagePage(m: DevMessage, organisation: string): SafeHtml {
  const links = extractLinks(m.text, m.html);
  // The email's own HTML goes into a sandboxed srcdoc frame: no scripts, no access to this page;
  // <base target="_blank"> makes its links open as a new, unsandboxed tab.
  const frame = m.html
    ? html`<h2>HTML</h2>
        <iframe
          title="HTML body"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcdoc="${`<base target="_blank">${m.html}`}"
          width="100%"
          height="480"
        ></iframe>`
    : "";
  return html`<div class="card">
    <p><a href="/dev/outbox">← Dev outbox</a></p>
    <h1>${m.subject ?? m.purpose}</h1>
    <dl class="facts">
      <dt>To</dt>
      <dd>${m.channel}: ${m.to}</dd>
      ${
        m.fromName
          ? html`<dt>From</dt>
              <dd>${m.fromName}</dd>`
          : ""
      }
      ${
        m.replyTo
          ? html`<dt>Reply-To</dt>
              <dd>${m.replyTo}</dd>`
          : ""
      }
      <dt>Organisation</dt>
      <dd>${organisation}</dd>
      <dt>Purpose</dt>
      <dd>${m.purpose}</dd>
      <dt>Created</dt>
      <dd>${time(m.createdAt)} UTC</dd>
      <dt>Status</dt>
      <dd>${m.status}${m.transport ? ` via ${m.transport}` : ""}, ${m.attempts} attempt(s)</dd>
      ${
        m.lastError
          ? html`<dt>Last error</dt>
              <dd>${m.lastError}</dd>`
          : ""
      }
    </dl>
    ${
      links.length
        ? html`<h2>Links</h2>
            <ul class="links">
              ${links.map((link) => html`<li><a href="${link}">${link}</a></li>`)}
            </ul>`
        : ""
    }
    ${
      m.text !== undefined
        ? html`<h2>Text</h2>
            <pre>${m.text}</pre>`
        : html`<p class="hint">The body is no longer stored (it is wiped once a real transport sent it).</p>`
    }
    ${frame}
  </div>`;
}

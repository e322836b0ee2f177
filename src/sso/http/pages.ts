import type { Request, Response } from "express";
import type { Organisation } from "../../directory";
import { html, pageKit, sendPage } from "../../web";
import type { SsoFailure } from "../errors";
import { ssoText } from "./messages";

/** A failed SSO login: a plain sentence, the short code and the request id; nothing else. */
export function sendFailure(
  req: Request,
  res: Response,
  org: Organisation | undefined,
  failure: SsoFailure,
  status: number,
) {
  const { language, t } = pageKit(req, org);
  const s = ssoText(language);
  const body = html`<div class="card">
    <h1>${s("title")}</h1>
    <p role="alert">${s(failure)}</p>
    <p class="hint">${s("code")}: <code>${failure}</code> · ${s("reference")}: <code>${req.id}</code></p>
    ${org ? html`<p><a href="/o/${org.slug}/login">${s("back")}</a></p>` : ""}
  </div>`;
  sendPage(res, status, { title: s("title"), body, language, t, org });
}

/** JIT is off and nobody matched: say so, and whom to ask (PRODUCT.md §2). */
export function sendNotProvisioned(req: Request, res: Response, org: Organisation, contact: string | null) {
  const { language, t } = pageKit(req, org);
  const s = ssoText(language);
  const body = html`<div class="card">
    <h1>${s("notProvisionedTitle")}</h1>
    <p>${s("notProvisionedBody")}</p>
    ${contact ? html`<p>${s("contactUs")} <strong>${contact}</strong></p>` : html`<p>${s("contactAdmin")}</p>`}
    <p class="hint">
      ${s("code")}: <code>sso.not_provisioned</code> · ${s("reference")}: <code>${req.id}</code>
    </p>
    <p><a href="/o/${org.slug}/login">${s("back")}</a></p>
  </div>`;
  sendPage(res, 403, { title: s("notProvisionedTitle"), body, language, t, org });
}

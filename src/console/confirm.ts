import type { Request, Response } from "express";
import { html } from "../web";
import { t as translate } from "./i18n";
import { consolePage, csrfField, type ConsoleSection } from "./shell";
import { pageHeader, str } from "./ui";

export interface Confirmation {
  section: ConsoleSection;
  /** "Deactivate Mia Madsen?" */
  title: string;
  /** What happens, in one or two sentences. */
  question: string;
  /** The danger button's text ("Yes, deactivate"). */
  button: string;
  /** Where "Cancel" leads (the page the admin came from). */
  cancelHref: string;
}

/**
 * The no-JavaScript confirmation of a destructive action: the first POST (the button on the page)
 * answers with a page that says what will happen and posts the same form again with
 * `confirm=yes`; only that second POST changes anything. Call it AFTER the target was loaded in
 * the admin's organisation, so another organisation's id is still a 404 and not a question.
 * Returns true when the action is confirmed; otherwise the page has been sent.
 */
export function confirmed(req: Request, res: Response, c: Confirmation): boolean {
  const body = req.body as Record<string, unknown> | undefined;
  if (str(body?.confirm) === "yes") return true;
  const t = translate(req);
  // The path only: the action never carries a query string along.
  const action = `${req.baseUrl}${req.path}`;
  consolePage(req, res, {
    title: c.title,
    section: c.section,
    body: html`${pageHeader(c.title)}
      <section class="panel danger" aria-labelledby="confirm-question">
        <p id="confirm-question">${c.question}</p>
        <form method="post" action="${action}" class="button-row">
          ${csrfField(req)}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger">${c.button}</button>
          <a class="button secondary" href="${c.cancelHref}">${t("common.cancel")}</a>
        </form>
      </section>`,
  });
  return false;
}

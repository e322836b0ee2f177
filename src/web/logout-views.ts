import type { Request } from "express";
import type { Organisation } from "../directory";
import { raw } from "./html";
import { loggedOutPage, logoutConfirmPage } from "./pages/logout";
import { pageHtml, pageKit } from "./render";

/**
 * The pages oidc-provider shows at the end of an application's logout, in Admit's layout and the
 * organisation's language (they are written into oidc-provider's response, hence strings).
 */
export function logoutConfirmHtml(
  req: Request,
  org: Organisation | undefined,
  provider: { form: string; formId: string },
): string {
  const { language, t } = pageKit(req, org);
  // The form is oidc-provider's own markup (an action URL and an escaped hidden value).
  const body = logoutConfirmPage({ t, form: raw(provider.form), formId: provider.formId });
  return pageHtml(req, { title: t("logout.title"), body, language, t, org, fixedLanguage: true });
}

export function loggedOutHtml(req: Request, org: Organisation | undefined): string {
  const { language, t } = pageKit(req, org);
  const body = loggedOutPage({ t, loginHref: org ? `/o/${org.slug}/login` : undefined });
  return pageHtml(req, { title: t("logout.doneTitle"), body, language, t, org, fixedLanguage: true });
}

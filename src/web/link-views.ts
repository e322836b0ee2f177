import type { Request, Response } from "express";
import type { TokenPurpose } from "../activation";
import type { Auth } from "../auth";
import type { Organisation } from "../directory";
import type { MessageKey } from "./i18n";
import { linkInvalidPage, messagePage } from "./pages/link";
import { newPasswordPage } from "./pages/password";
import { pageKit, sendPage } from "./render";

export interface Flow {
  path: string;
  title: MessageKey;
  intro: MessageKey;
  submit: MessageKey;
  /** Where its "send me a new link" form posts. */
  requestPath: string;
}

export const FLOWS: Record<TokenPurpose, Flow> = {
  activation: {
    path: "activate",
    title: "activate.title",
    intro: "activate.intro",
    submit: "activate.submit",
    requestPath: "activate",
  },
  password_reset: {
    path: "reset",
    title: "reset.title",
    intro: "reset.intro",
    submit: "reset.submit",
    requestPath: "forgot",
  },
};

export const orgOf = (req: Request) => req.pageOrg as Organisation;
const base = (req: Request) => `/o/${orgOf(req).slug}`;

/** The pages of the link flows: too many attempts, a link that does not work, choose a password. */
export function linkViews(auth: Auth) {
  const throttledPage = (req: Request, res: Response) => {
    const { language, t } = pageKit(req, orgOf(req));
    const body = messagePage({
      t,
      title: t("error.title"),
      message: t("link.throttled"),
      loginHref: `${base(req)}/login`,
    });
    sendPage(res, 429, { title: t("error.title"), body, language, t, org: orgOf(req) });
  };

  /** One page, one status for every link that does not work (unknown, used, replaced, expired). */
  const invalidLink = (req: Request, res: Response, flow: Flow) => {
    const { language, t } = pageKit(req, orgOf(req));
    const body = linkInvalidPage({
      t,
      action: `${base(req)}/${flow.requestPath}`,
      csrf: auth.browser.csrfToken(req, res),
      loginHref: `${base(req)}/login`,
    });
    sendPage(res, 410, { title: t("link.invalidTitle"), body, language, t, org: orgOf(req) });
  };

  const passwordForm = (
    req: Request,
    res: Response,
    flow: Flow,
    user: { language: string; email: string | null; userName: string | null },
    status: number,
    error?: string,
  ) => {
    const { language, t } = pageKit(req, orgOf(req), user.language);
    const body = newPasswordPage({
      t,
      error,
      title: t(flow.title),
      intro: t(flow.intro),
      submit: t(flow.submit),
      account: user.email ?? user.userName ?? undefined,
      action: `${base(req)}/${flow.path}/${String(req.params.token)}`,
      csrf: auth.browser.csrfToken(req, res),
    });
    sendPage(res, status, { title: t(flow.title), body, language, t, org: orgOf(req) });
  };

  return { throttledPage, invalidLink, passwordForm };
}

import type { NextFunction, Request, Response, Router } from "express";
import type { RequestHandler } from "express";
import type { Auth } from "../auth";
import type { Organisation } from "../directory";
import { loginPage, type SsoLoginModel } from "./pages/login";
import { pageKit, sendPage } from "./render";

/**
 * What the login page needs from the SSO bridge (src/sso implements it; declared here so the
 * pages do not depend on SSO internals): the "Sign in with …" buttons and home-realm discovery.
 */
export interface SsoLoginPort {
  loginOptions(
    org: Organisation,
    next?: string,
  ): Promise<{ buttons: Array<{ name: string; href: string }>; discovery: boolean }>;
  /** The start URL of the connection that owns the email's domain, or null. */
  discover(org: Organisation, email: string, next?: string): Promise<string | null>;
}

export async function ssoLoginModel(
  port: SsoLoginPort | undefined,
  org: Organisation,
  next?: string,
): Promise<SsoLoginModel | undefined> {
  if (!port) return undefined;
  const options = await port.loginOptions(org, next);
  if (!options.buttons.length) return undefined;
  return {
    buttons: options.buttons,
    discoverAction: options.discovery ? `/o/${org.slug}/login/discover` : undefined,
  };
}

/**
 * POST /o/{org}/login/discover (email first, PRODUCT.md §2): an email of an SSO domain goes to
 * its IdP; any other goes back to the password form with the email filled in. Works without
 * JavaScript: a plain form post and a redirect or a page.
 */
export function ssoDiscoverRoute(
  org: Router,
  deps: {
    auth: Auth;
    sso: SsoLoginPort;
    form: RequestHandler;
    csrfGuard: (req: Request, res: Response, next: NextFunction) => void;
    safeNext: (org: Organisation, next: unknown) => string | undefined;
  },
): void {
  org.post("/login/discover", deps.form, deps.csrfGuard, async (req, res) => {
    const organisation = req.pageOrg as Organisation;
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === "string" ? body.email.trim().slice(0, 320) : "";
    const next = deps.safeNext(organisation, body.next);
    const target = email.includes("@") ? await deps.sso.discover(organisation, email, next) : null;
    if (target) return res.redirect(303, target);
    const { language, t } = pageKit(req, organisation);
    const page = loginPage({
      action: `/o/${organisation.slug}/login`,
      csrf: deps.auth.browser.csrfToken(req, res),
      identifier: email,
      next,
      forgotHref: `/o/${organisation.slug}/forgot`,
      sso: await ssoLoginModel(deps.sso, organisation, next),
      t,
    });
    sendPage(res, 200, { title: t("login.title"), body: page, language, t, org: organisation });
  });
}

import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import type { Auth } from "../auth";
import type { Organisation } from "../directory";
import { AppError } from "../lib";
import type { Signup, SignupErrors, SignupForm, SignupFormModel } from "../signup";
import { languageOptions } from "./languages";
import { messagePage } from "./pages/link";
import { signupPage, signupSentPage, signupSsoPage } from "./pages/signup";
import { pageKit, sendPage } from "./render";

export interface SignupPagesDeps {
  auth: Auth;
  signup: Signup;
  form: RequestHandler;
  csrfGuard: RequestHandler;
}

const orgOf = (req: Request) => req.pageOrg as Organisation;
const notOpen = () => new AppError("signup.disabled", "Sign-up is not available here", { status: 404 });

/**
 * `/o/{org}/signup`: the self sign-up form (PRODUCT.md §4). Where the organisation has not
 * turned sign-up on, both GET and POST answer the friendly 404 page.
 */
export function signupPages(org: Router, deps: SignupPagesDeps): void {
  const { auth, signup } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}`;

  const open = async (req: Request, _res: Response, next: NextFunction) => {
    if (!(await signup.isOpen(orgOf(req)))) throw notOpen();
    next();
  };

  const showForm = (
    req: Request,
    res: Response,
    status: number,
    model: SignupFormModel,
    form: Partial<SignupForm>,
    errors: SignupErrors = {},
  ) => {
    const organisation = orgOf(req);
    const { language, t } = pageKit(req, organisation);
    const offered = model.choices.languages;
    const fallback =
      offered.find((l) => l === language || l.split("-")[0] === language) ?? organisation.defaultLanguage;
    const body = signupPage({
      t,
      action: `${base(req)}/signup`,
      csrf: auth.browser.csrfToken(req, res),
      loginHref: `${base(req)}/login`,
      form: { ...form, language: form.language || fallback },
      errors,
      languages: languageOptions(offered),
      usernameAllowed: model.choices.usernameAllowed,
      departments: model.departments,
      allowedEmailDomains: model.choices.allowedEmailDomains,
    });
    sendPage(res, status, { title: t("signup.title"), body, language, t, org: organisation });
  };

  org.get("/signup", open, async (req, res) => {
    const organisation = orgOf(req);
    if (req.browserSession?.session.organisationId === organisation.id)
      return res.redirect(303, `${base(req)}/account`);
    const model = await signup.service.form(organisation);
    if (!model) throw notOpen();
    showForm(req, res, 200, model, {});
  });

  org.post("/signup", open, deps.form, deps.csrfGuard, async (req, res) => {
    const organisation = orgOf(req);
    const outcome = await signup.service.submit(organisation, req.body, req.ip ?? "");
    const { language, t } = pageKit(req, organisation);
    const loginHref = `${base(req)}/login`;
    switch (outcome.kind) {
      case "invalid": {
        const model = await signup.service.form(organisation);
        if (!model) throw notOpen();
        // The honeypot is never sent back; everything else is, to be corrected in place.
        const { website: _w, ...kept } = outcome.form;
        return showForm(req, res, 422, model, kept, outcome.errors);
      }
      case "throttled": {
        const message = outcome.reason === "sms" ? t("signup.throttledSms") : t("signup.throttled");
        const body = messagePage({ t, title: t("signup.title"), message, loginHref });
        return sendPage(res, 429, { title: t("signup.title"), body, language, t, org: organisation });
      }
      case "sso": {
        const body = signupSsoPage({ t, ...outcome.target, loginHref });
        return sendPage(res, 200, { title: t("signup.sso.title"), body, language, t, org: organisation });
      }
      case "accepted": {
        const body = signupSentPage({ t, loginHref, manual: outcome.activation === "manual" });
        return sendPage(res, 200, { title: t("signup.sent.title"), body, language, t, org: organisation });
      }
    }
  });
}

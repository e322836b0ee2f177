import type { Request, RequestHandler, Response, Router } from "express";
import type { Activation, TokenPurpose } from "../activation";
import { checkPasswordPolicy, hashPassword, type Auth } from "../auth";
import type { Directory } from "../directory";
import { AppError } from "../lib";
import { FLOWS, linkViews, orgOf, type Flow } from "./link-views";
import { forgotPage, linkSentPage } from "./pages/link";
import { policyMessage } from "./policy";
import { pageKit, sendPage } from "./render";

export interface ActivationPagesDeps {
  auth: Auth;
  directory: Directory;
  activation: Activation;
  form: RequestHandler;
  csrfGuard: RequestHandler;
}

const ipOf = (req: Request) => req.ip ?? "";
const isThrottled = (error: unknown) => error instanceof AppError && error.code === "activation.throttled";

/**
 * The pages a person reaches from a message: /activate/{token} and /reset/{token} (choose a
 * password, then signed in), and the "send me a link" forms (/activate, /forgot).
 */
export function activationPages(org: Router, deps: ActivationPagesDeps): void {
  const { auth, activation } = deps;
  const self = activation.selfService;
  const base = (req: Request) => `/o/${orgOf(req).slug}`;

  const { throttledPage, invalidLink, passwordForm } = linkViews(auth);

  for (const [purpose, flow] of Object.entries(FLOWS) as Array<[TokenPurpose, Flow]>) {
    org.get(`/${flow.path}/:token`, async (req, res) => {
      try {
        const user = await self.open(orgOf(req), String(req.params.token), purpose, ipOf(req));
        if (!user) return invalidLink(req, res, flow);
        passwordForm(req, res, flow, user, 200);
      } catch (error) {
        if (!isThrottled(error)) throw error;
        throttledPage(req, res);
      }
    });

    org.post(`/${flow.path}/:token`, deps.form, deps.csrfGuard, async (req, res) => {
      const organisation = orgOf(req);
      const token = String(req.params.token);
      try {
        const user = await self.open(organisation, token, purpose, ipOf(req));
        if (!user) return invalidLink(req, res, flow);
        const { password, confirm } = req.body as Record<string, unknown>;
        const { t } = pageKit(req, organisation, user.language);
        if (typeof password !== "string" || password !== confirm) {
          return passwordForm(req, res, flow, user, 422, t("password.mismatch"));
        }
        try {
          checkPasswordPolicy(password, [user.email, user.userName]);
        } catch (error) {
          return passwordForm(req, res, flow, user, 422, policyMessage(t, error));
        }
        const done = await self.complete(
          organisation,
          token,
          purpose,
          await hashPassword(password),
          ipOf(req),
        );
        // Lost a race with another use of the same link, or it expired meanwhile.
        if (!done) return invalidLink(req, res, flow);
        const session = await auth.sessions.start(organisation.id, done.id);
        auth.browser.begin(res, session.token, session.session.expiresAt);
        await deps.directory.users.recordLogin(done.id);
        res.redirect(303, `${base(req)}/account`);
      } catch (error) {
        if (!isThrottled(error)) throw error;
        throttledPage(req, res);
      }
    });
  }

  const requestLink = async (req: Request, res: Response) => {
    const { identifier } = req.body as Record<string, unknown>;
    try {
      await self.requestLink(orgOf(req), typeof identifier === "string" ? identifier : "", ipOf(req));
    } catch (error) {
      if (!isThrottled(error)) throw error;
      return throttledPage(req, res);
    }
    const { language, t } = pageKit(req, orgOf(req));
    const body = linkSentPage({ t, loginHref: `${base(req)}/login` });
    sendPage(res, 200, { title: t("link.sentTitle"), body, language, t, org: orgOf(req) });
  };

  org.post("/activate", deps.form, deps.csrfGuard, requestLink);
  org.post("/forgot", deps.form, deps.csrfGuard, requestLink);
  org.get("/forgot", (req, res) => {
    const { language, t } = pageKit(req, orgOf(req));
    const body = forgotPage({
      t,
      action: `${base(req)}/forgot`,
      csrf: auth.browser.csrfToken(req, res),
      loginHref: `${base(req)}/login`,
    });
    sendPage(res, 200, { title: t("forgot.title"), body, language, t, org: orgOf(req) });
  });
}

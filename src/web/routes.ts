import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Activation } from "../activation";
import { checkPasswordPolicy, hashPassword, verifyPassword, type Auth } from "../auth";
import type { Directory, Organisation, UserView } from "../directory";
import type { Signup } from "../signup";
import { logIfServerError, toAppError } from "../http";
import { AppError } from "../lib";
import { activationPages } from "./activation-routes";
import { STYLESHEET } from "./assets";
import { translator } from "./i18n";
import { accountPage } from "./pages/account";
import { errorPage } from "./pages/error";
import { loginPage } from "./pages/login";
import { newPasswordPage } from "./pages/password";
import { policyMessage } from "./policy";
import { pageKit, sendPage } from "./render";
import { signupPages } from "./signup-routes";
import { ssoDiscoverRoute, ssoLoginModel, type SsoLoginPort } from "./sso-login";

declare module "express-serve-static-core" {
  interface Request {
    pageOrg?: Organisation;
    pageUser?: UserView;
  }
}

/** Only a path inside this organisation's pages may be a post-login destination (no open redirect). */
function safeNext(org: Organisation, next: unknown): string | undefined {
  if (typeof next !== "string") return undefined;
  const prefix = `/o/${org.slug}/`;
  return next.startsWith(prefix) && !next.includes("//") && !next.includes("\\") ? next : undefined;
}

/** The forced password change, remembering a safe destination for afterwards. */
function passwordPath(org: Organisation, next: unknown): string {
  const target = safeNext(org, next);
  const path = `/o/${org.slug}/password`;
  // The account page is where the change leads anyway: no need to carry it.
  const worthKeeping = target && !target.startsWith(path) && target !== `/o/${org.slug}/account`;
  return worthKeeping ? `${path}?next=${encodeURIComponent(target)}` : path;
}

export function webRoutes(deps: {
  auth: Auth;
  directory: Directory;
  activation: Activation;
  /** SSO buttons and home-realm discovery on the login page (src/sso), when wired. */
  sso?: SsoLoginPort;
  /** Self sign-up (src/signup): the login page's "Create one now!" and /signup, when wired. */
  signup?: Signup;
  /** Ends this browser's OpenID provider session (src/oidc) with the Admit session, when wired. */
  endProviderSession?: (req: Request, res: Response) => Promise<void>;
}): Router {
  const { auth, directory } = deps;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "20kb", parameterLimit: 50 });
  const signupHref = async (o: Organisation) =>
    deps.signup && (await deps.signup.isOpen(o)) ? `/o/${o.slug}/signup` : undefined;

  router.get("/assets/admit.css", (_req, res) => {
    res.type("css").setHeader("Cache-Control", "public, max-age=3600").send(STYLESHEET);
  });

  const org = Router({ mergeParams: true });
  router.use("/o/:org", loadOrg(directory), org);

  const csrfGuard = (req: Request, _res: Response, next: NextFunction) => {
    if (!auth.browser.checkCsrf(req, (req.body as Record<string, unknown> | undefined)?._csrf)) {
      throw new AppError("auth.csrf", "Invalid CSRF token", { status: 403 });
    }
    next();
  };

  /** Signed in to this organisation as a user who is not deactivated. */
  const requireUser = async (req: Request, res: Response, next: NextFunction) => {
    const organisation = req.pageOrg as Organisation;
    const session = req.browserSession?.session;
    const user =
      session && session.organisationId === organisation.id
        ? await directory.users.view(organisation.id, session.userId).catch(() => undefined)
        : undefined;
    if (!user || user.status === "deactivated") {
      return res.redirect(303, `/o/${organisation.slug}/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    req.pageUser = user;
    // A one-time password must be replaced before anything else; where the user was going
    // (an application's sign-in, say) is kept for after the change.
    if (user.passwordMustChange && req.path !== "/password")
      return res.redirect(
        303,
        passwordPath(organisation, req.method === "GET" ? req.originalUrl : undefined),
      );
    next();
  };

  org.get("/", (req, res) => res.redirect(303, `/o/${(req.pageOrg as Organisation).slug}/login`));

  org.get("/login", async (req, res) => {
    const organisation = req.pageOrg as Organisation;
    if (req.browserSession?.session.organisationId === organisation.id) {
      return res.redirect(303, `/o/${organisation.slug}/account`);
    }
    const { language, t } = pageKit(req, organisation);
    const body = loginPage({
      action: `/o/${organisation.slug}/login`,
      csrf: auth.browser.csrfToken(req, res),
      next: safeNext(organisation, req.query.next),
      forgotHref: `/o/${organisation.slug}/forgot`,
      signupHref: await signupHref(organisation),
      sso: await ssoLoginModel(deps.sso, organisation, safeNext(organisation, req.query.next)),
      t,
    });
    sendPage(res, 200, { title: t("login.title"), body, language, t, org: organisation });
  });

  org.post("/login", form, csrfGuard, async (req, res) => {
    const organisation = req.pageOrg as Organisation;
    const { identifier, password, next } = req.body as Record<string, unknown>;
    const id = typeof identifier === "string" ? identifier.slice(0, 320) : "";
    try {
      const result = await auth.login.login(
        organisation.id,
        id,
        typeof password === "string" ? password : "",
        req.ip ?? "",
      );
      auth.browser.begin(res, result.sessionToken, result.expiresAt);
      const target = result.user.passwordMustChange
        ? passwordPath(organisation, next)
        : (safeNext(organisation, next) ?? `/o/${organisation.slug}/account`);
      res.redirect(303, target);
    } catch (error) {
      if (!(error instanceof AppError) || !error.code.startsWith("auth.")) throw error;
      const { language, t } = pageKit(req, organisation);
      const message = error.code === "auth.throttled" ? t("login.throttled") : t("login.failed");
      const body = loginPage({
        action: `/o/${organisation.slug}/login`,
        csrf: auth.browser.csrfToken(req, res),
        identifier: id,
        next: safeNext(organisation, next),
        error: message,
        forgotHref: `/o/${organisation.slug}/forgot`,
        signupHref: await signupHref(organisation),
        sso: await ssoLoginModel(deps.sso, organisation, safeNext(organisation, next)),
        t,
      });
      sendPage(res, error.status, { title: t("login.title"), body, language, t, org: organisation });
    }
  });

  org.post("/logout", form, csrfGuard, async (req, res) => {
    await auth.browser.end(req, res);
    // The provider session goes too: nothing of this login is left for an application to reuse.
    // The Admit session is already over: a failure here is logged, the person is still signed out.
    await deps.endProviderSession?.(req, res).catch((error: unknown) => {
      req.log.error({ err: error }, "ending the OpenID provider session at logout failed");
    });
    res.redirect(303, `/o/${(req.pageOrg as Organisation).slug}/login`);
  });

  org.get("/account", requireUser, (req, res) => {
    const organisation = req.pageOrg as Organisation;
    const user = req.pageUser as UserView;
    const { language, t } = pageKit(req, organisation, user.language);
    const body = accountPage(user, {
      t,
      csrf: auth.browser.csrfToken(req, res),
      logoutAction: `/o/${organisation.slug}/logout`,
      consoleHref: user.consoleAccess ? `/o/${organisation.slug}/admin` : undefined,
    });
    sendPage(res, 200, { title: t("account.title"), body, language, t, org: organisation });
  });

  const passwordForm = (req: Request, res: Response, status: number, error?: string) => {
    const organisation = req.pageOrg as Organisation;
    const { language, t } = pageKit(req, organisation, req.pageUser?.language);
    const body = newPasswordPage({
      t,
      error,
      action: `/o/${organisation.slug}/password`,
      csrf: auth.browser.csrfToken(req, res),
      next: safeNext(
        organisation,
        req.method === "POST" ? (req.body as Record<string, unknown>).next : req.query.next,
      ),
    });
    sendPage(res, status, { title: t("password.title"), body, language, t, org: organisation });
  };

  org.get("/password", requireUser, (req, res) => passwordForm(req, res, 200));

  org.post("/password", form, requireUser, csrfGuard, async (req, res) => {
    const organisation = req.pageOrg as Organisation;
    const user = req.pageUser as UserView;
    const { password, confirm } = req.body as Record<string, unknown>;
    const t = translator(pageKit(req, organisation, user.language).language);
    if (typeof password !== "string" || password !== confirm)
      return passwordForm(req, res, 422, t("password.mismatch"));
    try {
      checkPasswordPolicy(password, [user.email, user.userName]);
    } catch (error) {
      return passwordForm(req, res, 422, policyMessage(t, error));
    }
    // Whoever handed out the one-time password knows it: it cannot become the person's own.
    const stored = await directory.users.get(organisation.id, user.id);
    if (stored.passwordMustChange && (await verifyPassword(stored.passwordHash, password)))
      return passwordForm(req, res, 422, t("password.reused"));
    // A password of one's own: no longer must change, and no expiry (a one-time password's ends).
    await directory.users.setPassword(organisation.id, user.id, await hashPassword(password), false);
    if (user.status === "pending") await directory.users.setStatus(organisation.id, user.id, "active");
    // Other devices signed in with the old password are signed out.
    await auth.sessions.endAllFor(user.id, req.browserSession?.session.id);
    // Back to what the user came for (e.g. the application's authorization request), if anything.
    const { next } = req.body as Record<string, unknown>;
    res.redirect(303, safeNext(organisation, next) ?? `/o/${organisation.slug}/account`);
  });

  if (deps.sso) ssoDiscoverRoute(org, { auth, sso: deps.sso, form, csrfGuard, safeNext });

  activationPages(org, { auth, directory, activation: deps.activation, form, csrfGuard });
  if (deps.signup) signupPages(org, { auth, signup: deps.signup, form, csrfGuard });

  router.use(pageErrorHandler());
  return router;
}

function loadOrg(directory: Directory) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const organisation = await directory.organisations.findBySlug(String(req.params.org ?? ""));
    if (!organisation)
      throw new AppError("directory.organisation_not_found", "No such organisation", { status: 404 });
    req.pageOrg = organisation;
    next();
  };
}

/** Friendly, localized error pages; the detail of a 5xx stays in the log, tied by request id. */
export function pageErrorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(error);
    logIfServerError(appError, req);
    if (res.headersSent) return;
    const { language, t } = pageKit(req, req.pageOrg);
    const message =
      appError.status === 404
        ? t("error.notFound")
        : appError.code === "auth.csrf"
          ? t("error.csrf")
          : appError.status === 429
            ? t("error.throttled")
            : t("error.generic");
    const title = appError.status === 404 ? t("error.notFoundTitle") : t("error.title");
    sendPage(res, appError.status, {
      title,
      body: errorPage({
        t,
        title,
        message,
        requestId: appError.status >= 500 ? req.id : undefined,
        loginHref: req.pageOrg ? `/o/${req.pageOrg.slug}/login` : undefined,
      }),
      language,
      t,
      org: req.pageOrg,
    });
  };
}

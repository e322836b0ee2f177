/**
 * The administration console (PRODUCT.md §6): server-rendered pages under `/o/{org}/admin` for
 * users whose permission type grants console access.
 *
 * - Same stack as src/web: html`` templates, the shared stylesheet (console block in
 *   src/web/assets.ts), no inline script or style (CSP), progressive enhancement only — every
 *   action is a plain <form method="post"> with a hidden `_csrf` field.
 * - guard.ts authorises EVERY route on the server (organisation, active user with console access,
 *   CSRF on writes); shell.ts draws the page (navigation, header, flash); ui.ts has the form and
 *   table helpers; i18n.ts the en/da texts.
 * - Each section calls the SAME services as the JSON admin API (src/admin/*-routes.ts), so
 *   validation and side effects have one code path; the console adds only the HTML and the
 *   audit record (src/audit): in the change's own transaction where the service accepts one
 *   (users, new catalogue entries — audit.ts `auditedWrite`), else right after the commit.
 * - Every list is paged in the database.
 * - Sections: users (+ import), departments / job profiles / permission types, audit (console-core);
 *   communication, sign-up, SSO, SCIM (console-settings, in sections/).
 * - The platform operator's organisation list lives outside any organisation: operator.ts.
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import { logIfServerError, toAppError } from "../http";
import { AppError } from "../lib";
import { html } from "../web";
import { pageKit, sendPage } from "../web";
import type { ConsoleDeps } from "./deps";
import { requireConsoleUser } from "./guard";
import { t as translate } from "./i18n";
import { operatorSection } from "./operator";
import { auditSection } from "./sections/audit";
import { catalogSection } from "./sections/catalog";
import { communicationSection } from "./sections/communication";
import { scimSection } from "./sections/scim";
import { signupSection } from "./sections/signup";
import { ssoSection } from "./sections/sso";
import { usersSection } from "./sections/users";
import { consolePage, type ConsoleSection } from "./shell";

export type { ConsoleDeps } from "./deps";
export type { ConsoleSection } from "./shell";
export { consolePage, csrfField } from "./shell";
export { requireConsoleUser } from "./guard";

/** Mounted by buildApp at `/o/:org/admin`. */
export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router({ mergeParams: true });
  router.use(requireConsoleUser(deps));
  router.get("/", (req, res) => res.redirect(303, `/o/${req.org?.slug ?? ""}/admin/users`));
  router.use("/users", usersSection(deps));
  router.use("/departments", catalogSection(deps, "departments"));
  router.use("/job-profiles", catalogSection(deps, "job-profiles"));
  router.use("/permission-types", catalogSection(deps, "permission-types"));
  router.use("/audit", auditSection(deps));
  // console-settings' sections (src/console/sections/{communication,signup,sso,scim}.ts).
  router.use("/communication", communicationSection(deps));
  router.use("/signup", signupSection(deps));
  router.use("/sso", ssoSection(deps));
  router.use("/scim", scimSection(deps));
  // Platform operators only (PLATFORM_ORGANISATION); a 404 everywhere else.
  router.use("/organisations", operatorSection(deps));
  router.use(() => {
    throw new AppError("request.no_route", "Not found", { status: 404 });
  });
  router.use(consoleErrorHandler());
  return router;
}

const SECTIONS: ConsoleSection[] = [
  "users",
  "departments",
  "job-profiles",
  "permission-types",
  "communication",
  "signup",
  "sso",
  "scim",
  "audit",
  "organisations",
];

/**
 * Errors as pages: inside the console frame for a signed-in administrator, otherwise (403 for a
 * user without console access, unknown organisation) the employee pages' plain layout — a user
 * without access never sees the console's navigation.
 */
function consoleErrorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(error);
    logIfServerError(appError, req);
    if (res.headersSent) return;
    const t = translate(req);
    const title =
      appError.status === 403 && appError.code !== "auth.csrf"
        ? t("errors.forbiddenTitle")
        : appError.status === 404
          ? t("errors.notFound")
          : t("errors.summaryTitle");
    const message =
      appError.code === "auth.csrf"
        ? t("errors.csrf")
        : appError.status === 403
          ? t("errors.forbidden")
          : appError.status === 404
            ? t("errors.notFound")
            : appError.code === "request.too_large"
              ? t("errors.tooLarge")
              : appError.status >= 500
                ? t("errors.generic")
                : appError.detail;
    const body = html`<div class="card">
      <h1>${title}</h1>
      <p>${message}</p>
      ${appError.status >= 500 ? html`<p class="hint">${t("errors.reference")}: <code>${req.id}</code></p>` : ""}
    </div>`;
    if (req.consoleUser) {
      const first = req.path.split("/")[1] as ConsoleSection;
      const section = SECTIONS.includes(first) ? first : "users";
      consolePage(req, res, { title, section, body, status: appError.status });
      return;
    }
    const { language, t: pageT } = pageKit(req, req.org, req.pageUser?.language);
    sendPage(res, appError.status, { title, body, language, t: pageT, org: req.org });
  };
}

import express, { type NextFunction, type Request, type Response } from "express";
import type { UserView } from "../directory";
import { AppError } from "../lib";
import type { ConsoleDeps } from "./deps";

declare module "express-serve-static-core" {
  interface Request {
    /** The signed-in administrator (an active user whose permission type grants console access). */
    consoleUser?: UserView;
    /** This session's CSRF token, for the hidden `_csrf` field of every console form. */
    consoleCsrf?: string;
    /** An administrator of the platform organisation (PLATFORM_ORGANISATION): a platform operator. */
    consoleOperator?: boolean;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Parses urlencoded console forms. Multipart uploads (the import) are parsed by their own route;
 * their `_csrf` travels in the query string instead (see `csrfQuery`), checked here the same way.
 */
const form = express.urlencoded({ extended: false, limit: "100kb", parameterLimit: 500 });

/**
 * The forms that carry documents: a message template (the API allows 50,000 characters of HTML),
 * SAML metadata (up to 90,000) and a pasted SCIM payload. URL-encoding can triple their size, so
 * 100 kB would refuse what the JSON API accepts; the services still enforce the real limits.
 */
const LARGE_FORMS = /^\/(communication\/templates|sso|scim\/mapping)(\/|$)/;
const largeForm = express.urlencoded({ extended: false, limit: "1mb", parameterLimit: 500 });
// Only a request with a browser session gets the large cap: an anonymous one is turned away below.
const parseForm = (req: Request, res: Response, next: NextFunction): void =>
  (req.browserSession?.session && LARGE_FORMS.test(req.path) ? largeForm : form)(req, res, next);

/**
 * Every `/o/:org/admin/*` request: the organisation (404 when unknown), a browser session of an
 * ACTIVE user of that organisation whose permission type grants console access (the same rule as
 * src/admin/authorize.ts for the JSON API), and on every write a valid `_csrf`. Not signed in →
 * 303 to the login page with `next`; signed in without console access → 403; bad CSRF → 403.
 * Authorisation is here, on the server, for every route below — never a hidden button.
 */
export function requireConsoleUser(deps: ConsoleDeps) {
  const { auth, directory } = deps;
  return [
    parseForm,
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const slug = String(req.params.org ?? "");
      const org = await directory.organisations.findBySlug(slug);
      if (!org)
        throw new AppError("directory.organisation_not_found", "No such organisation", { status: 404 });
      req.org = org;
      req.pageOrg = org;
      const session = req.browserSession?.session;
      const user =
        session && session.organisationId === org.id
          ? await directory.users.view(org.id, session.userId).catch(() => undefined)
          : undefined;
      if (!user || user.status === "deactivated") {
        if (req.method === "GET" || req.method === "HEAD") {
          return res.redirect(303, `/o/${org.slug}/login?next=${encodeURIComponent(req.originalUrl)}`);
        }
        // A write without a session is never replayed after login: send them to the login page.
        return res.redirect(303, `/o/${org.slug}/login`);
      }
      req.pageUser = user;
      if (user.passwordMustChange) return res.redirect(303, `/o/${org.slug}/password`);
      if (user.status !== "active" || !user.consoleAccess) {
        throw new AppError(
          "auth.forbidden",
          "Your permission type does not include the administration console",
          {
            status: 403,
          },
        );
      }
      req.consoleUser = user;
      req.consoleOperator = !!deps.platformOrganisation && deps.platformOrganisation === org.slug;
      req.consoleCsrf = auth.browser.csrfToken(req, res);
      if (UNSAFE.has(req.method)) {
        const body = req.body as Record<string, unknown> | undefined;
        const presented = body?._csrf ?? req.query._csrf;
        if (!auth.browser.checkCsrf(req, presented)) {
          throw new AppError("auth.csrf", "Invalid CSRF token", { status: 403 });
        }
      }
      next();
    },
  ];
}

import type { NextFunction, Request, Response } from "express";
import type { Auth } from "../auth";
import type { Directory, Organisation } from "../directory";
import { AppError } from "../lib";

export type Actor = { kind: "api_key"; tokenId: string; name: string } | { kind: "user"; userId: string };

declare module "express-serve-static-core" {
  interface Request {
    org?: Organisation;
    actor?: Actor;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const unauthorized = () =>
  new AppError(
    "auth.unauthenticated",
    "Send an API key as 'Authorization: Bearer …' or sign in as an administrator",
    {
      status: 401,
    },
  );
// The same answer for "no such organisation" and "not yours": another tenant's slug reveals nothing.
const notYours = () =>
  new AppError("directory.organisation_not_found", "Organisation was not found", { status: 404 });

/**
 * The admin API accepts an organisation's API key, or the browser session of a user whose
 * permission type grants console access in that organisation (with a CSRF header on writes).
 */
export function authorizeOrgAdmin(auth: Auth, directory: Directory) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const slug = String(req.params.org ?? "");
    const header = req.get("authorization");
    if (header) {
      const [scheme, secret] = header.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !secret) throw unauthorized();
      const token = await auth.tokens.authenticate("api_key", secret.trim());
      if (!token) throw unauthorized();
      const org = await directory.organisations.findBySlug(slug);
      if (!org || org.id !== token.organisationId) throw notYours();
      req.org = org;
      req.actor = { kind: "api_key", tokenId: token.id, name: token.name };
      return next();
    }
    const session = req.browserSession?.session;
    if (!session) throw unauthorized();
    const org = await directory.organisations.findBySlug(slug);
    if (!org || org.id !== session.organisationId) throw notYours();
    const user = await directory.users.view(org.id, session.userId).catch(() => undefined);
    if (!user || user.status !== "active" || !user.consoleAccess) {
      throw new AppError(
        "auth.forbidden",
        "Your permission type does not include the administration console",
        {
          status: 403,
        },
      );
    }
    if (UNSAFE.has(req.method) && !auth.browser.checkCsrf(req, req.get("x-csrf-token"))) {
      throw new AppError("auth.csrf", "Missing or invalid X-CSRF-Token header", { status: 403 });
    }
    req.org = org;
    req.actor = { kind: "user", userId: user.id };
    next();
  };
}

export function orgOf(req: Request): Organisation {
  if (!req.org) throw new Error("authorizeOrgAdmin must run before this handler");
  return req.org;
}

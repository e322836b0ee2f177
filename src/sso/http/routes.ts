import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Auth } from "../../auth";
import { readCookie } from "../../auth";
import type { Directory, Organisation } from "../../directory";
import type { Logger } from "../../lib";
import { isSsoError, ssoFail } from "../errors";
import type { LoginDone, SsoLogin } from "../login";
import { sendFailure, sendNotProvisioned } from "./pages";

const STATE_COOKIE = "admit_sso_state";

declare module "express-serve-static-core" {
  interface Request {
    ssoOrg?: Organisation;
  }
}

export interface SsoRouteDeps {
  login: SsoLogin;
  directory: Directory;
  auth: Auth;
  publicUrl: string;
  logger: Logger;
}

/**
 * `/o/{org}/sso/{connectionId}/…`: start (SP-initiated), SAML ACS, SP metadata, OIDC callback.
 * Every failure ends on a friendly page with a short code and the request id; the detail (the
 * validator's message) goes to the log only, never an assertion or a token.
 */
export function ssoRoutes(deps: SsoRouteDeps): Router {
  const router = Router();
  const secure = deps.publicUrl.startsWith("https://");
  // Encrypted responses with a few certificates stay far below this.
  const acsBody = express.urlencoded({ extended: false, limit: "1mb", parameterLimit: 10 });
  const sso = Router({ mergeParams: true });
  router.use("/o/:org/sso/:connection", loadOrg(deps.directory), sso);
  const id = (req: Request) => String(req.params.connection ?? "");
  const org = (req: Request) => req.ssoOrg as Organisation;
  /** The state cookie goes only to the endpoint where the IdP sends the browser back. */
  const statePath = (req: Request, kind: "saml" | "oidc") =>
    `/o/${org(req).slug}/sso/${id(req)}/${kind === "saml" ? "acs" : "callback"}`;

  sso.get("/start", async (req, res) => {
    const next = safeNext(org(req), req.query.next, deps.publicUrl);
    const hint = typeof req.query.login_hint === "string" ? req.query.login_hint.slice(0, 320) : undefined;
    const started = await deps.login.start(org(req), id(req), next, hint);
    // Binds the login state to this browser. OIDC returns by a top-level GET, which carries a Lax
    // cookie. SAML returns by a cross-site form POST from the IdP, which only carries a
    // SameSite=None cookie — allowed by browsers on https only; over http (development, an IdP
    // on the same host) Lax is sent because the POST is same-site.
    res.cookie(STATE_COOKIE, started.state, {
      httpOnly: true,
      sameSite: started.kind === "saml" && secure ? "none" : "lax",
      secure,
      path: statePath(req, started.kind),
      maxAge: 10 * 60_000,
    });
    res.setHeader("Cache-Control", "no-store");
    res.redirect(303, started.redirect);
  });

  sso.post("/acs", acsBody, async (req, res) => {
    const browserState = readCookie(req, STATE_COOKIE);
    res.clearCookie(STATE_COOKIE, { path: statePath(req, "saml") });
    const body = (req.body ?? {}) as Record<string, unknown>;
    complete(req, res, await deps.login.finishSaml(org(req), id(req), body, browserState));
  });

  sso.get("/callback", async (req, res) => {
    const url = new URL(req.originalUrl, deps.publicUrl);
    res.clearCookie(STATE_COOKIE, { path: statePath(req, "oidc") });
    complete(req, res, await deps.login.finishOidc(org(req), id(req), url, readCookie(req, STATE_COOKIE)));
  });

  sso.get("/metadata", async (req, res) => {
    const connection = await deps.login.connection(org(req), id(req), "saml");
    const xml = deps.login.metadataXml(org(req), connection);
    res
      .type("application/samlmetadata+xml")
      .setHeader("Content-Disposition", `inline; filename="admit-sp-${connection.id}.xml"`);
    res.send(xml);
  });

  const complete = (req: Request, res: Response, done: LoginDone) => {
    if (done.kind === "not_provisioned") return sendNotProvisioned(req, res, org(req), done.contact);
    deps.auth.browser.begin(res, done.token, done.expiresAt);
    const target =
      done.next ?? safeNext(org(req), done.relayState, deps.publicUrl) ?? `/o/${org(req).slug}/account`;
    res.redirect(303, target);
  };

  const onError = (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!isSsoError(error)) return next(error);
    req.log.warn({ code: error.code, detail: error.detail, connection: id(req) }, "sso login refused");
    sendFailure(req, res, req.ssoOrg, error.failure, error.status);
  };
  sso.use(onError);
  router.use(onError);
  return router;
}

function loadOrg(directory: Directory) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const found = await directory.organisations.findBySlug(String(req.params.org ?? ""));
    if (!found) throw ssoFail("sso.unknown_connection", "no such organisation");
    req.ssoOrg = found;
    next();
  };
}

/**
 * Post-login destinations stay inside this organisation's pages (no open redirect): a path
 * under /o/{slug}/, or the same thing as an absolute URL on Admit's own origin (an IdP-initiated
 * RelayState is often absolute).
 */
export function safeNext(org: Organisation, next: unknown, publicUrl: string): string | undefined {
  if (typeof next !== "string" || next.length > 500) return undefined;
  let path = next;
  if (/^https?:/i.test(next)) {
    const url = URL.canParse(next) ? new URL(next) : undefined;
    if (!url || url.origin !== new URL(publicUrl).origin) return undefined;
    path = `${url.pathname}${url.search}`;
  }
  const prefix = `/o/${org.slug}/`;
  return path.startsWith(prefix) && !path.includes("//") && !path.includes("\\") && !path.includes("/sso/")
    ? path
    : undefined;
}

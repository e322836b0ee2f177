import type { Request, Response } from "express";
import type { KoaContext, Provider } from "oidc-provider";
import type { Directory, Organisation } from "../directory";
import { html, loggedOutHtml, logoutConfirmHtml } from "../web";
import type { ClientService } from "./clients";

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) and Admit's own session.
 *
 * Admit's browser session (`admit_session`) is the login behind every provider session (see the
 * `admit_session` check in provider.ts). Ending only oidc-provider's session at `/oidc/session/end`
 * would leave it alive, and the platform's next authorization would sign the person straight back
 * in. So when the person confirms the logout ("Yes, sign me out", i.e. `logout=yes` at
 * `/oidc/session/end/confirm`), the Admit session of this browser ends as well, as Admit's own
 * /logout ends it. "No, stay signed in" ends only the application's part (the library's default).
 */
export interface LogoutDeps {
  directory: Directory;
  clients: ClientService;
  /** Ends this browser's Admit session and clears its cookie (BrowserSessions.end). */
  endBrowserSession(req: Request, res: Response): Promise<void>;
}

/** The id oidc-provider gives its logout form; the confirmation page's buttons submit it. */
const FORM_ID = "op.logoutForm";

const requestOf = (ctx: KoaContext) => ctx.req as Request;

/** The organisation the pages speak for: the signed-in one's, else the client's pinned one. */
async function pageOrganisation(deps: LogoutDeps, ctx: KoaContext): Promise<Organisation | undefined> {
  const session = requestOf(ctx).browserSession?.session;
  const clientId = ctx.oidc.client?.clientId;
  const pinned = clientId ? (await deps.clients.find(clientId))?.organisationId : undefined;
  const id = session?.organisationId ?? pinned;
  return id ? deps.directory.organisations.getById(id).catch(() => undefined) : undefined;
}

/** "Sign out?" around the library's form (`form`: its markup, with the anti-forgery value). */
async function confirmPage(deps: LogoutDeps, ctx: KoaContext, form: string): Promise<void> {
  ctx.type = "html";
  ctx.body = logoutConfirmHtml(requestOf(ctx), await pageOrganisation(deps, ctx), {
    form,
    formId: FORM_ID,
  });
}

/** `features.rpInitiatedLogout`: the library's pages in Admit's layout. */
export function rpInitiatedLogout(deps: LogoutDeps) {
  return {
    enabled: true,
    logoutSource: (ctx: KoaContext, form: string) => confirmPage(deps, ctx, form),
    postLogoutSuccessSource: async (ctx: KoaContext) => {
      ctx.type = "html";
      ctx.body = loggedOutHtml(requestOf(ctx), await pageOrganisation(deps, ctx));
    },
  };
}

/**
 * A middleware around oidc-provider's routes (`provider.use`), acting once the library is done:
 *
 * - `end_session` without an account in the provider session (it expired, or the person signed in
 *   to Admit but never to an application in this browser): the library would post its confirm
 *   form at once, without asking. With an Admit session to end, the person is asked first, as
 *   RP-Initiated Logout §2 wants when the OP's own session is at stake.
 * - `end_session_confirm` with `logout=yes` that succeeded (303): the Admit session ends too.
 */
export function endAdmitSessionOnLogout(deps: LogoutDeps) {
  return async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
    await next();
    // Defined only on the library's own routes.
    const oidc = ctx.oidc as KoaContext["oidc"] | undefined;
    const req = requestOf(ctx);
    if (
      oidc?.route === "end_session" &&
      ctx.status === 200 &&
      !oidc.session.accountId &&
      req.browserSession
    ) {
      const secret = oidc.session.state?.secret ?? "";
      const action = oidc.urlFor("end_session_confirm");
      const form = html`<form id="${FORM_ID}" method="post" action="${action}">
        <input type="hidden" name="xsrf" value="${secret}" />
      </form>`;
      await confirmPage(deps, ctx, form.toString());
    }
    if (oidc?.route === "end_session_confirm" && ctx.status === 303 && oidc.params.logout)
      await deps.endBrowserSession(req, ctx.res as Response);
  };
}

/**
 * Admit's own /logout ends the provider session of this browser too (its row and its cookie), so
 * nothing of the login outlives it. Tokens already issued to applications are left alone: they
 * end with their grant (refresh tokens) or their lifetime (access tokens).
 */
export async function endProviderSession(
  provider: Provider,
  req: Request,
  res: Response,
  cookie: { name: string; options: Record<string, unknown> },
): Promise<void> {
  const ctx = provider.createContext(req, res);
  // As oidc-provider's own contexts do: behind a trusted https proxy, Secure cookies may be set.
  ctx.cookies.secure = ctx.cookies.secure || ctx.secure;
  const id = ctx.cookies.get(cookie.name, cookie.options);
  const session = id ? await provider.Session.find(id) : undefined;
  if (session) await session.destroy();
  if (id) ctx.cookies.set(cookie.name, null, cookie.options);
}

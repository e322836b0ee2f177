import { Router, type Request } from "express";
import type { InteractionDetails, Provider } from "oidc-provider";
import type { Directory, Organisation } from "../directory";
import { AppError } from "../lib";
import { SCOPES } from "./claims";
import { hashPresentedSecret } from "./client-auth";
import type { ClientService } from "./clients";
import type { ProviderHost } from "./host";
import { interactionPath, organisationFor } from "./provider";

export interface OidcRouteDeps {
  host: ProviderHost;
  clients: ClientService;
  directory: Directory;
}

/**
 * `/oidc/*` is oidc-provider itself (discovery, authorize, token, userinfo, JWKS). The interaction
 * lives under `/o/{org}/oidc/{uid}` so that the organisation's login page may send the browser
 * back to it (its `next` only accepts paths of the organisation).
 */
export function oidcRoutes(deps: OidcRouteDeps): Router {
  const router = Router();
  const handlers = new WeakMap<Provider, ReturnType<Provider["callback"]>>();
  router.use(
    "/oidc",
    hashPresentedSecret((secret) => deps.clients.hashSecret(secret)),
    async (req, res) => {
      const provider = await deps.host.get();
      let handler = handlers.get(provider);
      if (!handler) handlers.set(provider, (handler = provider.callback()));
      handler(req, res);
    },
  );
  router.get("/o/:org/oidc/:uid", async (req, res) => {
    const provider = await deps.host.get();
    const details = await provider.interactionDetails(req, res).catch((error: unknown) => {
      throw new AppError(
        "oidc.interaction_expired",
        "This sign-in has expired; start again from the application",
        {
          status: 400,
          cause: error,
        },
      );
    });
    const organisation = await organisationFor(deps, details.params.client_id, details.params.organisation);
    if (!organisation || details.uid !== req.params.uid || organisation.slug !== req.params.org)
      throw new AppError("oidc.interaction_mismatch", "This sign-in belongs to another page", {
        status: 400,
      });
    const accountId = await signedInUser(deps.directory, req, organisation);
    if (!accountId) {
      const back = interactionPath(organisation.slug, details.uid);
      return res.redirect(303, `/o/${organisation.slug}/login?next=${encodeURIComponent(back)}`);
    }
    // First-party clients (registered by the operator) are granted what they ask for: no consent page.
    const grantId = await grantRequested(provider, details, accountId);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });
  return router;
}

/** The user of this browser's Admit session, when it is this organisation's and may sign in. */
async function signedInUser(directory: Directory, req: Request, organisation: Organisation) {
  const session = req.browserSession?.session;
  if (!session || session.organisationId !== organisation.id) return undefined;
  const user = await directory.users.view(organisation.id, session.userId).catch(() => undefined);
  // A one-time password must be replaced first: the login page takes care of that.
  return user?.status === "active" && !user.passwordMustChange ? user.id : undefined;
}

async function grantRequested(provider: Provider, details: InteractionDetails, accountId: string) {
  const clientId = String(details.params.client_id);
  const existing =
    typeof details.grantId === "string" ? await provider.Grant.find(details.grantId) : undefined;
  const grant =
    existing && existing.accountId === accountId && existing.clientId === clientId
      ? existing
      : new provider.Grant({ accountId, clientId });
  const requested = String(details.params.scope ?? "")
    .split(" ")
    .filter((scope) => SCOPES.includes(scope));
  grant.addOIDCScope(requested.join(" "));
  return grant.save();
}

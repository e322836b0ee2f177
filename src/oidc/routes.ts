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
    const signedIn = await signedInUser(deps.directory, req, organisation);
    const back = encodeURIComponent(interactionPath(organisation.slug, details.uid));
    // Signed in with a one-time password: replace it first, then come back here (the login page
    // would only send a signed-in user to their account page, losing this sign-in).
    if (signedIn?.passwordMustChange && signedIn.status !== "deactivated")
      return res.redirect(303, `/o/${organisation.slug}/password?next=${back}`);
    const accountId = signedIn?.status === "active" ? signedIn.id : undefined;
    if (!accountId) return res.redirect(303, `/o/${organisation.slug}/login?next=${back}`);
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

/** The user of this browser's Admit session, when it is this organisation's. */
async function signedInUser(directory: Directory, req: Request, organisation: Organisation) {
  const session = req.browserSession?.session;
  if (!session || session.organisationId !== organisation.id) return undefined;
  return directory.users.view(organisation.id, session.userId).catch(() => undefined);
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

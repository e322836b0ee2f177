import type { Request, Response } from "express";
import type { KoaContext, Provider } from "oidc-provider";
import type { DataSource } from "typeorm";
import { User, type Directory, type Organisation } from "../directory";
import { deriveKey, type Logger } from "../lib";
import { html } from "../web";
import type { PayloadStore } from "./adapter";
import { SCOPES, SCOPE_CLAIMS, userClaims } from "./claims";
import type { ClientService } from "./clients";
import type { SigningKeys } from "./keys";
import { endAdmitSessionOnLogout, rpInitiatedLogout } from "./logout";

/** Lifetimes in seconds. Signing keys stay published for the longest one that is signed (ID tokens). */
export const TTL = {
  AuthorizationCode: 60,
  IdToken: 3600,
  AccessToken: 3600,
  RefreshToken: 14 * 24 * 3600,
  Interaction: 900,
  Grant: 14 * 24 * 3600,
} as const;

/** How long a replaced key stays in the JWKS: the ID token lifetime plus five minutes of clock skew. */
export const KEY_RETAIN_MS = (TTL.IdToken + 300) * 1000;

export interface ProviderDeps {
  dataSource: DataSource;
  directory: Directory;
  clients: ClientService;
  keys: SigningKeys;
  store: PayloadStore;
  publicUrl: string;
  appSecret: string;
  sessionTtlMs: number;
  trustProxy: boolean;
  logger: Logger;
  /** Ends this browser's Admit session and clears its cookie: RP-initiated logout ends it too. */
  endBrowserSession(req: Request, res: Response): Promise<void>;
}

export const issuerOf = (publicUrl: string) => `${publicUrl.replace(/\/+$/, "")}/oidc`;

/** The name and options of oidc-provider's session cookie (Admit's /logout clears it too). */
export const sessionCookie = (publicUrl: string) => ({
  name: "admit_oidc_session",
  options: { httpOnly: true, sameSite: "lax", secure: publicUrl.startsWith("https://") },
});

export const interactionPath = (slug: string, uid: string) => `/o/${slug}/oidc/${uid}`;

/**
 * The organisation an authorization request is for: the client's own when it is pinned to one,
 * else the `organisation` parameter (a slug); null when neither names one.
 */
export async function organisationFor(
  deps: Pick<ProviderDeps, "clients" | "directory">,
  clientId: unknown,
  parameter: unknown,
): Promise<Organisation | null> {
  const client = typeof clientId === "string" ? await deps.clients.find(clientId) : null;
  if (client?.organisationId) return deps.directory.organisations.getById(client.organisationId);
  const slug = typeof parameter === "string" ? parameter : "";
  return slug ? deps.directory.organisations.findBySlug(slug) : null;
}

/** The same, inside oidc-provider: no organisation is an invalid_request answered to the client. */
async function requestOrganisation(deps: ProviderDeps, ctx: KoaContext): Promise<Organisation> {
  const organisation = await organisationFor(deps, ctx.oidc.client?.clientId, ctx.oidc.params.organisation);
  if (!organisation)
    throw new (library().errors.InvalidRequest)(
      "the organisation parameter must name the user's organisation",
    );
  return organisation;
}

/**
 * oidc-provider, loaded on first use rather than at import: every `admit` command builds the
 * services, and loading the library prints its "Unsupported runtime" notice on Node 20 (it
 * supports 22+ officially; Admit runs on 20, see docs/guides/oidc-provider.md). That notice is
 * written with console.warn at load; when a logger is given it goes to the structured log
 * instead (one line, level warn), so operators see it where they look and stderr stays clean.
 */
// The library colours its notices when stderr is a terminal; the log wants plain text.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI_COLOURS = /\x1b\[[\d;]*m/g;

function library(logger?: Logger): typeof import("oidc-provider") {
  if (!logger) return load();
  const warn = console.warn;
  console.warn = (...args: unknown[]) =>
    logger.warn({ library: "oidc-provider" }, args.map(String).join(" ").replace(ANSI_COLOURS, ""));
  try {
    return load();
  } finally {
    console.warn = warn;
  }
}

function load(): typeof import("oidc-provider") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see above
  return require("oidc-provider") as typeof import("oidc-provider");
}

/** oidc-provider configured for Admit, with the given signing keys. */
export function buildProvider(deps: ProviderDeps, jwks: Array<Record<string, unknown>>): Provider {
  const { directory, clients, store } = deps;
  const { Provider, interactionPolicy, errors } = library(deps.logger);
  const { Check, base } = interactionPolicy;
  const policy = base();
  // Admit's browser session is the login: whenever it is missing, ended, or another user's or
  // another organisation's than the one this request is for, the user goes back through the
  // Admit login (prompt=none then answers login_required). This also keeps a provider session of
  // one organisation from signing a user into a client of another.
  policy.get("login").checks.add(
    new Check("admit_session", "the Admit session does not match", "login_required", async (ctx) => {
      const organisation = await requestOrganisation(deps, ctx);
      const session = (ctx.req as Request).browserSession?.session;
      const accountId = ctx.oidc.session.accountId;
      return !(
        session &&
        accountId &&
        session.userId === accountId &&
        session.organisationId === organisation.id
      );
    }),
  );

  const provider = new Provider(issuerOf(deps.publicUrl), {
    adapter: (kind: string) =>
      kind === "Client"
        ? { ...store.forKind(kind), find: (id: string) => clients.metadata(id) }
        : store.forKind(kind),
    clients: [],
    findAccount: async (_ctx: KoaContext, id: string) => {
      // Deactivated (or deleted) between login and token exchange: nothing more is issued.
      const user = await deps.dataSource.getRepository(User).findOneBy({ id });
      if (!user || user.status !== "active") return undefined;
      return {
        accountId: id,
        claims: async () => {
          const [view, organisation] = await Promise.all([
            directory.users.view(user.organisationId, id),
            directory.organisations.getById(user.organisationId),
          ]);
          return userClaims(view, organisation);
        },
      };
    },
    claims: SCOPE_CLAIMS,
    scopes: SCOPES,
    // The platform reads the claims from the ID token too, not only from userinfo.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    // Secrets are stored as HMACs, so only methods that present the secret itself can work:
    // Basic (confidential clients) and none (public clients with PKCE).
    clientAuthMethods: ["client_secret_basic", "none"],
    pkce: { required: () => true },
    extraParams: ["organisation"],
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        // The library's default, stated here: left unset it prints a "you SHOULD change"
        // notice to stdout on every revocation. A client revokes only its own tokens.
        allowedPolicy: (
          _ctx: KoaContext,
          client: { clientId: string; clientAuthMethod: string },
          token: { clientId?: string },
        ) => {
          if (token.clientId === client.clientId) return true;
          if (client.clientAuthMethod === "none") return false;
          throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
        },
      },
      userinfo: { enabled: true },
      // Admit's pages, and the logout ends the Admit session too (logout.ts).
      rpInitiatedLogout: rpInitiatedLogout(deps),
    },
    enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
    interactions: {
      policy,
      url: async (ctx: KoaContext, interaction: { uid: string }) => {
        const organisation = await requestOrganisation(deps, ctx);
        return `${deps.publicUrl}${interactionPath(organisation.slug, interaction.uid)}`;
      },
    },
    // Single-page clients call the token and userinfo endpoints from their own origin only.
    clientBasedCORS: (_ctx: KoaContext, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => new URL(uri).origin === origin),
    cookies: {
      keys: [deriveKey(deps.appSecret, "oidc-cookies").toString("base64url")],
      names: {
        session: sessionCookie(deps.publicUrl).name,
        interaction: "admit_oidc_interaction",
        resume: "admit_oidc_resume",
      },
      long: sessionCookie(deps.publicUrl).options,
      short: { httpOnly: true, sameSite: "lax", secure: deps.publicUrl.startsWith("https://") },
    },
    jwks: { keys: jwks },
    ttl: { ...TTL, Session: Math.ceil(deps.sessionTtlMs / 1000) },
    renderError: async (
      ctx: { type: string; body: string; oidc?: { route?: string } },
      out: { error: string; error_description?: string },
    ) => {
      ctx.type = "html";
      const signOut = ctx.oidc?.route?.startsWith("end_session") ?? false;
      ctx.body = errorPage(signOut ? SIGN_OUT : SIGN_IN, out.error, out.error_description).toString();
    },
  });
  provider.proxy = deps.trustProxy;
  provider.use(endAdmitSessionOnLogout(deps));
  provider.on("server_error", (_ctx, error) => deps.logger.error({ err: error }, "oidc provider error"));
  return provider;
}

const SIGN_IN = {
  title: "Sign-in failed",
  text: "The application's sign-in request could not be completed. Go back to the application and try again.",
};
const SIGN_OUT = {
  title: "Sign-out failed",
  text: "The application's sign-out request could not be completed. Go back to the application and try again.",
};

const errorPage = (what: typeof SIGN_IN, error: string, description?: string) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${what.title}</title>
        <link rel="stylesheet" href="/assets/admit.css" />
      </head>
      <body>
        <main>
          <h1>${what.title}</h1>
          <p>${what.text}</p>
          <p><code>${error}</code>${description ? html`: ${description}` : ""}</p>
        </main>
      </body>
    </html>`;

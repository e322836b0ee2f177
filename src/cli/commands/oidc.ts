import type { Command } from "commander";
import { fail, output, withServices } from "../context";

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `admit client …` registers the applications that sign users in through Admit (OpenID Connect),
 * `admit oidc rotate-keys` rolls the provider's signing key.
 */
export function registerOidc(program: Command): void {
  const clients = program
    .command("client")
    .description("Manage the applications that sign users in through Admit (OpenID Connect)");
  clients
    .command("create")
    .description("Register an application; its secret is printed once and stored only as an HMAC")
    .requiredOption("--name <name>", "what the application is called, e.g. 'Learning platform'")
    .requiredOption(
      "--redirect-uri <uri>",
      "where Admit sends the browser back with the code (repeat for several)",
      collect,
      [] as string[],
    )
    .option(
      "--post-logout-redirect-uri <uri>",
      "where Admit may send the browser back after the application logs the user out (repeat for several)",
      collect,
      [] as string[],
    )
    .option("--org <slug>", "pin the application to one organisation (else it passes ?organisation=<slug>)")
    .option("--public", "a public client (single-page or native app): no secret, PKCE only")
    .option("--json", "machine-readable output")
    .action(
      async (options: {
        name: string;
        redirectUri: string[];
        postLogoutRedirectUri: string[];
        org?: string;
        public?: boolean;
        json?: boolean;
      }) => {
        try {
          const result = await withServices(async ({ directory, oidc }) => {
            const organisation = options.org
              ? await directory.organisations.getBySlug(options.org)
              : undefined;
            const created = await oidc.clients.create({
              name: options.name,
              redirectUris: options.redirectUri,
              postLogoutRedirectUris: options.postLogoutRedirectUri,
              organisationId: organisation?.id ?? null,
              isPublic: Boolean(options.public),
            });
            return { ...created, issuer: oidc.issuer, org: organisation?.slug ?? null };
          });
          const { client, secret, issuer, org } = result;
          output(
            options,
            {
              clientId: client.clientId,
              clientSecret: secret,
              name: client.name,
              org,
              redirectUris: client.redirectUris,
              postLogoutRedirectUris: client.postLogoutRedirectUris ?? [],
              tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
              issuer,
              discoveryUrl: `${issuer}/.well-known/openid-configuration`,
            },
            [
              `Client "${client.name}" registered.`,
              `  client_id:     ${client.clientId}`,
              ...(secret
                ? [`  client_secret: ${secret}`, "Store the secret now: it cannot be shown again."]
                : ["  public client: no secret; PKCE (S256) is required."]),
              `Issuer (discovery): ${issuer}/.well-known/openid-configuration`,
              ...(org
                ? []
                : ["Not pinned to an organisation: send organisation=<slug> with each authorization."]),
            ].join("\n"),
          );
        } catch (error) {
          fail(options, error);
        }
      },
    );
  clients
    .command("list")
    .description("List the registered applications (never their secrets)")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const rows = await withServices(async ({ directory, oidc }) => {
          const all = await oidc.clients.list();
          return Promise.all(
            all.map(async (c) => ({
              clientId: c.clientId,
              name: c.name,
              org: c.organisationId ? (await directory.organisations.getById(c.organisationId)).slug : null,
              redirectUris: c.redirectUris,
              postLogoutRedirectUris: c.postLogoutRedirectUris ?? [],
              public: c.isPublic,
              createdAt: c.createdAt,
            })),
          );
        });
        const text = rows
          .map(
            (c) => `${c.clientId}  ${c.name}  ${c.org ?? "(any organisation)"}  ${c.redirectUris.join(" ")}`,
          )
          .join("\n");
        output(options, rows, text || "No clients.");
      } catch (error) {
        fail(options, error);
      }
    });
  clients
    .command("delete")
    .description("Delete an application: it can no longer sign anyone in or redeem codes")
    .requiredOption("--id <clientId>", "the client id (from list)")
    .option("--json", "machine-readable output")
    .action(async (options: { id: string; json?: boolean }) => {
      try {
        await withServices(({ oidc }) => oidc.clients.delete(options.id));
        output(options, { clientId: options.id, deleted: true }, `Deleted ${options.id}.`);
      } catch (error) {
        fail(options, error);
      }
    });

  const oidc = program
    .command("oidc")
    .description("The OpenID provider Admit runs for the learning platform");
  oidc
    .command("rotate-keys")
    .description(
      "Sign with a new key from now on; the previous keys stay in the JWKS until the tokens they signed expire",
    )
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const result = await withServices(({ oidc: provider }) => provider.rotateKeys());
        output(
          options,
          result,
          [
            `New signing key: ${result.kid}`,
            ...(result.retired.length
              ? [`Retired (still published until their tokens expire): ${result.retired.join(", ")}`]
              : []),
            ...(result.pruned.length ? [`Removed from the JWKS: ${result.pruned.join(", ")}`] : []),
            "Running instances pick the new key up within seconds.",
          ].join("\n"),
        );
      } catch (error) {
        fail(options, error);
      }
    });
}

import type { Command } from "commander";
import type { AccessTokenKind } from "../../auth";
import { fail, output, withServices } from "../context";

const LABEL: Record<AccessTokenKind, string> = { api_key: "API key", scim: "SCIM token" };

/** `api-key` and `scim-token`: the same create / list / revoke over two kinds of token. */
export function registerTokens(program: Command, commandName: string, kind: AccessTokenKind): void {
  const group = program.command(commandName).description(`Manage ${LABEL[kind]}s of an organisation`);
  group
    .command("create")
    .description(`Create a ${LABEL[kind]}; it is printed once and stored only as an HMAC`)
    .requiredOption("--org <slug>", "organisation slug")
    .option("--name <name>", "a name to recognise it by", kind === "scim" ? "SCIM" : "API")
    .option("--json", "machine-readable output")
    .action(async (options: { org: string; name: string; json?: boolean }) => {
      try {
        const { token, secret, scimUrl } = await withServices(async ({ directory, auth, config }) => {
          const org = await directory.organisations.getBySlug(options.org);
          return {
            ...(await auth.tokens.issue(org.id, kind, options.name)),
            scimUrl: `${config.publicUrl}/scim/v2`,
          };
        });
        output(
          options,
          { id: token.id, name: token.name, token: secret, ...(kind === "scim" ? { baseUrl: scimUrl } : {}) },
          [
            `${LABEL[kind]} "${token.name}" (${token.id}):`,
            `  ${secret}`,
            "Store it now: it cannot be shown again.",
            ...(kind === "scim" ? [`SCIM base URL (tenant URL): ${scimUrl}`] : []),
          ].join("\n"),
        );
      } catch (error) {
        fail(options, error);
      }
    });
  group
    .command("list")
    .description(`List ${LABEL[kind]}s (never their secrets)`)
    .requiredOption("--org <slug>", "organisation slug")
    .option("--json", "machine-readable output")
    .action(async (options: { org: string; json?: boolean }) => {
      try {
        const tokens = await withServices(async ({ directory, auth }) =>
          auth.tokens.list((await directory.organisations.getBySlug(options.org)).id, kind),
        );
        const rows = tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt,
          lastUsedAt: t.lastUsedAt,
          revokedAt: t.revokedAt,
        }));
        const text = rows
          .map(
            (t) =>
              `${t.id}  ${t.name}  ${t.prefix}…  last used ${t.lastUsedAt?.toISOString() ?? "never"}${t.revokedAt ? "  REVOKED" : ""}`,
          )
          .join("\n");
        output(options, rows, text || `No ${LABEL[kind]}s.`);
      } catch (error) {
        fail(options, error);
      }
    });
  group
    .command("revoke")
    .description(`Revoke a ${LABEL[kind]}; it stops working at once`)
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("--id <id>", "the token's id (from list)")
    .option("--json", "machine-readable output")
    .action(async (options: { org: string; id: string; json?: boolean }) => {
      try {
        await withServices(async ({ directory, auth }) =>
          auth.tokens.revoke((await directory.organisations.getBySlug(options.org)).id, kind, options.id),
        );
        output(options, { id: options.id, revoked: true }, `Revoked ${options.id}.`);
      } catch (error) {
        fail(options, error);
      }
    });
}

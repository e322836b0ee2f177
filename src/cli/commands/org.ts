import type { Command } from "commander";
import { fail, output, withServices } from "../context";

export function registerOrg(program: Command): void {
  const org = program.command("org").description("Manage organisations (tenants)");
  org
    .command("create")
    .description(
      "Create an organisation, ready to use: default department, job profile, Learner and Administrator",
    )
    .requiredOption("--slug <slug>", "URL name, e.g. acme (appears in /o/acme/login)")
    .requiredOption("--name <name>", "display name, e.g. 'Acme Corp'")
    .option("--language <tag>", "default language", "en")
    .option("--languages <tags>", "comma-separated enabled languages (default: the default language)")
    .option("--json", "machine-readable output")
    .action(
      async (options: {
        slug: string;
        name: string;
        language: string;
        languages?: string;
        json?: boolean;
      }) => {
        try {
          const created = await withServices(({ directory }) =>
            directory.organisations.create({
              slug: options.slug,
              name: options.name,
              defaultLanguage: options.language,
              languages: options.languages?.split(",").map((l) => l.trim()),
            }),
          );
          output(
            options,
            { id: created.id, slug: created.slug, name: created.name, languages: created.languages },
            `Created organisation ${created.slug} (${created.name}), id ${created.id}`,
          );
        } catch (error) {
          fail(options, error);
        }
      },
    );
  org
    .command("list")
    .description("List organisations")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const orgs = await withServices(({ directory }) => directory.organisations.list());
        const rows = orgs.map((o) => ({ id: o.id, slug: o.slug, name: o.name, languages: o.languages }));
        output(
          options,
          rows,
          rows.length ? rows.map((o) => `${o.slug}\t${o.name}\t${o.id}`).join("\n") : "No organisations.",
        );
      } catch (error) {
        fail(options, error);
      }
    });
}

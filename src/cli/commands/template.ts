import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { fail, output, withServices } from "../context";

/** `admit template`: the organisation's Excel import template, as the console's "Download template". */
export function registerTemplate(program: Command): void {
  program
    .command("template")
    .description("Write the organisation's Excel (.xlsx) user import template, with its drop-down lists")
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("-o, --output <file>", "where to write the .xlsx file")
    .option("--json", "machine-readable output")
    .action(async (options: { org: string; output: string; json?: boolean }) => {
      try {
        await withServices(async ({ directory, imports }) => {
          const org = await directory.organisations.getBySlug(options.org);
          const out = createWriteStream(options.output);
          await imports.writeTemplate(org.id, out);
          await finished(out);
        });
        output(options, { file: options.output }, `Wrote the import template to ${options.output}`);
      } catch (error) {
        fail(options, error);
      }
    });
}

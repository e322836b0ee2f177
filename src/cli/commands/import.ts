import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { keepHeapNearLive } from "../../lib/heap";
import { fail, output, withServices } from "../context";
import { progressBar } from "../progress";

interface ImportOptions {
  org: string;
  dryRun?: boolean;
  report?: string;
  json?: boolean;
}

const SHOWN_ERRORS = 20;

/**
 * `admit import`: the same import as the API (same checks, same job table, same per-row rules),
 * in the foreground with a progress bar. Exit code 0 when the job completed (rows may still
 * have been refused: they are listed), 1 when the file or the job failed.
 */
export function registerImport(program: Command): void {
  program
    .command("import")
    .description("Import users from an Excel (.xlsx) file made from the template; existing users are skipped")
    .argument("<file>", "the .xlsx file")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--dry-run", "check every row and report, without creating anyone")
    .option("--report <file>", "also write the per-row report (.xlsx) here")
    .option("--json", "machine-readable output")
    .action(async (file: string, options: ImportOptions) => {
      try {
        keepHeapNearLive();
        const result = await withServices(
          async ({ directory, imports }) => {
            const org = await directory.organisations.getBySlug(options.org);
            const { size } = await stat(file);
            const bar = progressBar();
            // Every cell is read and checked before the first row is imported: seconds for a big file.
            if (!options.json) bar.note(`Checking ${basename(file)} (${(size / 1_048_576).toFixed(1)} MB)…`);
            const prepared = await imports
              .prepare(
                org.id,
                { path: file, name: basename(file), bytes: size },
                { dryRun: options.dryRun ?? false, requestedBy: "admit CLI" },
              )
              .catch((error: unknown) => {
                bar.done();
                throw error;
              });
            const job = await prepared
              .run(options.json ? undefined : (p) => bar.update(p))
              .finally(() => bar.done());
            const errors = await imports.rows(org.id, job.id, { status: "error", pageSize: SHOWN_ERRORS });
            if (options.report) {
              const out = createWriteStream(options.report);
              await imports.writeReport(org.id, job.id, out);
              await finished(out);
            }
            return { job, errors };
          },
          { checkpointsInBackground: true },
        );
        const { job, errors } = result;
        const c = job.counts;
        const summary = options.dryRun
          ? `Dry run of ${file}: ${c.valid} would be created, ${c.skipped} skipped (already exist), ${c.error} with errors.`
          : `Imported ${file}: ${c.created} created, ${c.skipped} skipped (already exist), ${c.error} with errors.`;
        const lines = errors.items.map(
          (r) => `  row ${r.row}: ${r.messages.map((m) => m.detail).join("; ")}`,
        );
        if (errors.total > errors.items.length)
          lines.push(`  … and ${errors.total - errors.items.length} more (see --report)`);
        const failure = job.error ? `\nThe import failed: ${job.error.detail}` : "";
        output(options, { ...job, errors: errors.items }, [summary, ...lines].join("\n") + failure);
        if (job.status === "failed") process.exit(1);
      } catch (error) {
        fail(options, error);
      }
    });
}

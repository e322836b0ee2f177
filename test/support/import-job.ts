import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestApp } from "./app";
import { row, xlsxBuffer } from "./xlsx";

/** Runs a one-row Excel import through the service; returns the finished job's id. */
export async function importJobFor(
  t: TestApp,
  organisationId: string,
  label: string,
  names: { jobProfile: string; department: string; permissionType: string },
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "admit-import-job-"));
  try {
    const path = join(dir, `${label}.xlsx`);
    const file = await xlsxBuffer({
      rows: [
        row({
          firstName: `${label}imported`,
          lastName: `${label}last`,
          email: `${label.toLowerCase()}.imported@${label.toLowerCase()}.example`,
          language: "en",
          jobProfile: names.jobProfile,
          departments: names.department,
          permissionTypes: names.permissionType,
        }),
      ],
    });
    writeFileSync(path, file);
    const prepared = await t.services.imports.prepare(
      organisationId,
      { path, name: `${label}.xlsx`, bytes: file.length },
      { dryRun: false, requestedBy: null },
    );
    const job = await prepared.run();
    if (job.counts.created !== 1) throw new Error(`the ${label} import created ${job.counts.created} users`);
    return job.id;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

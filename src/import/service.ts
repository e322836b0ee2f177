import type { Writable } from "node:stream";
import type { DataSource, EntityManager } from "typeorm";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import { AppError, type Clock, type Logger } from "../lib";
import { loadCatalog } from "./catalog";
import { matchHeaders } from "./headers";
import { inspectXlsx, type XlsxLimits } from "./inspect";
import { JobStore, type RowQuery } from "./jobs";
import { writeReport } from "./report";
import { readSheetRows } from "./row-reader";
import { runRows, type Progress } from "./runner";
import { writeTemplate } from "./template";
import { jobView, rowView, type ImportJobView } from "./views";

export interface ImportDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  /** IMPORT_MAX_BYTES. */
  maxBytes: number;
  /** How long a one-time password from the file works (the organisation's communication settings). */
  oneTimePasswordLifetimeHours(organisationId: string, tx: EntityManager): Promise<number>;
}

export interface PreparedImport {
  job: ImportJobView;
  /** Imports the rows; resolves with the finished job (completed, or failed with its reason). */
  run(onProgress?: (progress: Progress) => void): Promise<ImportJobView>;
}

/**
 * Limits for what an upload may unpack to; see docs/guides/import.md. The sheet's cells and text
 * are kept until the import has read them: 20 filled cells a row (the template has 11) and 64
 * million characters of inline text bound that at ~44 MB plus the text, whatever the file says.
 */
export function importLimits(maxBytes: number): XlsxLimits {
  const maxRows = 200_000;
  return {
    maxBytes,
    maxEntries: 1000,
    maxUncompressed: 512 * 1_048_576,
    maxRatio: 200,
    maxRows,
    maxCells: 20 * (maxRows + 1),
    maxSheetText: 64_000_000,
  };
}

export class ImportService {
  readonly limits: XlsxLimits;
  private readonly jobs: JobStore;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: ImportDeps) {
    this.limits = importLimits(deps.maxBytes);
    this.jobs = new JobStore(deps.dataSource, deps.clock);
  }

  async writeTemplate(organisationId: string, out: Writable): Promise<void> {
    const org = await this.deps.directory.organisations.getById(organisationId);
    await writeTemplate(await loadCatalog(this.deps.directory, organisationId), org.name, out);
  }

  /**
   * Everything that can reject the file as a whole — size, format, zip bomb, damage, headers —
   * happens here, before the job exists and long before anything is written.
   */
  async prepare(
    organisationId: string,
    file: { path: string; name: string | null; bytes: number },
    options: { dryRun: boolean; requestedBy: string | null },
  ): Promise<PreparedImport> {
    const plan = await inspectXlsx(file.path, this.limits);
    const rows = readSheetRows(plan);
    try {
      const first = await rows.next();
      const header = matchHeaders(first.done ? undefined : first.value.values);
      const job = await this.jobs.create(organisationId, {
        fileName: file.name?.slice(0, 255) ?? null,
        fileBytes: file.bytes,
        dryRun: options.dryRun,
        requestedBy: options.requestedBy,
        totalRows: Math.max(0, plan.rows - 1),
        headers: header.headers,
      });
      let started = false;
      return {
        job: jobView(job, this.deps.clock.now()),
        run: (onProgress) => {
          if (started) throw new Error("an import runs once");
          started = true;
          const done = runRows(
            {
              ...this.deps,
              jobs: this.jobs,
              reader: this.deps.dataSource.manager,
              now: () => this.deps.clock.now(),
            },
            job,
            header,
            rows,
            onProgress,
          ).then((finished) => jobView(finished, this.deps.clock.now()));
          this.running.add(done);
          void done.finally(() => this.running.delete(done)).catch(() => undefined);
          return done;
        },
      };
    } catch (error) {
      await rows.return(undefined);
      throw error;
    }
  }

  /** Resolves when no import runs in this process (graceful shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async job(organisationId: string, jobId: string): Promise<ImportJobView> {
    return jobView(await this.jobs.get(organisationId, jobId), this.deps.clock.now());
  }

  async rows(organisationId: string, jobId: string, query: RowQuery) {
    const page = await this.jobs.rows(await this.jobs.get(organisationId, jobId), query);
    return { ...page, items: page.items.map(rowView) };
  }

  async writeReport(organisationId: string, jobId: string, out: Writable): Promise<void> {
    const job = await this.jobs.get(organisationId, jobId);
    await writeReport(this.jobs, job, out);
  }

  /** Finished imports (and their row reports) older than the retention; returns how many went. */
  prune(retentionDays: number): Promise<number> {
    return this.jobs.prune(retentionDays);
  }

  /** Refuses a report while the job still runs (it would be partial). */
  async assertReportReady(organisationId: string, jobId: string): Promise<void> {
    const job = await this.jobs.get(organisationId, jobId);
    if (job.status === "running") {
      throw new AppError(
        "import.job_running",
        "The import is still running; fetch the report when it has finished",
        { status: 409 },
      );
    }
  }
}

import type { DataSource, EntityManager } from "typeorm";
import { In, LessThan, MoreThan } from "typeorm";
import { bulkInsert, uniqueViolation } from "../db";
import { newId, notFound, type Clock } from "../lib";
import { ImportJob, ImportJobRow, type RowStatus } from "./entities";
import { importRunning } from "./errors";
import type { RowOutcome } from "./outcome";

/** A running job whose heartbeat (updatedAt, moved every batch) is older than this was interrupted. */
const STALE_MS = 10 * 60_000;
/** Report rows deleted per statement when an old job is pruned. */
const PRUNE_SLICE = 5_000;

export interface NewJob {
  fileName: string | null;
  fileBytes: number;
  dryRun: boolean;
  requestedBy: string | null;
  totalRows: number;
  headers: string[];
}

export interface RowQuery {
  status?: RowStatus;
  page?: number;
  pageSize?: number;
}

/** import_jobs and import_job_rows; every read is scoped to the organisation. */
export class JobStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Deletes finished jobs older than the retention with their rows (the rows hold the uploaded
   * cells: names, emails, phone numbers). Rows go in slices so no single statement holds SQLite's
   * writer for long; a running job is never touched.
   */
  async prune(retentionDays: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    const old = await this.dataSource.getRepository(ImportJob).find({
      select: { id: true, totalRows: true },
      where: { status: In(["completed", "failed"]), updatedAt: LessThan(cutoff) },
    });
    for (const job of old) {
      const last = await this.dataSource.getRepository(ImportJobRow).maximum("rowNumber", { jobId: job.id });
      for (let upTo = PRUNE_SLICE; upTo - PRUNE_SLICE < (last ?? 0); upTo += PRUNE_SLICE) {
        await this.dataSource
          .getRepository(ImportJobRow)
          .delete({ jobId: job.id, rowNumber: LessThan(upTo + 1) });
      }
      await this.dataSource
        .getRepository(ImportJob)
        .delete({ id: job.id, status: In(["completed", "failed"]) });
    }
    return old.length;
  }

  /** Starts a job, holding the organisation's import slot (a unique key, not a check-then-insert). */
  async create(organisationId: string, input: NewJob): Promise<ImportJob> {
    const now = this.clock.now();
    const job = Object.assign(new ImportJob(), {
      id: newId(),
      organisationId,
      runningKey: organisationId,
      status: "running",
      ...input,
      processedRows: 0,
      createdRows: 0,
      validRows: 0,
      skippedRows: 0,
      errorRows: 0,
      errorCode: null,
      errorDetail: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
    } satisfies ImportJob);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.dataSource.manager.insert(ImportJob, job);
        return job;
      } catch (error) {
        if (!uniqueViolation(error) || attempt > 0 || !(await this.releaseStale(organisationId))) {
          throw uniqueViolation(error) ? importRunning() : error;
        }
      }
    }
  }

  /** Frees the slot of a job that stopped moving (its process died); true when one was freed. */
  private async releaseStale(organisationId: string): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.dataSource.manager.update(
      ImportJob,
      { runningKey: organisationId, updatedAt: LessThan(new Date(now.getTime() - STALE_MS)) },
      {
        runningKey: null,
        status: "failed",
        errorCode: "import.interrupted",
        errorDetail: "The import stopped (the server restarted?); rows imported before remain",
        finishedAt: now,
      },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The batch's row outcomes and the job's new counts, in the caller's transaction. */
  async record(tx: EntityManager, job: ImportJob, outcomes: RowOutcome[], processedRows: number) {
    if (outcomes.length) {
      await bulkInsert(
        tx,
        ImportJobRow,
        outcomes.map((o) => ({
          jobId: job.id,
          rowNumber: o.number,
          status: o.status,
          messages: o.messages,
          userId: o.userId,
          cellValues: o.cellValues,
        })),
      );
    }
    for (const o of outcomes) {
      const counter = `${o.status}Rows` as "createdRows" | "validRows" | "skippedRows" | "errorRows";
      job[counter] += 1;
    }
    job.processedRows = processedRows;
    job.updatedAt = this.clock.now();
    const { createdRows, validRows, skippedRows, errorRows, updatedAt } = job;
    await tx.update(
      ImportJob,
      { id: job.id },
      { processedRows, createdRows, validRows, skippedRows, errorRows, updatedAt },
    );
  }

  async finish(job: ImportJob, failure?: { code: string; detail: string }): Promise<ImportJob> {
    const now = this.clock.now();
    Object.assign(job, {
      runningKey: null,
      status: failure ? "failed" : "completed",
      errorCode: failure?.code ?? null,
      errorDetail: failure?.detail ?? null,
      finishedAt: now,
      updatedAt: now,
    });
    const { runningKey, status, errorCode, errorDetail, finishedAt, updatedAt } = job;
    await this.dataSource.manager.update(
      ImportJob,
      { id: job.id },
      { runningKey, status, errorCode, errorDetail, finishedAt, updatedAt },
    );
    return job;
  }

  async get(organisationId: string, id: string): Promise<ImportJob> {
    const job = await this.dataSource.manager.findOneBy(ImportJob, { id, organisationId });
    if (!job) throw notFound("Import job", "import.job_not_found");
    return job;
  }

  async rows(job: ImportJob, query: RowQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const where = { jobId: job.id, ...(query.status ? { status: In([query.status]) } : {}) };
    const [items, total] = await this.dataSource.manager.findAndCount(ImportJobRow, {
      where,
      order: { rowNumber: "ASC" },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, page, pageSize, total };
  }

  /** Every row in order, a page at a time by key (the report of 100,000 rows never sits in memory). */
  async *allRows(job: ImportJob, pageSize = 1000): AsyncGenerator<ImportJobRow> {
    let after = 0;
    for (;;) {
      const page = await this.dataSource.manager.find(ImportJobRow, {
        where: { jobId: job.id, rowNumber: MoreThan(after) },
        order: { rowNumber: "ASC" },
        take: pageSize,
      });
      yield* page;
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) return;
      after = last.rowNumber;
    }
  }
}

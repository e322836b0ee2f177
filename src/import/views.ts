import type { ImportJob, ImportJobRow } from "./entities";

/** The wire shape of a job (API and `--json`): explicit, so a new column never leaks by accident. */
export function jobView(job: ImportJob, now: Date) {
  const started = job.startedAt ?? job.createdAt;
  const end = job.finishedAt ?? now;
  const seconds = Math.max(0.001, (end.getTime() - started.getTime()) / 1000);
  const total = job.totalRows ?? 0;
  const rate = job.processedRows / seconds;
  const running = job.status === "running";
  return {
    id: job.id,
    status: job.status,
    dryRun: job.dryRun,
    fileName: job.fileName,
    fileBytes: job.fileBytes,
    requestedBy: job.requestedBy,
    progress: {
      processedRows: job.processedRows,
      totalRows: total,
      percent: total ? Math.min(100, Math.round((job.processedRows / total) * 1000) / 10) : 100,
      rowsPerSecond: Math.round(rate),
      etaSeconds: running && rate > 0 ? Math.ceil((total - job.processedRows) / rate) : running ? null : 0,
    },
    counts: {
      created: job.createdRows,
      valid: job.validRows,
      skipped: job.skippedRows,
      error: job.errorRows,
    },
    error: job.errorCode ? { code: job.errorCode, detail: job.errorDetail } : null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export type ImportJobView = ReturnType<typeof jobView>;

export function rowView(row: ImportJobRow) {
  return { row: row.rowNumber, status: row.status, messages: row.messages ?? [], userId: row.userId };
}

export type ImportRowView = ReturnType<typeof rowView>;

import { Column, Entity, PrimaryColumn } from "typeorm";
import { booleanTransformer, DATETIME, ID, jsonTransformer } from "./columns";

export const IMPORT_JOB_STATUSES = ["running", "completed", "failed"] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** One upload being imported (or dry-run): its progress, counts and, when it failed, why. */
@Entity("import_jobs")
export class ImportJob {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  /** The organisation id while running, else null: a unique index makes it one import at a time. */
  @Column({ ...ID, nullable: true }) runningKey!: string | null;
  @Column({ type: "varchar", length: 16 }) status!: ImportJobStatus;
  @Column({ type: "boolean", default: false, transformer: booleanTransformer }) dryRun!: boolean;
  @Column({ type: "varchar", length: 255, nullable: true }) fileName!: string | null;
  @Column({ type: "int" }) fileBytes!: number;
  @Column({ type: "varchar", length: 200, nullable: true }) requestedBy!: string | null;
  /** The header row as uploaded, for the report. */
  @Column({ type: "text", nullable: true, transformer: jsonTransformer }) headers!: string[] | null;
  /** Rows below the header (blank ones included), counted before the first write. */
  @Column({ type: "int", nullable: true }) totalRows!: number | null;
  @Column({ type: "int", default: 0 }) processedRows!: number;
  @Column({ type: "int", default: 0 }) createdRows!: number;
  /** Dry run: rows that would be created. */
  @Column({ type: "int", default: 0 }) validRows!: number;
  @Column({ type: "int", default: 0 }) skippedRows!: number;
  @Column({ type: "int", default: 0 }) errorRows!: number;
  @Column({ type: "varchar", length: 64, nullable: true }) errorCode!: string | null;
  @Column({ type: "text", nullable: true }) errorDetail!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) startedAt!: Date | null;
  @Column({ ...DATETIME, nullable: true }) finishedAt!: Date | null;
  /** Moves with every batch: a running job that stopped moving was interrupted. */
  @Column(DATETIME) updatedAt!: Date;
}

import { Column, Entity, PrimaryColumn } from "typeorm";
import { ID, jsonTransformer } from "./columns";

export const ROW_STATUSES = ["created", "valid", "skipped", "error"] as const;
/** `valid` only in a dry run: the row would have been created. */
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowMessage {
  code: string;
  detail: string;
  /** The spreadsheet column the message is about, when there is one. */
  column?: string;
}

/** The outcome of one spreadsheet row, written in the same transaction as the user it created. */
@Entity("import_job_rows")
export class ImportJobRow {
  @PrimaryColumn(ID) jobId!: string;
  @PrimaryColumn({ type: "int" }) rowNumber!: number;
  @Column({ type: "varchar", length: 16 }) status!: RowStatus;
  @Column({ type: "text", nullable: true, transformer: jsonTransformer }) messages!: RowMessage[] | null;
  @Column({ ...ID, nullable: true }) userId!: string | null;
  /** The row's cells as text, for the report; one-time passwords are never stored. */
  @Column({ type: "text", transformer: jsonTransformer }) cellValues!: string[];
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

const count = (name: string) => ({ name, type: "int", default: 0 });

/**
 * Excel import (src/import): one row per import job with its progress, and one row per
 * spreadsheet row with its outcome and the values the report shows again.
 */
export class Import1700000000007 implements MigrationInterface {
  name = "Import1700000000007";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "import_jobs",
        columns: [
          c.id(),
          c.ref("organisationId"),
          // Set while the job runs, null after: the unique index allows one running import per organisation.
          c.ref("runningKey", true),
          c.str("status", 16),
          { name: "dryRun", type: "boolean", default: false },
          c.str("fileName", 255, true),
          { name: "fileBytes", type: "int" },
          c.str("requestedBy", 200, true),
          c.text("headers", true),
          { name: "totalRows", type: "int", isNullable: true },
          count("processedRows"),
          count("createdRows"),
          count("validRows"),
          count("skippedRows"),
          count("errorRows"),
          c.str("errorCode", 64, true),
          c.text("errorDetail", true),
          c.datetime("createdAt"),
          c.datetime("startedAt", true),
          c.datetime("finishedAt", true),
          c.datetime("updatedAt"),
        ],
        indices: [
          { name: "UQ_import_jobs_running", columnNames: ["runningKey"], isUnique: true },
          { name: "IDX_import_jobs_org_created", columnNames: ["organisationId", "createdAt"] },
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "import_job_rows",
        columns: [
          c.ref("jobId", false, true),
          { name: "rowNumber", type: "int", isPrimary: true },
          c.str("status", 16),
          c.text("messages", true),
          c.ref("userId", true),
          c.text("cellValues"),
        ],
        indices: [{ name: "IDX_import_job_rows_status", columnNames: ["jobId", "status", "rowNumber"] }],
        foreignKeys: [c.foreignKey("jobId", "import_jobs", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("import_job_rows");
    await queryRunner.dropTable("import_jobs");
  }
}

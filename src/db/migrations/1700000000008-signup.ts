import { MigrationInterface, QueryRunner, Table, type TableForeignKeyOptions } from "typeorm";
import { columnKit } from "./kit";

const reference = (
  column: string,
  table: string,
  onDelete: "CASCADE" | "SET NULL",
): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ["id"],
  onDelete,
});

/**
 * Self sign-up (src/signup): one settings row per organisation. The three defaults point at
 * the organisation's catalog; deleting an entry sets the default back to "the organisation's".
 */
export class Signup1700000000008 implements MigrationInterface {
  name = "Signup1700000000008";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "signup_settings",
        columns: [
          c.ref("organisationId", false, true),
          { name: "enabled", type: "boolean", default: false },
          { name: "userSelectsDepartment", type: "boolean", default: false },
          c.text("selectableDepartmentIds"),
          c.text("allowedEmailDomains"),
          c.ref("defaultDepartmentId", true),
          c.ref("defaultJobProfileId", true),
          c.ref("defaultPermissionTypeId", true),
          ...c.timestamps(),
        ],
        foreignKeys: [
          reference("organisationId", "organisations", "CASCADE"),
          reference("defaultDepartmentId", "departments", "SET NULL"),
          reference("defaultJobProfileId", "job_profiles", "SET NULL"),
          reference("defaultPermissionTypeId", "permission_types", "SET NULL"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("signup_settings");
  }
}

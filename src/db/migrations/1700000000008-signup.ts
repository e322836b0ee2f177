import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

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
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("defaultDepartmentId", "departments", "SET NULL"),
          c.foreignKey("defaultJobProfileId", "job_profiles", "SET NULL"),
          c.foreignKey("defaultPermissionTypeId", "permission_types", "SET NULL"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("signup_settings");
  }
}

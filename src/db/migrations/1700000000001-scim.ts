import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/**
 * SCIM storage beside the directory: the attributes of a SCIM user that the directory does not
 * model, groups with one row per membership (a 50,000-member group is never rewritten whole),
 * and the provisioning log.
 */
export class Scim1700000000001 implements MigrationInterface {
  name = "Scim1700000000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "scim_users",
        columns: [
          c.ref("userId", false, true),
          c.ref("organisationId"),
          c.text("profile"),
          c.datetime("deletedAt", true),
        ],
        foreignKeys: [c.foreignKey("userId", "users", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "scim_groups",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("displayName", 255),
          c.key("displayNameKey", 255),
          c.key("externalId", 255, true),
          { name: "version", type: "int", default: 1 },
          ...c.timestamps(),
        ],
        indices: [
          {
            name: "UQ_scim_groups_org_name",
            columnNames: ["organisationId", "displayNameKey"],
            isUnique: true,
          },
          { name: "IDX_scim_groups_org_external", columnNames: ["organisationId", "externalId"] },
          { name: "IDX_scim_groups_org_created", columnNames: ["organisationId", "createdAt", "id"] },
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "scim_group_members",
        columns: [c.ref("groupId", false, true), c.ref("userId", false, true)],
        indices: [{ name: "IDX_scim_group_members_user", columnNames: ["userId"] }],
        foreignKeys: [
          c.foreignKey("groupId", "scim_groups", "CASCADE"),
          c.foreignKey("userId", "users", "CASCADE"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "provisioning_log",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.ref("tokenId", true),
          c.str("tokenName", 100, true),
          c.str("method", 8),
          c.str("path", 500),
          { name: "status", type: "int" },
          c.str("scimType", 32, true),
          { name: "durationMs", type: "int" },
          c.str("resourceId", 36, true),
          c.str("summary", 1000, true),
          c.datetime("createdAt"),
        ],
        indices: [
          { name: "IDX_provisioning_log_org_time", columnNames: ["organisationId", "createdAt"] },
          { name: "IDX_provisioning_log_time", columnNames: ["createdAt"] },
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["provisioning_log", "scim_group_members", "scim_groups", "scim_users"]) {
      await queryRunner.dropTable(table);
    }
  }
}

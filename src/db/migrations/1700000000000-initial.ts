import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from "typeorm";
import { columnKit } from "./kit";

/**
 * The directory core, sessions and access tokens. Written with the QueryRunner table API so
 * the one file serves SQLite and MySQL/MariaDB.
 */
export class Initial1700000000000 implements MigrationInterface {
  name = "Initial1700000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "organisations",
        columns: [
          c.id(),
          c.key("slug", 63),
          c.str("name", 200),
          c.str("defaultLanguage", 35),
          c.text("languages"),
          c.ref("defaultDepartmentId", true),
          c.ref("defaultJobProfileId", true),
          c.ref("defaultPermissionTypeId", true),
          ...c.timestamps(),
        ],
        indices: [{ name: "UQ_organisations_slug", columnNames: ["slug"], isUnique: true }],
      }),
    );

    for (const name of ["departments", "job_profiles", "permission_types"]) {
      const extra: TableColumnOptions[] =
        name === "departments"
          ? [c.ref("parentId", true)]
          : name === "permission_types"
            ? [{ name: "consoleAccess", type: "boolean", default: false }]
            : [];
      await queryRunner.createTable(
        new Table({
          name,
          columns: [
            c.id(),
            c.ref("organisationId"),
            c.str("name", 200),
            c.key("nameKey", 200),
            c.str("externalId", 255, true),
            ...extra,
            ...c.timestamps(),
          ],
          indices: [
            { name: `UQ_${name}_org_name`, columnNames: ["organisationId", "nameKey"], isUnique: true },
          ],
          foreignKeys: [
            c.foreignKey("organisationId", "organisations", "CASCADE"),
            ...(name === "departments" ? [c.foreignKey("parentId", "departments")] : []),
          ],
        }),
      );
    }

    await queryRunner.createTable(
      new Table({
        name: "users",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("firstName", 100),
          c.str("lastName", 100),
          c.str("email", 320, true),
          c.key("emailKey", 320, true),
          c.str("userName", 100, true),
          c.key("userNameKey", 100, true),
          c.str("phone", 20, true),
          c.str("language", 35),
          c.ref("jobProfileId"),
          c.str("status", 16),
          c.str("source", 16),
          c.key("externalId", 255, true),
          { name: "managedBy", type: "text", isNullable: true },
          c.str("passwordHash", 200, true),
          { name: "passwordMustChange", type: "boolean", default: false },
          c.datetime("lastLoginAt", true),
          { name: "version", type: "int", default: 1 },
          ...c.timestamps(),
        ],
        indices: [
          // Case-insensitive uniqueness per organisation, decided by the database (NULLs never collide).
          { name: "UQ_users_org_email", columnNames: ["organisationId", "emailKey"], isUnique: true },
          { name: "UQ_users_org_username", columnNames: ["organisationId", "userNameKey"], isUnique: true },
          { name: "IDX_users_org_external", columnNames: ["organisationId", "externalId"] },
          { name: "IDX_users_org_created", columnNames: ["organisationId", "createdAt", "id"] },
          { name: "IDX_users_org_status", columnNames: ["organisationId", "status"] },
          { name: "IDX_users_jobprofile", columnNames: ["jobProfileId"] },
        ],
        // Deleting a job profile that a user still has fails in the database, not just in a pre-check.
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("jobProfileId", "job_profiles"),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "user_departments",
        columns: [c.ref("userId", false, true), c.ref("departmentId", false, true)],
        indices: [{ name: "IDX_user_departments_department", columnNames: ["departmentId"] }],
        foreignKeys: [
          c.foreignKey("userId", "users", "CASCADE"),
          c.foreignKey("departmentId", "departments"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "user_permission_types",
        columns: [c.ref("userId", false, true), c.ref("permissionTypeId", false, true)],
        indices: [{ name: "IDX_user_permission_types_pt", columnNames: ["permissionTypeId"] }],
        foreignKeys: [
          c.foreignKey("userId", "users", "CASCADE"),
          c.foreignKey("permissionTypeId", "permission_types"),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "access_tokens",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("kind", 16),
          c.str("name", 100),
          c.key("tokenHash", 64),
          c.str("prefix", 16),
          c.datetime("createdAt"),
          c.datetime("lastUsedAt", true),
          c.datetime("revokedAt", true),
        ],
        indices: [
          { name: "UQ_access_tokens_hash", columnNames: ["tokenHash"], isUnique: true },
          { name: "IDX_access_tokens_org_kind", columnNames: ["organisationId", "kind"] },
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "sessions",
        columns: [
          c.id(),
          c.key("tokenHash", 64),
          c.ref("organisationId"),
          c.ref("userId"),
          c.datetime("createdAt"),
          c.datetime("expiresAt"),
          c.datetime("revokedAt", true),
        ],
        indices: [
          { name: "UQ_sessions_hash", columnNames: ["tokenHash"], isUnique: true },
          { name: "IDX_sessions_user", columnNames: ["userId"] },
        ],
        foreignKeys: [c.foreignKey("userId", "users", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "sessions",
      "access_tokens",
      "user_permission_types",
      "user_departments",
      "users",
      "permission_types",
      "job_profiles",
      "departments",
      "organisations",
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

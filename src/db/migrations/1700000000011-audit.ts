import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/** The audit log (src/audit): one row per administrative change, read newest first per organisation. */
export class Audit1700000000011 implements MigrationInterface {
  name = "Audit1700000000011";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "audit_events",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.datetime("at"),
          c.str("actorKind", 16),
          c.ref("actorId", true),
          c.str("actorLabel", 200),
          c.str("action", 64),
          c.str("targetType", 32),
          c.ref("targetId", true),
          c.str("targetLabel", 200),
          c.str("summary", 500),
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
        indices: [
          // The audit page: an organisation's events, newest first.
          { name: "IDX_audit_events_org_at", columnNames: ["organisationId", "at"] },
          { name: "IDX_audit_events_target", columnNames: ["organisationId", "targetId"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("audit_events");
  }
}

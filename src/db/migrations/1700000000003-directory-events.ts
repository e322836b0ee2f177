import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/** The transactional outbox of directory changes (user created/updated/deactivated/…). */
export class DirectoryEvents1700000000003 implements MigrationInterface {
  name = "DirectoryEvents1700000000003";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "directory_events",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.ref("userId"),
          c.str("type", 32),
          c.str("source", 16),
          c.datetime("createdAt"),
          c.datetime("processedAt", true),
        ],
        indices: [
          // The consumer's scan: unprocessed events in order.
          { name: "IDX_directory_events_pending", columnNames: ["processedAt", "createdAt"] },
          { name: "IDX_directory_events_user", columnNames: ["userId", "createdAt"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("directory_events");
  }
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/** The transactional outbox of messages (email, SMS) and their delivery state. */
export class Outbox1700000000004 implements MigrationInterface {
  name = "Outbox1700000000004";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const mysql = queryRunner.connection.options.type === "mysql";
    await queryRunner.createTable(
      new Table({
        name: "outbox_messages",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.ref("userId", true),
          c.str("channel", 8),
          c.str("purpose", 64),
          c.str("recipientMasked", 320),
          // MySQL TEXT stops at 64 KB; an HTML email, sealed and base64-encoded, may not.
          { name: "payload", type: mysql ? "mediumtext" : "text", isNullable: true },
          c.str("status", 16),
          { name: "attempts", type: "int", default: 0 },
          c.datetime("nextAttemptAt"),
          c.datetime("claimedUntil", true),
          c.ref("claimId", true),
          c.str("lastError", 1000, true),
          c.str("transport", 16, true),
          c.str("providerId", 255, true),
          c.datetime("createdAt"),
          c.datetime("sentAt", true),
        ],
        indices: [
          // The dispatcher's scan: due pending rows in due order (and SKIP LOCKED locks only those).
          { name: "IDX_outbox_messages_due", columnNames: ["status", "nextAttemptAt"] },
          { name: "IDX_outbox_messages_user", columnNames: ["organisationId", "userId", "createdAt"] },
          { name: "IDX_outbox_messages_claim", columnNames: ["claimId"] },
          { name: "IDX_outbox_messages_created", columnNames: ["createdAt"] },
        ],
        // Deleting a user (or an organisation) deletes its messages: a pending activation for
        // someone who is gone must not be sent, and their address must not stay behind.
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("userId", "users", "CASCADE"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("outbox_messages");
  }
}

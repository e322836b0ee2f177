import { MigrationInterface, QueryRunner, Table, TableColumn } from "typeorm";
import { columnKit } from "./kit";

/**
 * Activation and communication (src/activation): per-organisation communication settings and
 * message templates, activation/reset tokens (only their HMAC), and the expiry of one-time
 * passwords on users.
 */
export class Activation1700000000005 implements MigrationInterface {
  name = "Activation1700000000005";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "communication_settings",
        columns: [
          c.ref("organisationId", false, true),
          c.text("autoSendSources"),
          { name: "smsEnabled", type: "boolean", default: false },
          c.str("senderName", 100, true),
          c.str("replyTo", 320, true),
          { name: "linkLifetimeHours", type: "int" },
          { name: "oneTimePasswordLifetimeHours", type: "int" },
          ...c.timestamps(),
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "message_templates",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("purpose", 32),
          c.key("language", 35),
          c.str("subject", 200),
          c.text("html"),
          c.text("text"),
          c.text("sms"),
          ...c.timestamps(),
        ],
        indices: [
          {
            name: "UQ_message_templates_org_purpose_lang",
            columnNames: ["organisationId", "purpose", "language"],
            isUnique: true,
          },
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "activation_tokens",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.ref("userId"),
          c.str("purpose", 32),
          c.key("tokenHash", 64),
          c.str("channel", 8, true),
          c.ref("deliveryId", true),
          c.datetime("createdAt"),
          c.datetime("expiresAt"),
          c.datetime("usedAt", true),
          c.datetime("revokedAt", true),
        ],
        indices: [
          { name: "UQ_activation_tokens_hash", columnNames: ["tokenHash"], isUnique: true },
          { name: "IDX_activation_tokens_user", columnNames: ["userId", "purpose", "createdAt"] },
        ],
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("userId", "users", "CASCADE"),
        ],
      }),
    );
    await queryRunner.addColumn("users", new TableColumn(c.datetime("passwordExpiresAt", true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("users", "passwordExpiresAt");
    for (const table of ["activation_tokens", "message_templates", "communication_settings"]) {
      await queryRunner.dropTable(table);
    }
  }
}

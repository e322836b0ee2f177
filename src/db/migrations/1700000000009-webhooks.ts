import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/**
 * Directory-change webhooks (src/webhooks): endpoints per organisation, the events as sent, and
 * one delivery row per event and endpoint (the webhook outbox). Deleting an endpoint deletes its
 * deliveries; events go when no delivery refers to them any more (pruning).
 */
export class Webhooks1700000000009 implements MigrationInterface {
  name = "Webhooks1700000000009";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const mysql = queryRunner.connection.options.type === "mysql";
    await queryRunner.createTable(
      new Table({
        name: "webhook_endpoints",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("url", 2048),
          c.str("description", 500, true),
          c.text("events"),
          { name: "enabled", type: "boolean", default: true },
          c.text("sealedSecret"),
          ...c.timestamps(),
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
        indices: [{ name: "IDX_webhook_endpoints_org", columnNames: ["organisationId", "createdAt"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "webhook_events",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("type", 40),
          c.str("subjectType", 8),
          c.ref("subjectId"),
          c.text("body"),
          c.datetime("occurredAt"),
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
        indices: [{ name: "IDX_webhook_events_occurred", columnNames: ["occurredAt"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "webhook_deliveries",
        columns: [
          // SQLite's AUTOINCREMENT exists only on INTEGER PRIMARY KEY (64-bit there anyway).
          {
            name: "seq",
            type: mysql ? "bigint" : "integer",
            isPrimary: true,
            isGenerated: true,
            generationStrategy: "increment",
          },
          c.ref("id"),
          c.ref("organisationId"),
          c.ref("endpointId"),
          c.ref("eventId"),
          c.str("eventType", 40),
          c.ref("subjectId"),
          c.str("status", 16),
          { name: "attempts", type: "int", default: 0 },
          c.datetime("nextAttemptAt"),
          c.datetime("claimedUntil", true),
          c.ref("claimId", true),
          { name: "responseStatus", type: "int", isNullable: true },
          c.str("lastError", 1000, true),
          c.ref("redeliveryOf", true),
          c.datetime("createdAt"),
          c.datetime("settledAt", true),
        ],
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("endpointId", "webhook_endpoints", "CASCADE"),
          c.foreignKey("eventId", "webhook_events", "CASCADE"),
        ],
        indices: [
          { name: "IDX_webhook_deliveries_id", columnNames: ["id"], isUnique: true },
          { name: "IDX_webhook_deliveries_due", columnNames: ["status", "nextAttemptAt"] },
          {
            name: "IDX_webhook_deliveries_chain",
            columnNames: ["endpointId", "subjectId", "status", "seq"],
          },
          { name: "IDX_webhook_deliveries_log", columnNames: ["endpointId", "createdAt"] },
          { name: "IDX_webhook_deliveries_claim", columnNames: ["claimId"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("webhook_deliveries");
    await queryRunner.dropTable("webhook_events");
    await queryRunner.dropTable("webhook_endpoints");
  }
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/**
 * SSO bridge (src/sso, PRODUCT.md §2): connections, their email domains, (connection, subject)
 * links, logins in flight and the assertion replay cache. Every row cascades with its
 * organisation; links and states also with their connection.
 */
export class Sso1700000000006 implements MigrationInterface {
  name = "Sso1700000000006";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    const flag = (name: string) => ({ name, type: "boolean", default: false });
    await queryRunner.createTable(
      new Table({
        name: "sso_connections",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("kind", 8),
          c.str("name", 100),
          flag("enabled"),
          flag("jit"),
          flag("updateOnLogin"),
          flag("trustEmail"),
          flag("trustExternalId"),
          c.str("supportContact", 200, true),
          c.text("settings"),
          c.text("sealedSecret", true),
          c.text("spCertificate", true),
          ...c.timestamps(),
        ],
        indices: [{ name: "IDX_sso_connections_org", columnNames: ["organisationId"] }],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sso_email_domains",
        columns: [
          c.ref("organisationId", false, true),
          { ...c.key("domain", 253), isPrimary: true },
          c.ref("connectionId"),
        ],
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("connectionId", "sso_connections", "CASCADE"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sso_links",
        columns: [
          c.ref("connectionId", false, true),
          { ...c.key("subjectHash", 64), isPrimary: true },
          c.str("subject", 500),
          c.ref("organisationId"),
          c.ref("userId"),
          c.datetime("createdAt"),
          c.datetime("lastLoginAt", true),
        ],
        indices: [{ name: "IDX_sso_links_user", columnNames: ["userId"] }],
        foreignKeys: [
          c.foreignKey("connectionId", "sso_connections", "CASCADE"),
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("userId", "users", "CASCADE"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sso_login_states",
        columns: [
          { ...c.key("id", 64), isPrimary: true },
          c.ref("organisationId"),
          c.ref("connectionId"),
          c.key("requestId", 100, true),
          c.str("nonce", 64, true),
          c.text("sealedVerifier", true),
          c.str("next", 500, true),
          c.datetime("createdAt"),
          c.datetime("expiresAt"),
        ],
        indices: [
          { name: "IDX_sso_login_states_request", columnNames: ["connectionId", "requestId"] },
          { name: "IDX_sso_login_states_expiry", columnNames: ["expiresAt"] },
        ],
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("connectionId", "sso_connections", "CASCADE"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sso_replay",
        columns: [
          { ...c.key("id", 64), isPrimary: true },
          c.ref("organisationId"),
          c.ref("connectionId"),
          c.datetime("expiresAt"),
        ],
        indices: [{ name: "IDX_sso_replay_expiry", columnNames: ["expiresAt"] }],
        foreignKeys: [
          c.foreignKey("organisationId", "organisations", "CASCADE"),
          c.foreignKey("connectionId", "sso_connections", "CASCADE"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "sso_replay",
      "sso_login_states",
      "sso_links",
      "sso_email_domains",
      "sso_connections",
    ])
      await queryRunner.dropTable(table);
  }
}

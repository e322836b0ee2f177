import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/**
 * Admit as an OpenID provider (src/oidc): oidc-provider's artifacts, the signing keys (private
 * part sealed) and the registered clients.
 */
export class OidcProvider1700000000010 implements MigrationInterface {
  name = "OidcProvider1700000000010";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "oidc_payloads",
        columns: [
          { ...c.key("kind", 40), isPrimary: true },
          { ...c.key("id", 128), isPrimary: true },
          c.text("payload"),
          c.key("grantId", 128, true),
          c.key("uid", 128, true),
          c.key("userCode", 128, true),
          c.datetime("expiresAt", true),
          c.datetime("consumedAt", true),
        ],
        indices: [
          { name: "IDX_oidc_payloads_grant", columnNames: ["grantId"] },
          { name: "IDX_oidc_payloads_uid", columnNames: ["uid"] },
          { name: "IDX_oidc_payloads_user_code", columnNames: ["userCode"] },
          { name: "IDX_oidc_payloads_expires", columnNames: ["expiresAt"] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "oidc_signing_keys",
        columns: [
          { ...c.key("kid", 64), isPrimary: true },
          c.str("alg", 16),
          c.text("publicJwk"),
          c.text("sealedPrivateJwk"),
          c.datetime("createdAt"),
          c.datetime("retiredAt", true),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "oidc_clients",
        columns: [
          { ...c.key("clientId", 64), isPrimary: true },
          c.str("name", 100),
          c.ref("organisationId", true),
          c.text("redirectUris"),
          c.str("secretHash", 64, true),
          { name: "isPublic", type: "boolean", default: false },
          c.str("tokenEndpointAuthMethod", 32),
          c.datetime("createdAt"),
        ],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("oidc_clients");
    await queryRunner.dropTable("oidc_signing_keys");
    await queryRunner.dropTable("oidc_payloads");
  }
}

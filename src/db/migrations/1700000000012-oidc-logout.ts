import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";
import { columnKit } from "./kit";

/**
 * Where a client may send the browser after RP-initiated logout (OpenID Connect RP-Initiated
 * Logout 1.0 §3: `post_logout_redirect_uri` must be registered). Existing clients have none.
 */
export class OidcLogout1700000000012 implements MigrationInterface {
  name = "OidcLogout1700000000012";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.addColumn("oidc_clients", new TableColumn(c.text("postLogoutRedirectUris", true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("oidc_clients", "postLogoutRedirectUris");
  }
}

import { MigrationInterface, QueryRunner, Table } from "typeorm";
import { columnKit } from "./kit";

/** Per-organisation mapping rules (src/mapping): SCIM attributes and groups → directory entries. */
export class Mapping1700000000002 implements MigrationInterface {
  name = "Mapping1700000000002";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: "mapping_rules",
        columns: [
          c.id(),
          c.ref("organisationId"),
          c.str("target", 32),
          c.str("sourceKind", 16),
          c.str("sourcePath", 255),
          c.text("valueMap"),
          c.str("unknownPolicy", 16),
          { name: "position", type: "int" },
          ...c.timestamps(),
        ],
        // Rules are always read per organisation in order; no uniqueness on position, ties
        // break by creation so concurrent appends never fail.
        indices: [{ name: "IDX_mapping_rules_org_position", columnNames: ["organisationId", "position"] }],
        foreignKeys: [c.foreignKey("organisationId", "organisations", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("mapping_rules");
  }
}

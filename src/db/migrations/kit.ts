import { QueryRunner, TableColumnOptions } from "typeorm";

/** Column builders that hide the one real difference: MySQL needs a binary collation on keys. */
export function columnKit(queryRunner: QueryRunner) {
  const mysql = queryRunner.connection.options.type === "mysql";
  // Key columns compare byte for byte: utf8mb4_unicode_ci would make "jose" and "josé" collide.
  const binary = mysql ? { charset: "utf8mb4", collation: "utf8mb4_bin" } : {};
  return {
    id: (): TableColumnOptions => ({ name: "id", type: "varchar", length: "36", isPrimary: true }),
    ref: (name: string, nullable = false, primary = false): TableColumnOptions => ({
      name,
      type: "varchar",
      length: "36",
      isNullable: nullable,
      isPrimary: primary,
    }),
    str: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: "varchar",
      length: String(length),
      isNullable: nullable,
    }),
    key: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: "varchar",
      length: String(length),
      isNullable: nullable,
      ...binary,
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: "text",
      isNullable: nullable,
    }),
    datetime: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: "datetime",
      precision: 3,
      isNullable: nullable,
    }),
    /** A foreign key to another table's id (RESTRICT unless told: a row in use cannot vanish). */
    foreignKey: (
      column: string,
      table: string,
      onDelete: "CASCADE" | "RESTRICT" | "SET NULL" = "RESTRICT",
    ) => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ["id"],
      onDelete,
    }),
    timestamps: (): TableColumnOptions[] => [
      { name: "createdAt", type: "datetime", precision: 3 },
      { name: "updatedAt", type: "datetime", precision: 3 },
    ],
  };
}

import { Column, Entity, PrimaryColumn } from "typeorm";
import { booleanTransformer, DATETIME, ID } from "./columns";

/**
 * Departments, job profiles and permission types: named per organisation, unique by a
 * normalized `nameKey` (lowercased, trimmed) so "Sales" and "sales " cannot both exist.
 */
abstract class NamedCatalogEntry {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 200 }) name!: string;
  @Column({ type: "varchar", length: 200 }) nameKey!: string;
  @Column({ type: "varchar", length: 255, nullable: true }) externalId!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

@Entity("departments")
export class Department extends NamedCatalogEntry {
  @Column({ ...ID, nullable: true }) parentId!: string | null;
}

@Entity("job_profiles")
export class JobProfile extends NamedCatalogEntry {}

@Entity("permission_types")
export class PermissionType extends NamedCatalogEntry {
  /** Users holding this permission type may use the administration console and admin API. */
  @Column({ type: "boolean", default: false, transformer: booleanTransformer }) consoleAccess!: boolean;
}

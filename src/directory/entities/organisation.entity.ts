import { Column, Entity, PrimaryColumn } from "typeorm";
import { DATETIME, ID } from "./columns";

@Entity("organisations")
export class Organisation {
  @PrimaryColumn(ID) id!: string;
  /** URL segment (/o/{slug}); lowercase, unique. */
  @Column({ type: "varchar", length: 63, unique: true }) slug!: string;
  @Column({ type: "varchar", length: 200 }) name!: string;
  @Column({ type: "varchar", length: 35 }) defaultLanguage!: string;
  /** Languages users of this organisation may have, as BCP 47 tags. */
  @Column({ type: "simple-json" }) languages!: string[];
  @Column({ ...ID, nullable: true }) defaultDepartmentId!: string | null;
  @Column({ ...ID, nullable: true }) defaultJobProfileId!: string | null;
  @Column({ ...ID, nullable: true }) defaultPermissionTypeId!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

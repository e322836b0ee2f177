import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;
const bool = {
  type: "boolean",
  // SQLite hands booleans back as 0/1.
  transformer: { to: (v: boolean) => v, from: (v: unknown) => Boolean(v) },
} as const;

/**
 * Self sign-up of one organisation (PRODUCT.md §4). One row per organisation, written on the
 * first change; until then sign-up is off. A null default means "the organisation's default";
 * deleting a department, job profile or permission type sets the column back to null.
 */
@Entity("signup_settings")
export class SignupSettingsRow {
  @PrimaryColumn(ID) organisationId!: string;
  @Column(bool) enabled!: boolean;
  /** People choose their department from `selectableDepartmentIds` (else the default one). */
  @Column(bool) userSelectsDepartment!: boolean;
  @Column({ type: "simple-json" }) selectableDepartmentIds!: string[];
  /** When not empty, only email addresses of these domains may sign up. */
  @Column({ type: "simple-json" }) allowedEmailDomains!: string[];
  @Column({ ...ID, nullable: true }) defaultDepartmentId!: string | null;
  @Column({ ...ID, nullable: true }) defaultJobProfileId!: string | null;
  @Column({ ...ID, nullable: true }) defaultPermissionTypeId!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

export const SIGNUP_ENTITIES = [SignupSettingsRow];

import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;

/** The SCIM attributes of a user that the directory does not model, and SCIM's own deletion mark. */
@Entity("scim_users")
export class ScimUserRecord {
  @PrimaryColumn(ID) userId!: string;
  @Column(ID) organisationId!: string;
  /** The canonical ScimUserInput minus password (JSON). */
  @Column({ type: "simple-json" }) profile!: Record<string, unknown>;
  /** Set by DELETE: gone from SCIM (404), kept in the LMS (deactivated). */
  @Column({ ...DATETIME, nullable: true }) deletedAt!: Date | null;
}

@Entity("scim_groups")
export class ScimGroup {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 255 }) displayName!: string;
  @Column({ type: "varchar", length: 255 }) displayNameKey!: string;
  @Column({ type: "varchar", length: 255, nullable: true }) externalId!: string | null;
  @Column({ type: "int", default: 1 }) version!: number;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

@Entity("scim_group_members")
export class ScimGroupMember {
  @PrimaryColumn(ID) groupId!: string;
  @PrimaryColumn(ID) userId!: string;
}

@Entity("provisioning_log")
export class ProvisioningLogEntry {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ ...ID, nullable: true }) tokenId!: string | null;
  @Column({ type: "varchar", length: 100, nullable: true }) tokenName!: string | null;
  @Column({ type: "varchar", length: 8 }) method!: string;
  @Column({ type: "varchar", length: 500 }) path!: string;
  @Column({ type: "int" }) status!: number;
  @Column({ type: "varchar", length: 32, nullable: true }) scimType!: string | null;
  @Column({ type: "int" }) durationMs!: number;
  @Column({ ...ID, nullable: true }) resourceId!: string | null;
  @Column({ type: "varchar", length: 1000, nullable: true }) summary!: string | null;
  @Column(DATETIME) createdAt!: Date;
}

export const SCIM_ENTITIES = [ScimUserRecord, ScimGroup, ScimGroupMember, ProvisioningLogEntry];

import { Column, Entity, PrimaryColumn } from "typeorm";
import { booleanTransformer, DATETIME, ID } from "./columns";

export const USER_STATUSES = ["pending", "active", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_SOURCES = ["scim", "sso", "signup", "manual", "import"] as const;
export type UserSource = (typeof USER_SOURCES)[number];

@Entity("users")
export class User {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 100 }) firstName!: string;
  @Column({ type: "varchar", length: 100 }) lastName!: string;
  @Column({ type: "varchar", length: 320, nullable: true }) email!: string | null;
  /** Lowercased email: the unique key that makes `Alice@x.com` and `alice@x.com` one user. */
  @Column({ type: "varchar", length: 320, nullable: true }) emailKey!: string | null;
  @Column({ type: "varchar", length: 100, nullable: true }) userName!: string | null;
  @Column({ type: "varchar", length: 100, nullable: true }) userNameKey!: string | null;
  /** E.164, e.g. +4512345678. */
  @Column({ type: "varchar", length: 20, nullable: true }) phone!: string | null;
  @Column({ type: "varchar", length: 35 }) language!: string;
  @Column(ID) jobProfileId!: string;
  @Column({ type: "varchar", length: 16 }) status!: UserStatus;
  @Column({ type: "varchar", length: 16 }) source!: UserSource;
  @Column({ type: "varchar", length: 255, nullable: true }) externalId!: string | null;
  /** Which identity provider owns this user and which fields it manages, if any. */
  @Column({ type: "simple-json", nullable: true }) managedBy!: { provider: string; fields: string[] } | null;
  @Column({ type: "varchar", length: 200, nullable: true }) passwordHash!: string | null;
  /** Set for one-time and generated passwords: the next login must choose a new one. */
  @Column({ type: "boolean", default: false, transformer: booleanTransformer }) passwordMustChange!: boolean;
  /** When a one-time password stops working (null: the password does not expire). */
  @Column({ ...DATETIME, nullable: true }) passwordExpiresAt!: Date | null;
  @Column({ ...DATETIME, nullable: true }) lastLoginAt!: Date | null;
  /** Bumped on every change; the SCIM ETag and optimistic concurrency use it. */
  @Column({ type: "int", default: 1 }) version!: number;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

@Entity("user_departments")
export class UserDepartment {
  @PrimaryColumn(ID) userId!: string;
  @PrimaryColumn(ID) departmentId!: string;
}

@Entity("user_permission_types")
export class UserPermissionType {
  @PrimaryColumn(ID) userId!: string;
  @PrimaryColumn(ID) permissionTypeId!: string;
}

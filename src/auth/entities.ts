import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;

export const ACCESS_TOKEN_KINDS = ["api_key", "scim"] as const;
export type AccessTokenKind = (typeof ACCESS_TOKEN_KINDS)[number];

/**
 * Bearer credentials of an organisation: admin API keys and SCIM tokens. Only an HMAC of
 * the token is stored; lookup is by that HMAC through a unique index, so no secret is ever
 * compared byte by byte in application code.
 */
@Entity("access_tokens")
export class AccessToken {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 16 }) kind!: AccessTokenKind;
  @Column({ type: "varchar", length: 100 }) name!: string;
  @Column({ type: "varchar", length: 64, unique: true }) tokenHash!: string;
  /** First characters of the token, to recognise it in lists without revealing it. */
  @Column({ type: "varchar", length: 16 }) prefix!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) lastUsedAt!: Date | null;
  @Column({ ...DATETIME, nullable: true }) revokedAt!: Date | null;
}

/** A browser login. The cookie carries the token; the table keeps its HMAC. */
@Entity("sessions")
export class Session {
  @PrimaryColumn(ID) id!: string;
  @Column({ type: "varchar", length: 64, unique: true }) tokenHash!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) userId!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) expiresAt!: Date;
  @Column({ ...DATETIME, nullable: true }) revokedAt!: Date | null;
}

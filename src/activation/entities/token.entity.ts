import { Column, Entity, PrimaryColumn } from "typeorm";
import { DATETIME, ID } from "./columns";

export const TOKEN_PURPOSES = ["activation", "password_reset"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * A link sent to a person (activation, password reset). Only an HMAC of the token is stored;
 * it works once (`usedAt`), until `expiresAt`, and not after a newer one replaced it (`revokedAt`).
 */
@Entity("activation_tokens")
export class ActivationToken {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) userId!: string;
  @Column({ type: "varchar", length: 32 }) purpose!: TokenPurpose;
  @Column({ type: "varchar", length: 64, unique: true }) tokenHash!: string;
  /** How the link left (email or sms), and its outbox message for the delivery status. */
  @Column({ type: "varchar", length: 8, nullable: true }) channel!: string | null;
  @Column({ ...ID, nullable: true }) deliveryId!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) expiresAt!: Date;
  @Column({ ...DATETIME, nullable: true }) usedAt!: Date | null;
  @Column({ ...DATETIME, nullable: true }) revokedAt!: Date | null;
}

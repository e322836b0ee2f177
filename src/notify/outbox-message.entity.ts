import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import type { Channel, DeliveryStatus } from "./types";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;

/** How a message left: the real transports, or the dev outbox (kept readable at /dev/outbox). */
export type Transport = "smtp" | "twilio" | "webhook" | "dev";

/**
 * One message of the transactional outbox. Everything that could carry a live token or a full
 * address (recipient, subject, bodies) is inside `payload`, sealed with AES-256-GCM and wiped
 * once a real transport accepted the message; the rest is what status pages may show.
 */
@Entity("outbox_messages")
@Index("IDX_outbox_messages_due", ["status", "nextAttemptAt"])
@Index("IDX_outbox_messages_user", ["organisationId", "userId", "createdAt"])
@Index("IDX_outbox_messages_claim", ["claimId"])
@Index("IDX_outbox_messages_created", ["createdAt"])
export class OutboxMessage {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ ...ID, nullable: true }) userId!: string | null;
  @Column({ type: "varchar", length: 8 }) channel!: Channel;
  @Column({ type: "varchar", length: 64 }) purpose!: string;
  /** a***@example.com / +45******78: enough to recognise, never enough to contact. */
  @Column({ type: "varchar", length: 320 }) recipientMasked!: string;
  /** Sealed JSON of the recipient and content (see sealed.ts); null once sent or failed. */
  @Column({ type: "text", nullable: true }) payload!: string | null;
  @Column({ type: "varchar", length: 16 }) status!: DeliveryStatus;
  @Column({ type: "int", default: 0 }) attempts!: number;
  /** Due time; a claim moves it to the end of the lease, so in-flight rows are simply not due. */
  @Column(DATETIME) nextAttemptAt!: Date;
  @Column({ ...DATETIME, nullable: true }) claimedUntil!: Date | null;
  /** Random per claim: a worker only ever completes the rows of its own, unexpired claim. */
  @Column({ ...ID, nullable: true }) claimId!: string | null;
  @Column({ type: "varchar", length: 1000, nullable: true }) lastError!: string | null;
  @Column({ type: "varchar", length: 16, nullable: true }) transport!: Transport | null;
  /** The provider's own id (SMTP Message-ID, Twilio SID), for support cases. */
  @Column({ type: "varchar", length: 255, nullable: true }) providerId!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) sentAt!: Date | null;
}

import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;

export type DeliveryStatus = "pending" | "delivered" | "failed";
export type SubjectType = "user" | "group";

/** Where an organisation wants directory changes POSTed, and which ones. */
@Entity("webhook_endpoints")
@Index("IDX_webhook_endpoints_org", ["organisationId", "createdAt"])
export class WebhookEndpoint {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 2048 }) url!: string;
  @Column({ type: "varchar", length: 500, nullable: true }) description!: string | null;
  /** Event types and wildcards (`user.*`, `group.*`, `*`); see event-types.ts. */
  @Column({ type: "simple-json" }) events!: string[];
  @Column({ type: "boolean", default: true }) enabled!: boolean;
  /**
   * The signing secret, sealed (AES-256-GCM under a key derived from APP_SECRET, the endpoint id
   * as associated data): it must be recoverable to sign, so it cannot be a hash.
   */
  @Column({ type: "text" }) sealedSecret!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

/**
 * One directory change as it will be sent: `body` is the exact JSON every endpoint receives (a
 * snapshot taken inside the transaction of the change), so a redelivery sends the same bytes.
 * A user event's id is the id of its `directory_events` row.
 */
@Entity("webhook_events")
@Index("IDX_webhook_events_occurred", ["occurredAt"])
export class WebhookEvent {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 40 }) type!: string;
  @Column({ type: "varchar", length: 8 }) subjectType!: SubjectType;
  @Column(ID) subjectId!: string;
  @Column({ type: "text" }) body!: string;
  @Column(DATETIME) occurredAt!: Date;
}

/**
 * One event for one endpoint: the outbox row of the webhook dispatcher. `seq` (auto-increment)
 * orders the deliveries of one subject on one endpoint: only the oldest pending one is ever
 * claimable (see queue.ts).
 */
@Entity("webhook_deliveries")
@Index("IDX_webhook_deliveries_id", ["id"], { unique: true })
@Index("IDX_webhook_deliveries_due", ["status", "nextAttemptAt"])
@Index("IDX_webhook_deliveries_chain", ["endpointId", "subjectId", "status", "seq"])
@Index("IDX_webhook_deliveries_log", ["endpointId", "createdAt"])
@Index("IDX_webhook_deliveries_claim", ["claimId"])
export class WebhookDelivery {
  /** Never read in code (bigint comes back as a string on MySQL); used in SQL only. */
  @PrimaryGeneratedColumn("increment", { type: "bigint" }) seq!: string;
  @Column(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) endpointId!: string;
  @Column(ID) eventId!: string;
  /** Copied from the event so the log filters without a join. */
  @Column({ type: "varchar", length: 40 }) eventType!: string;
  @Column(ID) subjectId!: string;
  @Column({ type: "varchar", length: 16 }) status!: DeliveryStatus;
  @Column({ type: "int", default: 0 }) attempts!: number;
  /** Due time; a claim moves it to the end of the lease, so in-flight rows are not due. */
  @Column(DATETIME) nextAttemptAt!: Date;
  @Column({ ...DATETIME, nullable: true }) claimedUntil!: Date | null;
  @Column({ ...ID, nullable: true }) claimId!: string | null;
  @Column({ type: "int", nullable: true }) responseStatus!: number | null;
  @Column({ type: "varchar", length: 1000, nullable: true }) lastError!: string | null;
  /** Set when this row is a redelivery requested through the admin API. */
  @Column({ ...ID, nullable: true }) redeliveryOf!: string | null;
  @Column(DATETIME) createdAt!: Date;
  /** When it was delivered or finally failed. */
  @Column({ ...DATETIME, nullable: true }) settledAt!: Date | null;
}

export const WEBHOOK_ENTITIES = [WebhookEndpoint, WebhookEvent, WebhookDelivery];

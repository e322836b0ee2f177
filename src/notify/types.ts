import type { EntityManager } from "typeorm";

/**
 * The contract between the modules that decide to send something (activation, sign-up, reset)
 * and the transactional outbox that delivers it. A message is enqueued with the caller's
 * transaction manager, so it is committed with the change that caused it, or not at all.
 */
export type Channel = "email" | "sms";

export interface OutgoingMessage {
  organisationId: string;
  /** The person it is for, when there is one (delivery status per user). */
  userId: string | null;
  channel: Channel;
  /** An email address or an E.164 phone number. */
  to: string;
  /** What it is for: "activation", "password_reset", "one_time_password", "signup_attempt", … */
  purpose: string;
  /** Email only. */
  subject?: string;
  /** The plain-text body (the SMS text for SMS). */
  text: string;
  /** Email only: already escaped/safe HTML. */
  html?: string;
  /** Email only: sender display name and reply-to of the organisation. */
  fromName?: string;
  replyTo?: string;
}

export type DeliveryStatus = "pending" | "sent" | "failed";

export interface DeliveryRecord {
  id: string;
  userId: string | null;
  purpose: string;
  channel: Channel;
  /** Masked recipient (a***@x.com, +45******78): status pages never show a full address. */
  to: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface Outbox {
  enqueue(tx: EntityManager, message: OutgoingMessage): Promise<string>;
  /** Delivery history of one user, newest first. */
  deliveriesFor(organisationId: string, userId: string): Promise<DeliveryRecord[]>;
}

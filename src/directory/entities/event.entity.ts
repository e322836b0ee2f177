import { Column, Entity, PrimaryColumn } from "typeorm";
import { DATETIME, ID } from "./columns";

export const DIRECTORY_EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.activated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
] as const;
export type DirectoryEventType = (typeof DIRECTORY_EVENT_TYPES)[number];

/**
 * A change to a user, written in the same transaction as the change itself (a transactional
 * outbox): activation messages and webhooks are derived from these rows, so a crash between the
 * commit and the send loses nothing. `processedAt` is for the consumer that claims it.
 */
@Entity("directory_events")
export class DirectoryEvent {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) userId!: string;
  @Column({ type: "varchar", length: 32 }) type!: DirectoryEventType;
  /** The channel that caused it: scim, sso, signup, manual, import, console… */
  @Column({ type: "varchar", length: 16 }) source!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) processedAt!: Date | null;
}

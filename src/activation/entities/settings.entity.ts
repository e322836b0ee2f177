import { Column, Entity, PrimaryColumn } from "typeorm";
import { booleanTransformer, DATETIME, ID } from "./columns";

/**
 * How an organisation talks to its users (PRODUCT.md §3). One row per organisation, written on
 * the first change; until then the defaults in settings.ts apply.
 */
@Entity("communication_settings")
export class CommunicationSettingsRow {
  @PrimaryColumn(ID) organisationId!: string;
  /** The user sources whose new pending users get an activation message at once. */
  @Column({ type: "simple-json" }) autoSendSources!: string[];
  /** The organisation's package includes SMS: users with a phone get SMS, even with an email. */
  @Column({ type: "boolean", default: false, transformer: booleanTransformer }) smsEnabled!: boolean;
  /** The sender's display name; null means the organisation's name. */
  @Column({ type: "varchar", length: 100, nullable: true }) senderName!: string | null;
  @Column({ type: "varchar", length: 320, nullable: true }) replyTo!: string | null;
  @Column({ type: "int" }) linkLifetimeHours!: number;
  @Column({ type: "int" }) oneTimePasswordLifetimeHours!: number;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

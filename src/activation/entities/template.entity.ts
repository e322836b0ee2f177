import { Column, Entity, PrimaryColumn } from "typeorm";
import { DATETIME, ID } from "./columns";

/** An organisation's own wording of one message in one language (the built-in default otherwise). */
@Entity("message_templates")
export class MessageTemplateRow {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 32 }) purpose!: string;
  @Column({ type: "varchar", length: 35 }) language!: string;
  @Column({ type: "varchar", length: 200 }) subject!: string;
  @Column({ type: "text" }) html!: string;
  @Column({ type: "text" }) text!: string;
  @Column({ type: "text" }) sms!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

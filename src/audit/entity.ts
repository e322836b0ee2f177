import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;

export const AUDIT_ACTOR_KINDS = ["user", "api_key", "operator", "system"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/**
 * One administrative change: who (a console user, an API key, a platform operator), what
 * (`action`, e.g. "user.create"), to what (`target*`) and when. Labels are copied at write time so
 * the log still reads correctly after the actor or target is renamed or deleted. Never a secret.
 */
@Entity("audit_events")
export class AuditEvent {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column(DATETIME) at!: Date;
  @Column({ type: "varchar", length: 16 }) actorKind!: AuditActorKind;
  @Column({ type: "varchar", length: 36, nullable: true }) actorId!: string | null;
  @Column({ type: "varchar", length: 200 }) actorLabel!: string;
  @Column({ type: "varchar", length: 64 }) action!: string;
  @Column({ type: "varchar", length: 32 }) targetType!: string;
  @Column({ type: "varchar", length: 36, nullable: true }) targetId!: string | null;
  @Column({ type: "varchar", length: 200 }) targetLabel!: string;
  @Column({ type: "varchar", length: 500 }) summary!: string;
}

import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import type { MappingTarget, RuleSource, UnknownPolicy } from "./types";

/**
 * A per-organisation mapping rule. The source is two columns (kind + path) rather than JSON so
 * an operator can read and query it; for group rules `sourcePath` holds the match field.
 */
@Entity("mapping_rules")
@Index("IDX_mapping_rules_org_position", ["organisationId", "position"])
export class MappingRule {
  @PrimaryColumn({ type: "varchar", length: 36 }) id!: string;
  @Column({ type: "varchar", length: 36 }) organisationId!: string;
  @Column({ type: "varchar", length: 32 }) target!: MappingTarget;
  @Column({ type: "varchar", length: 16 }) sourceKind!: RuleSource["kind"];
  @Column({ type: "varchar", length: 255 }) sourcePath!: string;
  @Column({ type: "simple-json" }) valueMap!: Record<string, string>;
  @Column({ type: "varchar", length: 16 }) unknownPolicy!: UnknownPolicy;
  @Column({ type: "int" }) position!: number;
  @Column({ type: "datetime", precision: 3 }) createdAt!: Date;
  @Column({ type: "datetime", precision: 3 }) updatedAt!: Date;
}
